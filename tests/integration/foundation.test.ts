import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { BLOC } from "#db/seed/organisation";
import { loginThrottle, unit } from "#db/schema";
import { DEMO_PASSWORD } from "#db/seed/accounts";
import { authenticate, WRONG_CREDENTIALS } from "~/auth/login.server";
import { changePassword } from "~/auth/account.server";
import { getSessionUser } from "~/auth/session.server";
import { THROTTLE } from "~/auth/throttle.server";
import { countMembersInSubtree, getUnit, listChildrenWithCounts } from "~/org/units.server";
import * as loginRoute from "~/routes/dang-nhap";
import * as learnRoute from "~/routes/hoc-tap._index";
import * as practiceRoute from "~/routes/luyen-tap._index";
import * as quizRoute from "~/routes/kiem-tra._index";
import * as contestRoute from "~/routes/hoi-thi._index";
import * as reportRoute from "~/routes/bao-cao._index";
import * as adminRoute from "~/routes/quan-tri._index";
import * as meetingsRoute from "~/routes/sinh-hoat._index";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

// Typed as plain loaders: the areas' data types differ and would not unify in settle().
const AREAS: Record<string, (a: ReturnType<typeof args>) => Promise<unknown>> = {
  "/hoc-tap": learnRoute.loader,
  "/luyen-tap": practiceRoute.loader,
  "/kiem-tra": quizRoute.loader,
  "/hoi-thi": contestRoute.loader,
  "/bao-cao": reportRoute.loader,
  "/quan-tri": adminRoute.loader,
  "/sinh-hoat": meetingsRoute.loader,
};

// Which demo account may open which area (design.md roles; every account with a person also learns).
const MATRIX: Record<string, (keyof typeof AREAS)[]> = {
  "u-hocvien": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/sinh-hoat"],
  "u-giamkhao": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/sinh-hoat"],
  "u-hoithi": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/sinh-hoat"],
  "u-bantochuc": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/bao-cao", "/quan-tri", "/sinh-hoat"],
  "u-donvi": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/bao-cao", "/quan-tri", "/sinh-hoat"],
  "u-quantri": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/bao-cao", "/quan-tri", "/sinh-hoat"],
  "u-bithu": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/sinh-hoat"],
  "u-capuy": ["/hoc-tap", "/luyen-tap", "/kiem-tra", "/hoi-thi", "/sinh-hoat"],
};

