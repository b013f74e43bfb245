import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { user } from "#db/schema";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest } from "../support/requests";
import { MATRIX } from "../support/authz-table";
import {
  ROLE_NAMES,
  ROUTES,
  cookieOf,
  demoIds,
  fingerprint,
  isRefusal,
  outcomeOf,
  paramsFor,
  urlOf,
  type DemoIds,
  type Outcome,
  type RoleName,
} from "../support/routes";

const ALL = ROLE_NAMES;

function describeOutcome(outcome: Outcome) {
  const error = "error" in outcome ? `: ${String(outcome.error)}` : "";
  const location = "location" in outcome && outcome.location ? ` → ${outcome.location}` : "";
  const detail = "detail" in outcome && outcome.detail ? ` ${outcome.detail}` : "";
  return `${outcome.kind} ${outcome.status}${location}${error}${detail}`;
}

for (const target of dbTargets()) {
  describe(`authorization matrix on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    let ids: DemoIds;
    beforeAll(async () => {
      ids = await demoIds(handle.database);
    });

    it("has a row for every route file, and every intent of its action", () => {
      expect(Object.keys(MATRIX).sort()).toEqual(ROUTES.map((r) => r.file).sort());
      for (const route of ROUTES) {
        const expected = MATRIX[route.file]!;
        expect(Boolean(expected.get), `${route.file}: loader`).toBe(Boolean(route.module.loader));
        const posted = Object.keys(expected.post ?? {}).sort();
        expect(posted, `${route.file}: intents`).toEqual(route.module.action ? (route.intents.length ? route.intents : [""]) : []);
      }
    });

    it("opens the contest list to every role through contest.list, not to an account without a grant", async () => {
      const route = ROUTES.find((r) => r.file === "hoi-thi._index")!;
      expect(route.source).toContain('requirePermission(request, "contest.list")');
      const db = handle.database.db;
      await db.insert(user).values({ id: "u-khongvaitro", username: "khongvaitro", passwordHash: "x", displayName: "Không có vai trò" });
      try {
        const signedIn = await outcomeOf(async () => route.module.loader!(args(getRequest(urlOf(route, {}), await cookieFor("u-khongvaitro")), {})));
        expect(isRefusal(signedIn), describeOutcome(signedIn)).toBe(true);
      } finally {
        await db.delete(user).where(eq(user.id, "u-khongvaitro"));
      }
    });

    describe("ids a user can type (IDOR)", () => {
      type Call = { route: string; role: RoleName; params: Record<string, string>; query?: string; form?: Record<string, string> };
      const byFile = new Map(ROUTES.map((r) => [r.file, r]));

      /** Runs the call (a POST when it has a form) and asserts a refusal; a refused POST writes nothing. */
      async function expectRefused(call: Call) {
        const route = byFile.get(call.route)!;
        const cookie = await cookieOf(call.role);
        const url = urlOf(route, call.params, { action: Boolean(call.form), query: call.query });
        const what = `${call.form ? "POST" : "GET"} ${url} as ${call.role}`;
        const before = call.form ? await fingerprint(handle.database) : null;
        const outcome = await outcomeOf(() =>
          call.form
            ? route.module.action!(args(postRequest(url, call.form!, cookie), call.params))
            : route.module.loader!(args(getRequest(url, cookie), call.params)),
        );
        expect(isRefusal(outcome), `${what}: ${describeOutcome(outcome)}`).toBe(true);
        if (before) {
          const after = await fingerprint(handle.database);
          expect(
            Object.keys(before).filter((t) => before[t] !== after[t]),
            `${what} wrote`,
          ).toEqual([]);
        }
      }

      it("another learner's quiz attempt, its result and its answers", async () => {
        const params = { attemptId: String(ids.otherAttempt) };
        await expectRefused({ route: "kiem-tra.bai.$attemptId._index", role: "hocvien", params });
        await expectRefused({ route: "kiem-tra.bai.$attemptId.ket-qua", role: "hocvien", params });
        await expectRefused({ route: "kiem-tra.bai.$attemptId._index", role: "hocvien", params, form: { intent: "save-all", shown: "x" } });
        await expectRefused({ route: "kiem-tra.bai.$attemptId._index", role: "hocvien", params, form: { intent: "submit" } });
      });

      it("another user's practice run", async () => {
        const params = { runId: String(ids.otherRun) };
        await expectRefused({ route: "luyen-tap.lan.$runId", role: "hocvien", params });
        await expectRefused({ route: "luyen-tap.lan.$runId", role: "hocvien", params, form: { intent: "choose", stepIndex: "0", choiceId: "a" } });
        await expectRefused({
          route: "luyen-tap.lan.$runId",
          role: "hocvien",
          params,
          form: { intent: "draft", stepIndex: "0", task: "Việc", owner: "Ai", deadline: "01/01/2023" },
        });
      });

      it("another contestant's certificate, and a certificate for someone who is no contestant", async () => {
        const route = "hoi-thi.$contestId.giay-chung-nhan.$contestantId[.]pdf";
        const params = { contestId: String(ids.grassrootsContest), contestantId: String(ids.thisinh2Contestant) };
        await expectRefused({ route, role: "thisinh1", params });
        await expectRefused({ route, role: "hocvien", params });
        await expectRefused({ route, role: "giamkhao", params });
      });

      it("another contestant's knowledge attempt and situation answer", async () => {
        const [other] = rowsOf(
          await handle.database.db.execute(
            sql`select id from quiz_attempt where user_id = 'u-thisinh2' and quiz_key like 'contest-round:%' order by id limit 1`,
          ),
          z.object({ id: z.number() }),
        );
        const grassroots = { contestId: String(ids.grassrootsContest) };
        const before = await fingerprint(handle.database);
        // The engine's upsert is scoped to the owner: someone else's attempt id saves nothing.
        const route = byFile.get("hoi-thi.$contestId.lam-bai.$roundId")!;
        const params = { contestId: String(ids.blocContest), roundId: String(ids.blocKnowledgeRound) };
        const cookie = await cookieOf("thisinh1");
        const form = { intent: "save", attemptId: String(other!.id), shown: "1", "q.1": "a" };
        const outcome = await outcomeOf(() => route.module.action!(args(postRequest(urlOf(route, params, { action: true }), form, cookie), params)));
        expect(outcome.status).toBe(400);
        const after = await fingerprint(handle.database);
        expect(Object.keys(before).filter((t) => before[t] !== after[t])).toEqual([]);
        // Rounds of a contest one is not in: neither its paper nor its situation.
        await expectRefused({
          route: "hoi-thi.$contestId.lam-bai.$roundId",
          role: "hocvien",
          params: { ...grassroots, roundId: String(ids.grassrootsKnowledgeRound) },
        });
        await expectRefused({
          route: "hoi-thi.$contestId.tinh-huong.$roundId",
          role: "hocvien",
          params: { ...grassroots, roundId: String(ids.grassrootsSituationRound) },
        });
        await expectRefused({
          route: "hoi-thi.$contestId.tinh-huong.$roundId",
          role: "hocvien",
          params: { ...grassroots, roundId: String(ids.grassrootsSituationRound) },
          form: { intent: "save", answer: "Bài của người khác" },
        });
        // A round id of another contest under this contest's URL.
        await expectRefused({
          route: "hoi-thi.$contestId.tinh-huong.$roundId",
          role: "hocvien",
          params: { contestId: String(ids.blocContest), roundId: String(ids.grassrootsSituationRound) },
        });
      });

      it("judge sheets of rounds the judge is not assigned to", async () => {
        const route = "hoi-thi.$contestId.cham.$roundId";
        const presentation = { contestId: String(ids.blocContest), roundId: String(ids.blocPresentationRound) };
        const grassroots = { contestId: String(ids.grassrootsContest), roundId: String(ids.grassrootsSituationRound) };
        const mixed = { contestId: String(ids.blocContest), roundId: String(ids.grassrootsSituationRound) };
        for (const params of [presentation, grassroots, mixed]) {
          await expectRefused({ route, role: "giamkhao", params, query: `thiSinh=${ids.thisinh2Contestant}` });
          await expectRefused({ route, role: "giamkhao", params, form: { contestantId: String(ids.thisinh2Contestant), c1: "10" } });
        }
      });

      it("units and people outside donvi's subtree, by URL, query and form", async () => {
        const outside = String(ids.outsideUnit);
        await expectRefused({ route: "quan-tri.don-vi.$unitId", role: "donvi", params: { unitId: outside } });
        await expectRefused({
          route: "quan-tri.don-vi.$unitId",
          role: "donvi",
          params: { unitId: outside },
          form: { intent: "rename-unit", name: "Đổi tên trái phép" },
        });
        await expectRefused({ route: "quan-tri.don-vi.$unitId", role: "donvi", params: { unitId: outside }, form: { intent: "close-unit" } });
        await expectRefused({
          route: "quan-tri.don-vi.$unitId",
          role: "donvi",
          params: { unitId: String(ids.donviUnit) },
          form: { intent: "move-unit", parentId: outside },
        });
        const person = { personId: String(ids.outsidePerson) };
        await expectRefused({ route: "quan-tri.nguoi.$personId", role: "donvi", params: person });
        await expectRefused({
          route: "quan-tri.nguoi.$personId",
          role: "donvi",
          params: person,
          form: { intent: "update-person", memberCode: "QBX9999", familyName: "Lê", givenName: "Hoa" },
        });
        await expectRefused({ route: "quan-tri.nguoi.$personId", role: "donvi", params: person, form: { intent: "deactivate-person" } });
        const inside = { personId: String(ids.insidePerson) };
        await expectRefused({ route: "quan-tri.nguoi.$personId", role: "donvi", params: inside, form: { intent: "move-person", cellId: outside } });
        await expectRefused({
          route: "quan-tri.nguoi.$personId",
          role: "donvi",
          params: inside,
          form: { intent: "add-position", position: "chi_uy_vien", unitId: outside },
        });
        // Roles go to accounts: thisinh1's person (in donvi's đảng bộ) has one.
        const [account] = rowsOf(
          await handle.database.db.execute(sql`select person_id as id from "user" where id = 'u-thisinh1'`),
          z.object({ id: z.number() }),
        );
        const withAccount = { personId: String(account!.id) };
        await expectRefused({
          route: "quan-tri.nguoi.$personId",
          role: "donvi",
          params: withAccount,
          form: { intent: "grant-role", role: "org_admin", unitId: outside },
        });
        const query = `chien-dich=${ids.campaign}&don-vi=${outside}`;
        for (const route of ["bao-cao._index", "bao-cao.in", "bao-cao.xuat", "bao-cao.nhap-danh-sach.mau[.]xlsx"]) {
          await expectRefused({ route, role: "donvi", params: {}, query: `${query}&bang=don-vi` });
        }
      });

      it("classes and campaigns outside donvi's subtree", async () => {
        const cls = { id: String(ids.outsideClass) };
        await expectRefused({ route: "bao-cao.lop.$id", role: "donvi", params: cls });
        await expectRefused({ route: "bao-cao.lop.$id", role: "donvi", params: cls, form: { intent: "checklist", personId: String(ids.insidePerson) } });
        await expectRefused({
          route: "bao-cao.lop._index",
          role: "donvi",
          params: {},
          form: {
            name: "Lớp trái phép",
            unitId: String(ids.outsideUnit),
            track: "A",
            startsOn: "2022-06-01",
            endsOn: "2022-06-02",
            place: "Hội trường",
            lecturers: "Giảng viên",
          },
        });
        const campaign = { id: String(ids.campaign) };
        await expectRefused({ route: "bao-cao.chien-dich.$id", role: "donvi", params: campaign });
        await expectRefused({
          route: "bao-cao.chien-dich.$id",
          role: "donvi",
          params: campaign,
          form: { name: "Đổi chiến dịch", organisingUnitId: String(ids.donviUnit) },
        });
        await expectRefused({
          route: "bao-cao.chien-dich.moi",
          role: "donvi",
          params: {},
          form: {
            name: "Chiến dịch trái phép",
            organisingUnitId: String(ids.outsideUnit),
            startsOn: "2022-06-01",
            deadlineOn: "2022-12-31",
            targetPercent: "90",
            legalBasis: "Đề án 01-ĐA/ĐUK",
            acceptOnline: "on",
            positions: "bi_thu_chi_bo:A",
          },
        });
      });
    });

    for (const route of ROUTES) {
      it(`${route.file}: allowed roles are served, the others refused, refused posts write nothing`, async () => {
        const expected = MATRIX[route.file];
        if (!expected) return; // reported by the test above
        const params = paramsFor(route, ids);
        const problems: string[] = [];
        const check = (what: string, role: RoleName, allowed: boolean, outcome: Outcome) => {
          if (outcome.kind === "server-error") problems.push(`${what} as ${role}: ${describeOutcome(outcome)}`);
          else if (allowed && isRefusal(outcome) && !(expected.signsOut && outcome.kind === "login"))
            problems.push(`${what} as ${role} (allowed) was refused: ${describeOutcome(outcome)}`);
          else if (!allowed && !isRefusal(outcome)) problems.push(`${what} as ${role} (denied) got ${describeOutcome(outcome)}`);
        };

        if (route.module.loader) {
          const loader = route.module.loader;
          for (const role of ALL) {
            const cookie = await cookieOf(role);
            const outcome = await outcomeOf(() => loader(args(getRequest(urlOf(route, params), cookie), params)));
            check("GET", role, expected.get!.includes(role), outcome);
          }
        }

        const action = route.module.action;
        if (action && expected.post) {
          const cells = Object.entries(expected.post).flatMap(([intent, allowed]) => ALL.map((role) => ({ intent, role, allowed: allowed.includes(role) })));
          const post = async (cell: (typeof cells)[number]) => {
            const cookie = await cookieOf(cell.role);
            const request = postRequest(urlOf(route, params, { action: true }), cell.intent ? { intent: cell.intent } : {}, cookie);
            check(`POST ${cell.intent || "(form)"}`, cell.role, cell.allowed, await outcomeOf(() => action(args(request, params))));
          };
          // Every refused post first, between two fingerprints of the data; then the allowed ones.
          const before = await fingerprint(handle.database);
          for (const cell of cells.filter((c) => !c.allowed)) await post(cell);
          const after = await fingerprint(handle.database);
          const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
          if (changed.length) problems.push(`refused posts changed ${changed.join(", ")}`);
          for (const cell of cells.filter((c) => c.allowed)) await post(cell);
        }
        expect(problems).toEqual([]);
      });
    }
  });
}
