import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { user } from "#db/schema";
import { hashPassword, verifyPassword } from "./password.server";
import { activeLock, clearFailures, lockMessage, recordFailure, throttleKeys } from "./throttle.server";

export { ChangePasswordSchema, PasswordSchema } from "./password-schema";

/**
 * Changes a password after checking the current one, under the login throttle of the account: a
 * session left open on a shared PC must not become a way to guess the password without limit.
 */
export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; ip: string | null }) {
  const db = getDb();
  const keys = throttleKeys({ userId: input.userId }, input.ip);
  const lock = await activeLock(keys);
  if (lock.lockedUntil) return { ok: false as const, error: lockMessage(lock.lockedUntil) };
  const [row] = await db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, input.userId));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordFailure(keys);
    const after = await activeLock(keys);
    return { ok: false as const, error: after.lockedUntil ? lockMessage(after.lockedUntil) : "Mật khẩu hiện tại không đúng." };
  }
  await clearFailures(keys[0]!);
  await db
    .update(user)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(user.id, input.userId));
  return { ok: true as const };
}
