import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { user } from "#db/schema";
import { refuse } from "~/forms/command";
import { hashPassword, verifyPassword } from "./password.server";
import { activeLock, clearFailures, lockMessage, recordFailure, throttleKeys } from "./throttle.server";

export { ChangePasswordSchema, PasswordSchema } from "./password-schema";

/**
 * Changes a password after checking the current one, under the login throttle of the account: a
 * session left open on a shared PC must not become a way to guess the password without limit.
 * A refusal names the current-password field, where the page shows it.
 */
export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; ip: string | null }) {
  const db = getDb();
  const keys = throttleKeys({ userId: input.userId }, input.ip);
  const lock = await activeLock(keys);
  if (lock.lockedUntil) return refuse(lockMessage(lock.lockedUntil), "currentPassword");
  const [row] = await db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, input.userId));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordFailure(keys);
    const after = await activeLock(keys);
    return refuse(after.lockedUntil ? lockMessage(after.lockedUntil) : "Mật khẩu hiện tại không đúng.", "currentPassword");
  }
  await clearFailures(keys[0]!);
  await db
    .update(user)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(user.id, input.userId));
  return { ok: true as const };
}
