import { eq, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { person, user } from "#db/schema";
import { refuse, type CommandResult } from "~/forms/command";
import { normalizePhone } from "~/utils/phone";
import { verifyNoPassword, verifyPassword } from "./password.server";
import { activeLock, clearFailures, delayFor, recordFailure, throttleKeys, lockMessage } from "./throttle.server";

export const WRONG_CREDENTIALS = "Tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu không đúng.";

export { normalizePhone };

type LoginResult = CommandResult<{ userId: string }>;

/** A login that is written like a phone number (digits, spaces, + . - and brackets), normalised; else null. */
function phoneOf(login: string) {
  if (!/^[\d\s+().-]+$/.test(login)) return null;
  const phone = normalizePhone(login);
  return phone.length >= 9 ? phone : null;
}

/** The account a login names, by username (any case) or phone number (any spelling). */
async function findAccount(login: string, phone: string | null) {
  const byUsername = eq(sql`lower(${user.username})`, login.toLowerCase());
  const [found] = await getDb()
    .select({ id: user.id, passwordHash: user.passwordHash, disabledAt: user.disabledAt })
    .from(user)
    .leftJoin(person, eq(person.id, user.personId))
    .where(phone ? or(byUsername, eq(person.phone, phone)) : byUsername)
    // A username that looks like someone's phone number names its own account.
    .orderBy(sql`${byUsername} desc`, user.id)
    .limit(1);
  return found ?? null;
}

/**
 * Checks a login (username or phone) and password, honouring the throttle.
 * The account is resolved first, so the lock holds however its name or number is spelled;
 * an unknown or disabled account costs one password check too, so the time taken does not
 * tell whether it exists. The message never says which of the two was wrong.
 */
export async function authenticate(input: { login: string; password: string; ip: string | null }): Promise<LoginResult> {
  const login = input.login.trim();
  const phone = phoneOf(login);
  const found = await findAccount(login, phone);
  const keys = throttleKeys(found ? { userId: found.id } : { login: phone ?? login.toLowerCase() }, input.ip);
  const lock = await activeLock(keys);
  if (lock.lockedUntil) return refuse(lockMessage(lock.lockedUntil));

  const valid = found && !found.disabledAt ? await verifyPassword(found.passwordHash, input.password) : await verifyNoPassword(input.password);
  if (found && valid) {
    await clearFailures(keys[0]!);
    return { ok: true, userId: found.id };
  }
  await recordFailure(keys);
  const delay = delayFor(lock.failures + 1);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const after = await activeLock(keys);
  if (after.lockedUntil) return refuse(lockMessage(after.lockedUntil));
  return refuse(WRONG_CREDENTIALS);
}

/** The client's address, set by server.ts from the socket (or the trusted proxy). */
export function clientIp(request: Request) {
  return request.headers.get("X-Client-Ip");
}
