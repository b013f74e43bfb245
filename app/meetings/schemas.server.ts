import { z } from "zod";
import { IdField } from "~/utils/ids";
import { ATTENDANCE, MEETING_KINDS, RATING_CODES } from "./rules";

/** Form schemas of the meetings feature: server-side (they use the request helpers); the forms carry HTML constraints. */

function isCalendarDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // "2026-02-31" parses to 3 March: a real day prints back unchanged. Years outside 2000–2100 are typing errors here.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= "2000-01-01" && value <= "2100-12-31";
}

/** A calendar date "YYYY-MM-DD" (what `<input type="date">` sends). */
export const DateField = (label: string) =>
  z
    .string({ required_error: `Vui lòng chọn ${label}.` })
    .trim()
    .refine(isCalendarDate, `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ.`);

const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`).optional().default("");
const requiredText = (label: string, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .trim()
    .min(1, `Vui lòng nhập ${label}.`)
    .max(max, `Tối đa ${max} ký tự.`);

export const KindField = z.enum(Object.keys(MEETING_KINDS) as ["thuong_ky", "chuyen_de"], { errorMap: () => ({ message: "Chọn loại sinh hoạt." }) });
export const RatingField = z.enum(RATING_CODES, { errorMap: () => ({ message: "Chọn mức xếp loại." }) });

/** The meeting's key in a URL: ?ngay=YYYY-MM-DD&loai=thuong_ky. */
export const MeetingKeySchema = z.object({ ngay: DateField("ngày sinh hoạt"), loai: KindField.default("thuong_ky") });

export const ScheduleSchema = z.object({
  intent: z.literal("schedule"),
  dayOfMonth: z.coerce
    .number({ invalid_type_error: "Ngày sinh hoạt là một số từ 1 đến 31." })
    .int("Ngày sinh hoạt là một số nguyên.")
    .min(1, "Ngày sinh hoạt từ 1 đến 31.")
    .max(31, "Ngày sinh hoạt từ 1 đến 31."),
  startsAt: z
    .string({ required_error: "Nhập giờ sinh hoạt." })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Giờ dạng HH:MM, ví dụ 14:00."),
  place: requiredText("địa điểm", 200),
  validFrom: DateField("ngày áp dụng"),
});

export const PostponeSchema = z
  .object({
    intent: z.literal("postpone"),
    scheduledOn: DateField("kỳ sinh hoạt"),
    reason: requiredText("lý do hoãn", 500),
    postponedTo: DateField("ngày sinh hoạt mới"),
  })
  .refine((v) => v.postponedTo > v.scheduledOn, { path: ["postponedTo"], message: "Ngày sinh hoạt mới phải sau ngày theo lịch." });

const AttendanceRowSchema = z
  .object({
    personId: IdField,
    status: z.enum(Object.keys(ATTENDANCE) as ["present", "excused", "unexcused"], { errorMap: () => ({ message: "Chọn có mặt hoặc vắng." }) }),
    reason: text(300),
  })
  .refine((r) => r.status !== "excused" || r.reason.length > 0, { path: ["reason"], message: "Ghi lý do vắng." });

const TaskRowSchema = z.object({
  task: text(1000),
  ownerPersonId: z
    .union([z.literal(""), IdField])
    .optional()
    .default(""),
  deadlineOn: z
    .union([z.literal(""), DateField("thời hạn")])
    .optional()
    .default(""),
});

/** The meeting record. Task rows left blank (the form offers spare rows) are dropped. */
export const RecordSchema = z
  .object({
    intent: z.literal("record"),
    heldOn: DateField("ngày họp"),
    topic: text(300),
    summary: requiredText("nội dung chính", 20_000),
    minutesAdopted: z.literal("on").optional(),
    attendance: z
      .array(AttendanceRowSchema, { required_error: "Chi bộ chưa có đảng viên để điểm danh." })
      .min(1, "Chi bộ chưa có đảng viên để điểm danh.")
      .max(500),
    tasks: z
      .array(TaskRowSchema)
      .max(50, "Tối đa 50 nhiệm vụ.")
      .optional()
      .default([])
      .transform((rows) => rows.filter((r) => r.task || r.ownerPersonId || r.deadlineOn)),
  })
  .superRefine((v, ctx) => {
    v.tasks.forEach((t, i) => {
      if (!t.task) ctx.addIssue({ code: "custom", path: ["tasks", i, "task"], message: "Ghi nội dung nhiệm vụ." });
    });
    if (new Set(v.attendance.map((a) => a.personId)).size !== v.attendance.length) {
      ctx.addIssue({ code: "custom", path: ["attendance"], message: "Mỗi đảng viên chỉ điểm danh một lần." });
    }
  });
export type RecordValue = z.infer<typeof RecordSchema>;

export const SelfAssessmentSchema = z.object({
  intent: z.literal("self"),
  rating: RatingField,
  remarks: text(2000),
});

export const AssignmentSchema = z
  .object({
    intent: z.literal("assign"),
    assignedByUnitId: IdField,
    memberCode: requiredText("mã đảng viên", 40),
    cellId: IdField,
    startsOn: DateField("ngày bắt đầu"),
    endsOn: DateField("ngày kết thúc"),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "Ngày kết thúc phải từ ngày bắt đầu trở đi." });

export const EndAssignmentSchema = z.object({ intent: z.literal("end"), assignmentId: IdField });

/** Points of one criterion: blank is "not scored yet"; "17,5" is read the Vietnamese way. */
const PointsField = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().replace(",", ".")) : v),
  z.coerce.number({ invalid_type_error: "Điểm phải là số." }).min(0, "Điểm không âm.").max(100, "Điểm quá lớn.").optional(),
);

/** The §III.4(3) report and the score; `file` sends it, `save` keeps a draft only the attendee sees. */
export const VisitSchema = z.object({
  intent: z.enum(["save", "file"]),
  situation: text(5000),
  conduct: text(5000),
  discussed: text(5000),
  reportedUp: text(5000),
  assessment: text(5000),
  points: z
    .record(z.string().max(40), PointsField)
    .optional()
    .default({})
    .transform((p) => Object.fromEntries(Object.entries(p).filter((e): e is [string, number] => e[1] !== undefined))),
  // A draft may leave the rating open; filing needs it (saveVisit).
  rating: z.union([z.literal("").transform(() => undefined), RatingField]).optional(),
  remarks: text(5000),
});
export type VisitValue = z.infer<typeof VisitSchema>;
