import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { user } from "#db/schema";
import { hashPassword, verifyPassword } from "./password.server";

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

export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string }) {
  const db = getDb();
  const [row] = await db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, input.userId));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    return { ok: false as const, error: "Mật khẩu hiện tại không đúng." };
  }
  await db
    .update(user)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(user.id, input.userId));
  return { ok: true as const };
}
