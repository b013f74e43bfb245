import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { user } from "#db/schema";
import { hashPassword, verifyPassword } from "./password.server";

export { ChangePasswordSchema, PasswordSchema } from "./password-schema";

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
