import { inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { loginThrottle } from "#db/schema";
import { env } from "~/env.server";
import { formatDateTime } from "~/utils/format";

/** Login throttling rules: failures within the window count; past a limit, lock. */
export const THROTTLE = {
  windowMinutes: 15,
  accountLimit: 5,
  ipLimit: 20,
  lockMinutes: 15,
  /** Extra delay per failure past the second, so guessing slows down before the lock. */
  get delayStepMs() {
    return env().LOGIN_DELAY_STEP_MS;
  },
  maxDelayMs: 2000,
};

/**
 * The keys a login attempt counts against: the account it names (`u:<userId>`, however it was
 * spelled) or, for a name that matches no account, the normalised text (`l:<text>`); and the
 * client address. The account key comes first.
 */
export function throttleKeys(account: { userId: string } | { login: string }, ip: string | null) {
  const keys = ["userId" in account ? `u:${account.userId}` : `l:${account.login}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

function isAddressKey(key: string) {
  return key.startsWith("ip:");
}

/** The latest lock among `keys`, if any is locked now. */
export async function activeLock(keys: string[], now = new Date()) {
  const rows = await getDb()
    .select({ key: loginThrottle.key, lockedUntil: loginThrottle.lockedUntil, failures: loginThrottle.failures, lastFailureAt: loginThrottle.lastFailureAt })
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, keys));
  let lockedUntil: Date | null = null;
  let failures = 0;
  const windowStart = now.getTime() - THROTTLE.windowMinutes * 60_000;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now && (!lockedUntil || row.lockedUntil > lockedUntil)) {
      lockedUntil = row.lockedUntil;
    }
    if (!isAddressKey(row.key) && row.lastFailureAt.getTime() >= windowStart) failures = row.failures;
  }
  return { lockedUntil, failures };
}

/** Counts a failure on each key (one statement each, safe across app servers). */
export async function recordFailure(keys: string[], now = new Date()) {
  const db = getDb();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMinutes * 60_000);
  for (const key of keys) {
    const limit = isAddressKey(key) ? THROTTLE.ipLimit : THROTTLE.accountLimit;
    // A failure after the window starts a new count.
    // Raw SQL gets ISO strings: postgres.js does not serialise Date parameters there.
    const next = sql`case when ${loginThrottle.lastFailureAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`;
    await db
      .insert(loginThrottle)
      .values({ key, failures: 1, lastFailureAt: now, lockedUntil: limit <= 1 ? lockUntil : null })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: next,
          lastFailureAt: now,
          lockedUntil: sql`case when (${next}) >= ${limit} then ${lockUntil.toISOString()}::timestamptz else ${loginThrottle.lockedUntil} end`,
        },
      });
  }
}

export async function clearFailures(key: string) {
  await getDb()
    .delete(loginThrottle)
    .where(inArray(loginThrottle.key, [key]));
}

/** The pause after the `failures`-th failure in a row (tests run with a step of 0). */
export function delayFor(failures: number, stepMs = THROTTLE.delayStepMs) {
  return Math.min(THROTTLE.maxDelayMs, Math.max(0, failures - 2) * stepMs);
}

/** What a locked account is told: until when (the same words on every path that checks a password). */
export function lockMessage(until: Date) {
  return `Đăng nhập tạm bị khóa do nhập sai nhiều lần. Vui lòng thử lại sau ${formatDateTime(until)}.`;
}
