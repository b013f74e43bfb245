import { z } from "zod";
import { IdField } from "~/utils/ids";
import { ANNUAL_RATING_CODES, FIRST_RATING_YEAR } from "./annual-ratings";
import { ATTENDANCE, MEETING_KINDS, RATING_CODES, type Criterion } from "./rules";
import { SheetFileField } from "~/forms/fields";

/** Form schemas of the meetings feature, browser-safe: the actions parse with them and the forms take their HTML constraints from them. */

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

/**
 * What keeps a visit from being saved on a given scoring sheet: points above a criterion's maximum,
 * and, to file it, a score for every criterion, the assessment and the rating.
 */
export function visitProblems(value: VisitValue, criteria: readonly Pick<Criterion, "key" | "maxPoints">[]) {
  const problems: { field: string; message: string }[] = [];
  for (const c of criteria) {
    const p = value.points[c.key];
    if (p !== undefined && p > c.maxPoints) problems.push({ field: `points.${c.key}`, message: `Tối đa ${c.maxPoints} điểm.` });
    if (p === undefined && value.intent === "file") problems.push({ field: `points.${c.key}`, message: "Chấm điểm tiêu chí này trước khi gửi báo cáo." });
  }
  if (value.intent === "file" && !value.assessment) problems.push({ field: "assessment", message: "Ghi đánh giá chất lượng sinh hoạt trước khi gửi báo cáo." });
  if (value.intent === "file" && !value.rating) problems.push({ field: "rating", message: "Quyết định xếp loại trước khi gửi báo cáo." });
  return problems;
}

/** The visit form on the sheet that applies to the cell: every problem shows on its field at once. */
export function visitSchemaFor(criteria: readonly Pick<Criterion, "key" | "maxPoints">[]) {
  return VisitSchema.superRefine((value, ctx) => {
    for (const p of visitProblems(value, criteria)) ctx.addIssue({ code: "custom", path: p.field.split("."), message: p.message });
  });
}

/** The old register's file (sổ sinh hoạt cũ). */
export const HistoryImportSchema = z.object({ intent: z.literal("upload"), file: SheetFileField });

// Only a tampered form sends these: one message tells the user what to do.
const STALE_FORM = "Dữ liệu gửi lên không hợp lệ. Hãy tải lại trang và lưu lại.";

/** The year's ratings set by hand, of cells (`cells`) or of a cell's members (`members`); "" clears one. No year after `lastYear`. */
export function annualRatingsSchema(lastYear: number) {
  return z.object({
    intent: z.enum(["cells", "members"]),
    year: z.coerce.number({ invalid_type_error: STALE_FORM }).int(STALE_FORM).min(FIRST_RATING_YEAR, STALE_FORM).max(lastYear, STALE_FORM),
    ratings: z
      .array(
        z.object({
          id: IdField,
          rating: z
            .union([z.literal("").transform(() => null), z.enum(ANNUAL_RATING_CODES, { errorMap: () => ({ message: STALE_FORM }) })])
            .default("")
            .transform((v) => v || null),
        }),
        { required_error: STALE_FORM },
      )
      .min(1, STALE_FORM)
      .max(1000, STALE_FORM),
  });
}

/** The ratings file of past years. */
export const RatingsImportSchema = z.object({ intent: z.literal("import"), file: SheetFileField });
