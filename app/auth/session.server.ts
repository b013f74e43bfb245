import { isHttps } from "~/http/security-headers.server";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { redirect } from "@remix-run/node";
import { eq, sql, type SQL } from "drizzle-orm";
import { Cookie, Lucia, TimeSpan } from "lucia";
import { z } from "zod";
import { getDb, rowsOf, type Db } from "#db/client.server";
import { roleGrant, session, unit, user } from "#db/schema";
import { oncePerRequest } from "~/http/request-scope.server";
import type { Role } from "~/auth/roles";
import type { SessionUser } from "./permissions";

const SESSION_COOKIE = "phien";
const SESSION_DAYS = 14;

/** All of lucia stays in this module (lucia v3 is no longer developed upstream). */
function createLucia(db: Db) {
  return new Lucia(new DrizzlePostgreSQLAdapter(db, session, user), {
    sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
    // lucia reads the cookie by this name; cookieFor() below writes it (Secure and lifetime per request).
    sessionCookie: { name: SESSION_COOKIE, attributes: { sameSite: "lax" } },
    getUserAttributes: (attributes) => ({
      username: attributes.username,
      displayName: attributes.displayName,
      personId: attributes.personId,
      disabledAt: attributes.disabledAt,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      username: string;
      displayName: string;
      personId: number | null;
      disabledAt: Date | null;
    };
  }
}

const cache = new WeakMap<Db, ReturnType<typeof createLucia>>();
function lucia() {
  const db = getDb();
  let instance = cache.get(db);
  if (!instance) {
    instance = createLucia(db);
    cache.set(db, instance);
  }
  return instance;
}

export async function loadGrants(userId: string) {
  return grantsWhere(eq(roleGrant.userId, userId));
}

async function grantsWhere(condition: SQL) {
  const rows = await getDb()
    .select({ role: roleGrant.role, unitId: roleGrant.unitId, unitPath: unit.path, unitName: unit.name })
    .from(roleGrant)
    .innerJoin(unit, eq(unit.id, roleGrant.unitId))
    .where(condition);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/**
 * The signed-in user with their grants, or null. Read once per HTTP request: the root loader and the
 * page's permission check share it (app/http/request-scope.server.ts). An action and the loaders
 * that run after it in the same request (a form posted without JavaScript) read it apart, since the
 * action may have changed it.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = readSessionId(request.headers.get("Cookie"));
  if (!sessionId) return Promise.resolve(null);
  const reading = request.method === "GET" || request.method === "HEAD" ? "read" : "write";
  return oncePerRequest(request, `session-user:${reading}:${sessionId}`, () => readSessionUser(sessionId));
}

/** The session id carried by a Cookie header, not yet validated (the autosave endpoint validates it in SQL). */
export function readSessionId(cookieHeader: string | null | undefined) {
  return lucia().readSessionCookie(cookieHeader ?? "");
}

const SessionRowSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  personId: z.number().nullable(),
  disabled: z.boolean(),
  expiresMs: z.number(),
  grants: z.array(z.object({ role: z.string(), unitId: z.number(), unitPath: z.string(), unitName: z.string() })),
});

/**
 * The session, its user and the user's grants in one statement: every page pays this. A session in
 * the second half of its life (or past it) goes through lucia, which extends (or deletes) it.
 */
async function readSessionUser(sessionId: string): Promise<SessionUser | null> {
  const [row] = rowsOf(
    await getDb().execute(sql`
      select u.id as "userId", u.username, u.display_name as "displayName", u.person_id as "personId", u.disabled_at is not null as disabled,
        (extract(epoch from s.expires_at) * 1000)::float8 as "expiresMs",
        coalesce((select json_agg(json_build_object('role', g.role, 'unitId', g.unit_id, 'unitPath', gu.path, 'unitName', gu.name) order by g.unit_id, g.role)
          from role_grant g join unit gu on gu.id = g.unit_id where g.user_id = u.id), '[]'::json) as grants
      from session s join "user" u on u.id = s.user_id
      where s.id = ${sessionId}`),
    SessionRowSchema,
  );
  if (!row) return null;
  if (row.expiresMs - (SESSION_DAYS * 24 * 3600 * 1000) / 2 <= Date.now()) {
    const result = await lucia().validateSession(sessionId);
    if (!result.user) return null;
  }
  if (row.disabled) return null;
  return {
    id: row.userId,
    username: row.username,
    displayName: row.displayName,
    personId: row.personId,
    grants: row.grants.map((g) => ({ ...g, role: g.role as Role })),
  };
}

/**
 * Only the signed-in user's id (one query, no grants): for hot paths whose own
 * statement already scopes to the user, e.g. autosaving an answer.
 */
export async function requireUserId(request: Request): Promise<string> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  const result = sessionId ? await lucia().validateSession(sessionId) : null;
  if (result?.user && !result.user.disabledAt) return result.user.id;
  const url = new URL(request.url);
  throw redirect(`/dang-nhap?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const sessionUser = await getSessionUser(request);
  if (sessionUser) return sessionUser;
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(`/dang-nhap?${new URLSearchParams({ redirectTo })}`);
}

/**
 * A cookie of ours as the request allows: Secure over https only (a Secure cookie sent over
 * plain http, e.g. a demo on a LAN, is dropped by the browser and the login silently fails);
 * without Max-Age or Expires, so it ends with the browser session (office PCs are shared).
 */
function cookieFor(request: Request, name: string, value: string, maxAge?: number) {
  return new Cookie(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: isHttps(request), maxAge }).serialize();
}

/** A Set-Cookie header for a new session of `userId`; the session's lifetime is kept on the server. */
export async function createSessionCookie(userId: string, request: Request) {
  const created = await lucia().createSession(userId, {});
  return cookieFor(request, SESSION_COOKIE, created.id);
}

/** Ends the request's session; returns the Set-Cookie header that clears it. */
export async function destroySession(request: Request) {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia().invalidateSession(sessionId);
  return cookieFor(request, SESSION_COOKIE, "", 0);
}

const COOKIE_CHECK = "kiem-tra-cookie";

/**
 * A harmless cookie set by the login page, with the session cookie's attributes: when a login
 * arrives without it, the browser would drop the session cookie too, and the page says so.
 */
export function cookieCheckHeader(request: Request) {
  return cookieFor(request, COOKIE_CHECK, "1");
}

export function hasCookieCheck(request: Request) {
  return readCookie(request, COOKIE_CHECK) === "1";
}

function readCookie(request: Request, name: string) {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

/** Ends every session of a user except, optionally, the current one. */
export async function invalidateOtherSessions(userId: string, request?: Request) {
  const keep = request ? lucia().readSessionCookie(request.headers.get("Cookie") ?? "") : null;
  const sessions = await lucia().getUserSessions(userId);
  await Promise.all(sessions.filter((s) => s.id !== keep).map((s) => lucia().invalidateSession(s.id)));
}
