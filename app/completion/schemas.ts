import { z } from "zod";
import { DEFAULT_POSITION_TRACKS, TRACK_CODES } from "./rules";

/** Form schemas of the completion feature (shared by the forms and the server). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TARGET_POSITIONS = Object.keys(DEFAULT_POSITION_TRACKS) as [keyof typeof DEFAULT_POSITION_TRACKS, ...(keyof typeof DEFAULT_POSITION_TRACKS)[]];

/** The campaign form: one "track of position X" field per position ('' = not targeted). */
export const CampaignSchema = z
  .object({
    name: z.string({ required_error: "Nhập tên chiến dịch." }).trim().min(3, "Tên chiến dịch quá ngắn.").max(200),
    legalBasis: z.string({ required_error: "Nhập căn cứ (văn bản)." }).trim().min(3, "Căn cứ quá ngắn.").max(300),
    organisingUnitId: z.coerce.number({ invalid_type_error: "Chọn đơn vị tổ chức." }).int().positive("Chọn đơn vị tổ chức."),
    targetPercent: z.coerce
      .number({ invalid_type_error: "Chỉ tiêu là một số từ 1 đến 100." })
      .int("Chỉ tiêu là một số nguyên.")
      .min(1, "Chỉ tiêu ít nhất 1%.")
      .max(100, "Chỉ tiêu nhiều nhất 100%."),
    startsOn: z.string({ required_error: "Chọn ngày bắt đầu." }).regex(DATE, "Ngày không hợp lệ."),
    deadlineOn: z.string({ required_error: "Chọn hạn hoàn thành." }).regex(DATE, "Ngày không hợp lệ."),
    acceptOnline: z.literal("on").optional(),
    acceptInPerson: z.literal("on").optional(),
    positions: z
      .array(z.string().optional())
      .default([])
      .transform((list) => list.filter((p): p is string => !!p)),
  })
  .superRefine((value, ctx) => {
    if (value.deadlineOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["deadlineOn"], message: "Hạn hoàn thành phải sau ngày bắt đầu." });
    if (!value.acceptOnline && !value.acceptInPerson)
      ctx.addIssue({ code: "custom", path: ["acceptOnline"], message: "Chọn ít nhất một hình thức được tính là đã tập huấn." });
    const parsed = value.positions.map((p) => PositionTrackSchema.safeParse(p));
    if (parsed.some((p) => !p.success)) ctx.addIssue({ code: "custom", path: ["positions"], message: "Chức vụ hoặc chương trình không hợp lệ." });
    else if (new Set(value.positions.map((p) => p.split(":")[0])).size !== value.positions.length)
      ctx.addIssue({ code: "custom", path: ["positions"], message: "Mỗi chức vụ chỉ chọn một chương trình." });
    else if (!value.positions.length) ctx.addIssue({ code: "custom", path: ["positions"], message: "Chọn ít nhất một chức vụ đối tượng." });
  });

/** "bi_thu_chi_bo:B" → position and track. */
const PositionTrackSchema = z
  .string()
  .transform((s) => s.split(":"))
  .pipe(z.tuple([z.enum(TARGET_POSITIONS), z.enum(TRACK_CODES)]));

export type CampaignInput = z.infer<typeof CampaignSchema>;

export const ClassSchema = z
  .object({
    name: z.string({ required_error: "Nhập tên lớp." }).trim().min(3, "Tên lớp quá ngắn.").max(200),
    track: z.enum(TRACK_CODES, { errorMap: () => ({ message: "Chọn chương trình." }) }),
    unitId: z.coerce.number({ invalid_type_error: "Chọn đơn vị tổ chức." }).int().positive("Chọn đơn vị tổ chức."),
    startsOn: z.string({ required_error: "Chọn ngày khai giảng." }).regex(DATE, "Ngày không hợp lệ."),
    endsOn: z.string({ required_error: "Chọn ngày bế giảng." }).regex(DATE, "Ngày không hợp lệ."),
    place: z.string({ required_error: "Nhập địa điểm." }).trim().min(2).max(200),
    lecturers: z.string({ required_error: "Nhập giảng viên." }).trim().min(2).max(500),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "Ngày bế giảng phải từ ngày khai giảng trở đi." });
export type ClassInput = z.infer<typeof ClassSchema>;
