import { z } from "zod";
import { ANSWER_MODE_CODES, CONTEST_LEVELS, ROUND_KIND_CODES } from "./vocabulary";

const requiredText = (label: string, max = 300) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .trim()
    .min(1, `Vui lòng nhập ${label}.`)
    .max(max, `${label} quá dài.`);
const isoDate = (label: string) => z.string({ required_error: `Vui lòng chọn ${label}.` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label} không hợp lệ.`);
const points = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label} phải là số.` })
    .positive(`${label} phải lớn hơn 0.`)
    .max(10000, `${label} quá lớn.`);

/** "Giải Nhất: 1" per line. */
const PrizeLinesSchema = z
  .string()
  .optional()
  .default("")
  .transform((text, ctx) => {
    const tiers: { label: string; count: number }[] = [];
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const match = /^(.+?)\s*:\s*(\d+)\s*$/.exec(line.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: `Dòng ${i + 1} của cơ cấu giải phải có dạng "Giải Nhất: 1".` });
        return z.NEVER;
      }
      tiers.push({ label: match[1]!, count: Number(match[2]) });
    }
    return tiers;
  });

export const ContestSchema = z
  .object({
    name: requiredText("tên hội thi"),
    level: z.enum(Object.keys(CONTEST_LEVELS) as ["co_so", "khoi"], {
      required_error: "Vui lòng chọn cấp hội thi.",
      invalid_type_error: "Cấp hội thi không hợp lệ.",
    }),
    unitId: z.coerce
      .number({ required_error: "Vui lòng chọn đơn vị tổ chức.", invalid_type_error: "Vui lòng chọn đơn vị tổ chức." })
      .int()
      .positive("Vui lòng chọn đơn vị tổ chức."),
    startsOn: isoDate("ngày bắt đầu"),
    endsOn: isoDate("ngày kết thúc"),
    rules: z.string().max(20000, "Thể lệ quá dài.").optional().default(""),
    prizes: PrizeLinesSchema,
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: "Ngày kết thúc phải sau ngày bắt đầu.", path: ["endsOn"] });

export const RoundSchema = z.object({
  kind: z.enum(ROUND_KIND_CODES, { required_error: "Vui lòng chọn loại vòng thi.", invalid_type_error: "Loại vòng thi không hợp lệ." }),
  name: requiredText("tên vòng thi"),
  maxPoints: points("Điểm tối đa"),
  weight: z.coerce.number({ invalid_type_error: "Hệ số phải là số." }).min(0, "Hệ số không được âm.").max(100, "Hệ số quá lớn."),
  dropExtremesFrom: z.coerce
    .number({ invalid_type_error: "Số giám khảo phải là số." })
    .int()
    .min(3, "Cần ít nhất 3 giám khảo để bỏ điểm cao nhất và thấp nhất.")
    .max(50)
    .optional(),
  speedBonus: z.coerce.number({ invalid_type_error: "Điểm tốc độ phải là số." }).min(0, "Điểm tốc độ không được âm.").max(1000).optional().default(0),
  timeLimitMinutes: z.coerce
    .number({ invalid_type_error: "Thời gian làm bài phải là số." })
    .int()
    .min(1, "Thời gian làm bài ít nhất 1 phút.")
    .max(600)
    .optional(),
  answerMode: z.enum(ANSWER_MODE_CODES, { invalid_type_error: "Hình thức trả lời không hợp lệ." }).optional().default("trinh_bay"),
});

export const CriterionSchema = z.object({
  label: requiredText("tên tiêu chí"),
  maxPoints: points("Điểm tối đa của tiêu chí"),
});

export const ReasonSchema = requiredText("lý do", 1000);

/** A row id from a form: ids beyond int4 would make PostgreSQL fail (a 500), so they are refused here. */
export const SituationSchema = z.object({
  title: requiredText("tiêu đề tình huống"),
  body: requiredText("nội dung tình huống", 10000),
});

export const ANSWER_MAX_CHARS = 20000;
/** The written answer: may be empty while drafting; long answers are refused with the limit stated. */
export const AnswerSchema = z.string().max(ANSWER_MAX_CHARS, "Bài làm quá dài (tối đa 20.000 ký tự).").optional().default("");
