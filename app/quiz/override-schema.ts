import { z } from "zod";

/** The organiser's override form (shared by client validation and the server). */
export const OverrideSchema = z
  .object({
    learner: z
      .string({ required_error: "Vui lòng nhập tên đăng nhập hoặc mã đảng viên." })
      .trim()
      .min(2, "Vui lòng nhập tên đăng nhập hoặc mã đảng viên.")
      .max(60, "Quá dài."),
    quizKey: z.string({ required_error: "Vui lòng chọn bài kiểm tra." }).regex(/^(module:[a-z0-9-]+|final:[A-Za-z0-9]+)$/, "Bài kiểm tra không hợp lệ."),
    extraMinutes: z.coerce
      .number({ invalid_type_error: "Số phút phải là số." })
      .int("Số phút phải là số nguyên.")
      .min(0, "Không được âm.")
      .max(240, "Tối đa 240 phút.")
      .default(0),
    extraAttempts: z.coerce
      .number({ invalid_type_error: "Số lần phải là số." })
      .int("Số lần phải là số nguyên.")
      .min(0, "Không được âm.")
      .max(5, "Tối đa 5 lần.")
      .default(0),
    reason: z.string({ required_error: "Vui lòng ghi lý do." }).trim().min(5, "Lý do cần ít nhất 5 ký tự.").max(500, "Lý do tối đa 500 ký tự."),
  })
  .refine((v) => v.extraMinutes > 0 || v.extraAttempts > 0, { path: ["extraMinutes"], message: "Cần thêm thời gian hoặc thêm lượt làm bài." });
