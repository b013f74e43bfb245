import { eq, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { person, user } from "#db/schema";
import { formatDateTime } from "~/utils/format";
import { normalizePhone } from "~/utils/phone";
import { verifyPassword } from "./password.server";
import { activeLock, clearFailures, delayFor, recordFailure, throttleKeys } from "./throttle.server";

export const WRONG_CREDENTIALS = "Tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu không đúng.";

export { normalizePhone };

function lockMessage(until: Date) {
  return `Đăng nhập tạm bị khóa do nhập sai nhiều lần. Vui lòng thử lại sau ${formatDateTime(until)}.`;
}

type LoginResult = { ok: true; userId: string } | { ok: false; error: string };

/**
 * Checks a login (username or phone) and password, honouring the throttle.
 * The message never says which of the two was wrong.
 */
export async function authenticate(input: { login: string; password: string; ip: string | null }): Promise<LoginResult> {
  const keys = throttleKeys(input.login, input.ip);
  const lock = await activeLock(keys);
  if (lock.lockedUntil) return { ok: false, error: lockMessage(lock.lockedUntil) };

  const login = input.login.trim();
  const phone = normalizePhone(login);
  const [found] = await getDb()
    .select({ id: user.id, passwordHash: user.passwordHash, disabledAt: user.disabledAt })
    .from(user)
    .leftJoin(person, eq(person.id, user.personId))
    .where(or(eq(sql`lower(${user.username})`, login.toLowerCase()), phone.length >= 9 ? eq(person.phone, phone) : sql`false`))
    .limit(1);

  const valid = found && !found.disabledAt ? await verifyPassword(found.passwordHash, input.password) : false;
  if (found && valid) {
    await clearFailures(keys[0]!);
    return { ok: true, userId: found.id };
  }
  await recordFailure(keys);
  const delay = delayFor(lock.failures + 1);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const after = await activeLock(keys);
  if (after.lockedUntil) return { ok: false, error: lockMessage(after.lockedUntil) };
  return { ok: false, error: WRONG_CREDENTIALS };
}

/** The client's address, set by server.ts from the socket (or the trusted proxy). */
export function clientIp(request: Request) {
  return request.headers.get("X-Client-Ip");
}