for (const target of dbTargets()) {
  describe(`foundation on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    it("seeds the bloc of the Đề án", async () => {
      const db = handle.database.db;
      const kinds = rowsOf(await db.execute(sql`select kind, count(*)::int as n from unit group by kind`), z.object({ kind: z.string(), n: z.number() }));
      const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
      expect(byKind).toMatchObject({ dang_bo_khoi: 1, dang_bo_co_so: BLOC.dangBoCoSo, chi_bo_co_so: BLOC.chiBoCoSo, chi_bo: BLOC.chiBoTrucThuoc });
      const [people] = rowsOf(await db.execute(sql`select count(*)::int as n from person`), z.object({ n: z.number() }));
      expect(people!.n).toBe(4921);
      const [committee] = rowsOf(
        await db.execute(sql`select count(distinct person_id)::int as n from person_position where position = 'cap_uy_vien_co_so'`),
        z.object({ n: z.number() }),
      );
      expect(committee!.n).toBe(577);
      // Every cell has a secretary, and every member belongs to a cell.
      const [noSecretary] = rowsOf(
        await db.execute(sql`select count(*)::int as n from unit u where u.kind in ('chi_bo', 'chi_bo_co_so') and not exists (
          select 1 from person_position pp where pp.unit_id = u.id and pp.position in ('bi_thu_chi_bo', 'bi_thu_cap_uy_co_so'))`),
        z.object({ n: z.number() }),
      );
      expect(noSecretary!.n).toBe(0);
      const [outside] = rowsOf(
        await db.execute(sql`select count(*)::int as n from person p join unit u on u.id = p.unit_id where u.kind not in ('chi_bo', 'chi_bo_co_so')`),
        z.object({ n: z.number() }),
      );
      expect(outside!.n).toBe(0);
    });

    it("answers subtree questions from the materialized path", async () => {
      const root = await getUnit(1);
      expect(root?.kind).toBe("dang_bo_khoi");
      expect(await countMembersInSubtree(root!.path)).toBe(4921);
      const children = await listChildrenWithCounts(1);
      expect(children).toHaveLength(BLOC.dangBoCoSo + BLOC.chiBoCoSo);
      expect(children.reduce((sum, c) => sum + c.memberCount, 0)).toBe(4921);
      const [first] = await handle.database.db.select().from(unit).where(eq(unit.id, children[0]!.id));
      expect(await countMembersInSubtree(first!.path)).toBe(children[0]!.memberCount);
    });

    it("applies the authorization matrix to every protected area", async () => {
      for (const [userId, allowed] of Object.entries(MATRIX)) {
        const cookie = await cookieFor(userId);
        for (const [path, loader] of Object.entries(AREAS)) {
          const outcome = await settle<unknown>(() => loader(args(getRequest(path, cookie))));
          const expected = allowed.includes(path as keyof typeof AREAS) ? 200 : 403;
          expect({ userId, path, status: outcome.status }).toEqual({ userId, path, status: expected });
        }
      }
    });

    it("sends anonymous visitors to the login page and back", async () => {
      for (const [path, loader] of Object.entries(AREAS)) {
        const outcome = await settle<unknown>(() => loader(args(getRequest(`${path}?x=1`))));
        expect(outcome.status).toBe(302);
        expect(outcome.location).toBe(`/dang-nhap?redirectTo=${encodeURIComponent(`${path}?x=1`)}`);
      }
    });

    it("logs in by username or phone and never says which part was wrong", async () => {
      expect(await authenticate({ login: "HocVien", password: DEMO_PASSWORD, ip: "10.0.0.1" })).toEqual({ ok: true, userId: "u-hocvien" });
      const [phone] = rowsOf(
        await handle.database.db.execute(sql`select p.phone from person p join "user" u on u.person_id = p.id where u.id = 'u-giamkhao'`),
        z.object({ phone: z.string() }),
      );
      const formatted = `+84 ${phone!.phone.slice(1, 4)} ${phone!.phone.slice(4)}`;
      expect(await authenticate({ login: formatted, password: DEMO_PASSWORD, ip: "10.0.0.1" })).toEqual({ ok: true, userId: "u-giamkhao" });
      const wrongPassword = await authenticate({ login: "hoithi", password: "sai-mat-khau", ip: "10.0.0.2" });
      const noSuchUser = await authenticate({ login: "khong-ton-tai", password: "sai-mat-khau", ip: "10.0.0.2" });
      expect(wrongPassword).toEqual({ ok: false, message: WRONG_CREDENTIALS });
      expect(noSuchUser).toEqual(wrongPassword);
    });

    it("locks an account after repeated failures, visibly, even with the right password", async () => {
      for (let i = 0; i < THROTTLE.accountLimit; i++) {
        await authenticate({ login: "donvi", password: `sai-${i}`, ip: `10.1.0.${i}` });
      }
      const locked = await authenticate({ login: "donvi", password: DEMO_PASSWORD, ip: "10.1.0.99" });
      expect(locked.ok).toBe(false);
      expect(!locked.ok && locked.message).toMatch(/tạm bị khóa.*thử lại sau \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
      // The counters live in the database, where every app server sees them.
      const [row] = await handle.database.db.select().from(loginThrottle).where(eq(loginThrottle.key, "u:u-donvi"));
      expect(row?.failures).toBe(THROTTLE.accountLimit);
      expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
      // Other accounts are unaffected.
      expect((await authenticate({ login: "quantri", password: DEMO_PASSWORD, ip: "10.1.0.98" })).ok).toBe(true);
    });

    it("locks an address that tries many accounts", async () => {
      for (let i = 0; i < THROTTLE.ipLimit; i++) {
        await authenticate({ login: `khach-${i}`, password: "x", ip: "10.9.9.9" });
      }
      const result = await authenticate({ login: "bantochuc", password: DEMO_PASSWORD, ip: "10.9.9.9" });
      expect(result.ok).toBe(false);
    });

    it("login action sets an httpOnly, SameSite=Lax session cookie and redirects safely", async () => {
      const response = (await loginRoute.action(
        args(postRequest("/dang-nhap", { login: "bantochuc", password: DEMO_PASSWORD, redirectTo: "//evil.example" }, "kiem-tra-cookie=1")),
      )) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/");
      const cookie = response.headers.get("Set-Cookie")!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const user = await getSessionUser(getRequest("/", cookie.split(";")[0]));
      expect(user?.username).toBe("bantochuc");
      expect(user?.grants.map((g) => g.role).sort()).toEqual(["learner", "org_admin"]);
    });

    it("answers bad login input with a Vietnamese message, not an error", async () => {
      const outcome = await settle(() => loginRoute.action(args(postRequest("/dang-nhap", { login: "", password: "" }))));
      expect(outcome.status).toBe(400);
      expect(JSON.stringify(outcome.value)).toContain("Vui lòng nhập");
    });

    it("changes the password only with the current one", async () => {
      expect(await changePassword({ userId: "u-hoithi", currentPassword: "sai", newPassword: "MatKhauMoi1", ip: null })).toEqual({
        ok: false,
        message: "Mật khẩu hiện tại không đúng.",
        field: "currentPassword",
      });
      expect(await changePassword({ userId: "u-hoithi", currentPassword: DEMO_PASSWORD, newPassword: "MatKhauMoi1", ip: null })).toEqual({ ok: true });
      expect((await authenticate({ login: "hoithi", password: "MatKhauMoi1", ip: null })).ok).toBe(true);
    });

    it("counts wrong current passwords on the password page against the account's lockout", async () => {
      for (let i = 0; i < 4; i++) {
        expect(await changePassword({ userId: "u-giamkhao2", currentPassword: `sai-${i}`, newPassword: "MatKhauMoi1", ip: null })).toEqual({
          ok: false,
          message: "Mật khẩu hiện tại không đúng.",
          field: "currentPassword",
        });
      }
      const fifth = await changePassword({ userId: "u-giamkhao2", currentPassword: "sai-4", newPassword: "MatKhauMoi1", ip: null });
      expect(fifth.ok).toBe(false);
      expect(!fifth.ok && fifth.message).toContain("tạm bị khóa");
      // Locked: even the right current password changes nothing now, and login is locked too.
      const right = await changePassword({ userId: "u-giamkhao2", currentPassword: DEMO_PASSWORD, newPassword: "MatKhauMoi1", ip: null });
      expect(!right.ok && right.message).toContain("tạm bị khóa");
      const login = await authenticate({ login: "giamkhao2", password: DEMO_PASSWORD, ip: null });
      expect(login.ok).toBe(false);
    });
  });
}
