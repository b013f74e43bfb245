import { z } from "zod";
import * as argon2 from "@node-rs/argon2";
import { eq, like, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { rowsOf } from "#db/client.server";
import { DEMO_PASSWORD } from "#db/seed/accounts";
import { loginThrottle, session, user } from "#db/schema";
import { getSessionUser } from "~/auth/session.server";
import { THROTTLE } from "~/auth/throttle.server";
import * as loginRoute from "~/routes/dang-nhap";
import * as logoutRoute from "~/routes/dang-xuat";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

// Spy on argon2's verify (a library, not our database) to count password checks without timing.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

/** The cookie the login page sets and the login expects back (a browser that accepts cookies). */
const COOKIE_CHECK = "kiem-tra-cookie=1";
const LOCKED = /tạm bị khóa.*thử lại sau \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/;

function loginRequest(form: Record<string, string>, options: { ip?: string; cookie?: string | null; base?: string } = {}) {
  const cookie = options.cookie === undefined ? COOKIE_CHECK : options.cookie;
  const request = postRequest("/dang-nhap", { redirectTo: "/", ...form }, cookie ?? undefined);
  const headers = new Headers(request.headers);
  if (options.ip) headers.set("X-Client-Ip", options.ip);
  return new Request(`${options.base ?? "http://localhost"}/dang-nhap`, { method: "POST", headers, body: request.body, duplex: "half" } as RequestInit);
}

async function submitLogin(form: Record<string, string>, options?: Parameters<typeof loginRequest>[1]) {
  return settle(() => loginRoute.action(args(loginRequest(form, options))));
}

/** The form-level message of a refused login (conform's reply inside data()). */
function formError(value: unknown) {
  return (value as { data?: { result?: { error?: Record<string, string[]> } } }).data?.result?.error?.[""]?.[0] ?? "";
}

/** The eight ways people write a phone number "0912345678" (and those of the issue). */
function spellings(phone: string) {
  const [a, b, c] = [phone.slice(0, 4), phone.slice(4, 7), phone.slice(7)];
  return [
    phone,
    `+84${phone.slice(1)}`,
    `84${phone.slice(1)}`,
    `${a} ${b} ${c}`,
    `${a}.${b}.${c}`,
    `${a}-${b}-${c}`,
    `(${a}) ${b} ${c}`,
    `+84 (${phone.slice(1, 4)}) ${b}-${c}`,
  ];
}

const verify = vi.mocked(argon2.verify);

for (const target of dbTargets()) {
  describe(`login edges on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    /** Demo learners `hv<member code>` with their phone numbers, in a fixed order. */
    async function learners() {
      return rowsOf(
        await handle.database.db.execute(
          sql`select u.id, u.username, p.phone from "user" u join person p on p.id = u.person_id where u.username like 'hvqb%' order by u.username limit 4`,
        ),
        z.object({ id: z.string(), username: z.string(), phone: z.string() }),
      );
    }

    beforeEach(() => {
      verify.mockClear();
    });

    it("reads a session with its user and grants; ends an expired one, extends an old one, refuses a disabled account", async () => {
      const db = handle.database.db;
      const day = 24 * 3600 * 1000;
      const read = (id: string) => getSessionUser(getRequest("/", `phien=${id}`));
      const expiresOf = async (id: string) => (await db.select({ at: session.expiresAt }).from(session).where(eq(session.id, id)))[0]?.at ?? null;
      await db.insert(session).values([
        { id: "s-edge-new", userId: "u-bantochuc", expiresAt: new Date(Date.now() + 13 * day) },
        { id: "s-edge-old", userId: "u-bantochuc", expiresAt: new Date(Date.now() + 2 * day) },
        { id: "s-edge-gone", userId: "u-bantochuc", expiresAt: new Date(Date.now() - 1000) },
      ]);

      const fresh = await read("s-edge-new");
      expect(fresh).toMatchObject({ id: "u-bantochuc", username: "bantochuc" });
      expect(fresh!.grants.length).toBeGreaterThan(0);
      expect(fresh!.grants[0]).toEqual({
        role: expect.any(String),
        unitId: expect.any(Number),
        unitPath: expect.stringMatching(/^\//),
        unitName: expect.any(String),
      });

      // In the second half of its life: still valid, and pushed back to a full 14 days.
      expect((await read("s-edge-old"))?.id).toBe("u-bantochuc");
      expect((await expiresOf("s-edge-old"))!.getTime()).toBeGreaterThan(Date.now() + 13 * day);

      expect(await read("s-edge-gone")).toBeNull();
      expect(await expiresOf("s-edge-gone")).toBeNull();
      expect(await read("no-such-session")).toBeNull();

      await db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, "u-bantochuc"));
      expect(await read("s-edge-new")).toBeNull();
      await db.update(user).set({ disabledAt: null }).where(eq(user.id, "u-bantochuc"));
    });

    it("resolves every spelling of a phone number, and the username in any case, to the account", async () => {
      const [learner] = await learners();
      for (const login of [...spellings(learner!.phone), learner!.username.toUpperCase()]) {
        const outcome = await submitLogin({ login, password: DEMO_PASSWORD });
        expect(outcome.status, login).toBe(302);
      }
      // Text that merely contains the digits is not a phone number.
      const padded = await submitLogin({ login: `x${learner!.phone}`, password: DEMO_PASSWORD });
      expect(padded.status).toBe(400);
    });

    it("locks the account, not the text typed: no spelling gets more guesses, even with the right password", async () => {
      const [, learner] = await learners();
      for (let i = 0; i < THROTTLE.accountLimit; i++) {
        const outcome = await submitLogin({ login: learner!.username, password: `sai-${i}` }, { ip: `10.2.0.${i}` });
        expect(outcome.status).toBe(400);
      }
      const sessionsBefore = await handle.database.db.$count(session, eq(session.userId, learner!.id));
      const tries = [...spellings(learner!.phone), learner!.username.toUpperCase(), ` ${learner!.username} `];
      for (const [i, login] of tries.entries()) {
        const outcome = await submitLogin({ login, password: DEMO_PASSWORD }, { ip: `10.2.1.${i}` });
        expect(outcome.status, login).toBe(400);
        expect(formError(outcome.value), login).toMatch(LOCKED);
      }
      expect(await handle.database.db.$count(session, eq(session.userId, learner!.id))).toBe(sessionsBefore);
      // One counter, on the account.
      const keys = await handle.database.db
        .select({ key: loginThrottle.key, failures: loginThrottle.failures })
        .from(loginThrottle)
        .where(like(loginThrottle.key, `u:${learner!.id}`));
      expect(keys).toEqual([{ key: `u:${learner!.id}`, failures: THROTTLE.accountLimit }]);
    });

    it("locks an unknown name or number on its normalised text, whatever the spelling", async () => {
      for (let i = 0; i < THROTTLE.accountLimit; i++) await submitLogin({ login: "Khong-Ton-Tai", password: "x" }, { ip: `10.3.0.${i}` });
      expect(formError((await submitLogin({ login: " KHONG-TON-TAI ", password: "x" }, { ip: "10.3.1.1" })).value)).toMatch(LOCKED);
      for (let i = 0; i < THROTTLE.accountLimit; i++) await submitLogin({ login: "0999 000 111", password: "x" }, { ip: `10.3.2.${i}` });
      expect(formError((await submitLogin({ login: "+84.999.000.111", password: "x" }, { ip: "10.3.3.1" })).value)).toMatch(LOCKED);
    });

    it("checks one password hash for an unknown, a disabled and an existing account alike", async () => {
      const [, , active, disabled] = await learners();
      await handle.database.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, disabled!.id));
      const [activeHash] = await handle.database.db.select({ hash: user.passwordHash }).from(user).where(eq(user.id, active!.id));

      const hashesChecked = [];
      for (const login of [active!.username, "khong-co-ai", disabled!.username]) {
        verify.mockClear();
        const outcome = await submitLogin({ login, password: "sai-mat-khau" }, { ip: "10.4.0.1" });
        expect(formError(outcome.value)).toBe("Tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu không đúng.");
        expect(verify, login).toHaveBeenCalledTimes(1);
        hashesChecked.push(verify.mock.calls[0]![0]);
      }
      // The unknown and the disabled account are checked against one dummy argon2id hash, made once.
      const [real, unknown, disabledHash] = hashesChecked;
      expect(real).toBe(activeHash!.hash);
      expect(unknown).toMatch(/^\$argon2id\$/);
      expect(unknown).not.toBe(real);
      expect(disabledHash).toBe(unknown);
      // The right password does not open a disabled account either.
      expect((await submitLogin({ login: disabled!.username, password: DEMO_PASSWORD }, { ip: "10.4.0.2" })).status).toBe(400);
    });

    it("sends a login only to a path of this site", async () => {
      const evil = [
        "//evil.example",
        "/\t/evil.example",
        "/\n/evil",
        "/\\evil.example",
        "/\\/evil.example",
        "https://evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        " /hoc-tap",
        "\u0000/",
      ];
      for (const redirectTo of evil) {
        const outcome = await submitLogin({ login: "hocvien", password: DEMO_PASSWORD, redirectTo });
        expect(outcome.status, JSON.stringify(redirectTo)).toBe(302);
        expect(outcome.location, JSON.stringify(redirectTo)).toBe("/");
      }
      const home = await submitLogin({ login: "hocvien", password: DEMO_PASSWORD, redirectTo: "/kiem-tra?trang=2#bai" });
      expect(home.location).toBe("/kiem-tra?trang=2#bai");
    });

    it("shows the login page, not an error, for any redirectTo in its address", async () => {
      for (const query of [
        "redirectTo=%2F%09%2Fevil.example",
        "redirectTo=/%0A/evil",
        "redirectTo=//evil",
        "redirectTo=%2F%5Cevil",
        "redirectTo=https://evil",
      ]) {
        const outcome = await settle(() => loginRoute.loader(args(getRequest(`/dang-nhap?${query}`))));
        expect(outcome.status, query).toBe(200);
        expect((outcome.value as { data: { redirectTo: string } }).data.redirectTo, query).toBe("/");
      }
      // Signed in already: straight to the (safe) target.
      const cookie = await cookieFor("u-hocvien");
      const signedIn = await settle(() => loginRoute.loader(args(getRequest("/dang-nhap?redirectTo=/%0A/evil", cookie))));
      expect(signedIn).toMatchObject({ status: 302, location: "/" });
      const back = await settle(() => loginRoute.loader(args(getRequest("/dang-nhap?redirectTo=%2Fhoc-tap%3Fx%3D1", cookie))));
      expect(back).toMatchObject({ status: 302, location: "/hoc-tap?x=1" });
    });

    it("sets a browser-session cookie, Secure only when the request came over https", async () => {
      const plain = (await submitLogin({ login: "hocvien", password: DEMO_PASSWORD })).value as Response;
      const cookie = plain.headers.get("Set-Cookie")!;
      expect(cookie).toMatch(/^phien=\w+; HttpOnly; Path=\/; SameSite=Lax$/);
      expect(await getSessionUser(getRequest("/", cookie.split(";")[0]))).toMatchObject({ username: "hocvien" });

      const https = (await submitLogin({ login: "hocvien", password: DEMO_PASSWORD }, { base: "https://bithu.example" })).value as Response;
      expect(https.headers.get("Set-Cookie")).toMatch(/^phien=\w+; HttpOnly; Path=\/; SameSite=Lax; Secure$/);

      // Logging out clears it the same way.
      const out = (await logoutRoute.action(args(postRequest("/dang-xuat", {}, cookie.split(";")[0])))) as Response;
      expect(out.headers.get("Set-Cookie")).toBe("phien=; HttpOnly; Max-Age=0; Path=/; SameSite=Lax");
      expect(await getSessionUser(getRequest("/", cookie.split(";")[0]))).toBeNull();
    });

    it("says so when the browser did not keep the login page's cookie, and starts no session", async () => {
      const page = (await settle(() => loginRoute.loader(args(getRequest("/dang-nhap"))))).value as { init: ResponseInit };
      expect(new Headers(page.init.headers).get("Set-Cookie")).toBe("kiem-tra-cookie=1; HttpOnly; Path=/; SameSite=Lax");

      const sessionsBefore = await handle.database.db.$count(session);
      const outcome = await submitLogin({ login: "hocvien", password: DEMO_PASSWORD }, { cookie: null });
      expect(outcome.status).toBe(400);
      expect(formError(outcome.value)).toContain("không lưu cookie");
      expect(verify).not.toHaveBeenCalled();
      expect(await handle.database.db.$count(session)).toBe(sessionsBefore);
    });

    it("answers a login that is not a form with a 415, not an error", async () => {
      const request = new Request("http://localhost/dang-nhap", {
        method: "POST",
        body: '{"login":"hocvien"}',
        headers: { "Content-Type": "application/json" },
      });
      expect((await settle(() => loginRoute.action(args(request)))).status).toBe(415);
    });
  });
}
