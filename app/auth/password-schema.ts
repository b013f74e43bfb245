import { z } from "zod";

// Shared by the server actions and the forms' client-side validation, so this
// module must stay free of server-only imports.
export const PasswordSchema = z
  .string({ required_error: "Vui lòng nhập mật khẩu mới." })
  .min(8, "Mật khẩu phải có ít nhất 8 ký tự.")
  .max(200, "Mật khẩu quá dài.")
  .regex(/\p{L}/u, "Mật khẩu phải có ít nhất một chữ cái.")
  .regex(/\d/, "Mật khẩu phải có ít nhất một chữ số.");

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "Vui lòng nhập mật khẩu hiện tại." }),
    newPassword: PasswordSchema,
    confirmPassword: z.string({ required_error: "Vui lòng nhập lại mật khẩu mới." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "Mật khẩu nhập lại không khớp.",
  });
