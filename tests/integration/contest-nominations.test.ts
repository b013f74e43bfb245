import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, contestContestant, contestNomination, contestStanding, roleGrant, user } from "#db/schema";
import { loadGrants } from "~/auth/session.server";
import { scopesBelow, type SessionUser } from "~/auth/permissions";
import { advanceContest, createContest, getContest, registerContestants } from "~/contest/contests.server";
import { acceptNominations, listNominationContests, nominate } from "~/contest/nominations.server";
import { recomputeNow } from "~/contest/recompute.server";
import { getLeaderboard } from "~/contest/results.server";
import * as contestRoute from "~/routes/hoi-thi.$contestId._index";
import * as contestantsRoute from "~/routes/hoi-thi.$contestId.thi-sinh";
import * as nominationRoute from "~/routes/hoi-thi.de-cu.$contestId";
import * as nominationListRoute from "~/routes/hoi-thi.de-cu._index";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

interface Member {
  personId: number;
  memberCode: string;
}

for (const target of dbTargets()) {
  describe(`contest nominations on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function sessionUser(userId: string): Promise<SessionUser> {
      const [row] = await db().select().from(user).where(eq(user.id, userId));
      return { id: row!.id, username: row!.username, displayName: row!.displayName, personId: row!.personId, grants: await loadGrants(userId) };
    }

    /** The unit the demo unit admin (donvi) administers. */
    async function donviUnit() {
      const [row] = rowsOf(
        await db().execute(sql`select u.id, u.path from role_grant g join unit u on u.id = g.unit_id where g.user_id = 'u-donvi' and g.role = 'org_admin'`),
        z.object({ id: z.number(), path: z.string() }),
      );
      return row!;
    }

    /** Active people without an account, not yet in any contest or nomination, inside (or outside) a subtree. */
    async function members(limit: number, path: string, inside = true): Promise<Member[]> {
      return rowsOf(
        await db().execute(sql`
          select p.id as "personId", p.member_code as "memberCode" from person p join unit cu on cu.id = p.unit_id
          where p.active and (cu.path like ${path + "%"}) = ${inside}
            and not exists (select 1 from "user" u where u.person_id = p.id)
            and not exists (select 1 from contest_contestant c where c.person_id = p.id)
            and not exists (select 1 from contest_nomination n where n.person_id = p.id)
          order by p.id desc limit ${limit}`),
        z.object({ personId: z.number(), memberCode: z.string() }),
      );
    }

    async function newContest(name: string, unitId = 1, status: "draft" | "registration" | "running" = "registration") {
      const created = await createContest({
        user: await sessionUser("u-hoithi"),
        name,
        level: "co_so",
        unitId,
        startsOn: "2022-09-01",
        endsOn: "2022-09-30",
        rules: "",
        prizes: [{ label: "Giải Nhất", count: 1 }],
      });
      if (!created.ok) throw new Error(created.message);
      if (status !== "draft") await advanceContest({ contestId: created.id, from: "draft" });
      if (status === "running") await advanceContest({ contestId: created.id, from: "registration" });
      return (await getContest(created.id))!;
    }

    const nominationPath = (contestId: number) => `/hoi-thi/de-cu/${contestId}`;
    async function asUser(userId: string, path: string, form?: Record<string, string>) {
      const cookie = await cookieFor(userId);
      return form ? postRequest(path, form, cookie) : getRequest(path, cookie);
    }

    it("seeds pending nominations from the demo unit into the bloc contest in registration", async () => {
      const unit = await donviUnit();
      const [bloc] = rowsOf(await db().execute(sql`select id from contest where level = 'khoi'`), z.object({ id: z.number() }));
      const pending = await db().select().from(contestNomination).where(eq(contestNomination.contestId, bloc!.id));
      expect(pending.length).toBe(3);
      expect(pending.every((n) => n.status === "pending" && n.unitId === unit.id && n.nominatedBy === "u-donvi")).toBe(true);
      const listed = await listNominationContests(await sessionUser("u-donvi"));
      expect(listed.map((c) => [c.id, c.pending])).toEqual([[bloc!.id, 3]]);
      // The organisers of the bloc (root) have nothing above them to nominate into.
      expect(await listNominationContests(await sessionUser("u-hoithi"))).toEqual([]);
    });

    it("lets a unit admin nominate only their own active people, only into a contest above them that is in registration", async () => {
      const unit = await donviUnit();
      const contest = await newContest("Hội thi phạm vi đề cử");
      const [own] = await members(1, unit.path);
      const [stranger] = await members(1, unit.path, false);
      const params = { contestId: String(contest.id) };

      // Someone outside the unit: a 400 naming the code, and nothing written (not even the valid code).
      const outside = await settle(async () =>
        nominationRoute.action(
          args(
            await asUser("u-donvi", nominationPath(contest.id), {
              intent: "nominate",
              unitId: String(unit.id),
              codes: `${own!.memberCode}\n${stranger!.memberCode}`,
            }),
            params,
          ),
        ),
      );
      expect(outside.status).toBe(400);
      expect(JSON.stringify(outside.value)).toContain(stranger!.memberCode);
      expect(JSON.stringify(outside.value)).toContain("Không phải đảng viên thuộc");
      expect(await db().select().from(contestNomination).where(eq(contestNomination.contestId, contest.id))).toEqual([]);

      // A forged unit id (a unit the admin does not hold) is refused.
      const forged = await nominate({
        contest,
        units: scopesBelow(await sessionUser("u-donvi"), "contest.nominate", contest.unitPath),
        unitId: 1,
        memberCodes: [own!.memberCode],
        note: "",
        userId: "u-donvi",
      });
      expect(forged.ok).toBe(false);

      // Own, active person: accepted as a nomination, once (lower-case and comma-separated input too).
      const first = await settle(async () =>
        nominationRoute.action(
          args(
            await asUser("u-donvi", nominationPath(contest.id), {
              intent: "nominate",
              unitId: String(unit.id),
              codes: `${own!.memberCode.toLowerCase()},`,
              note: "Nhiều năm hoàn thành xuất sắc nhiệm vụ",
            }),
            params,
          ),
        ),
      );
      expect(first.status).toBe(302);
      const again = await nominate({
        contest,
        units: [{ unitId: unit.id, unitPath: unit.path, unitName: "" }],
        unitId: unit.id,
        memberCodes: [own!.memberCode],
        note: "",
        userId: "u-donvi",
      });
      expect(again.ok && again.outcome).toMatchObject({ added: 0, alreadyNominated: [own!.memberCode] });
      const rows = await db().select().from(contestNomination).where(eq(contestNomination.contestId, contest.id));
      expect(rows.map((r) => [r.personId, r.status, r.note])).toEqual([[own!.personId, "pending", "Nhiều năm hoàn thành xuất sắc nhiệm vụ"]]);

      // Someone the organiser already registered: reported, not nominated.
      const [registered] = await members(1, unit.path);
      await registerContestants({ contest, memberCodes: [registered!.memberCode], userId: "u-hoithi" });
      const dup = await nominate({
        contest,
        units: [{ unitId: unit.id, unitPath: unit.path, unitName: "" }],
        unitId: unit.id,
        memberCodes: [registered!.memberCode],
        note: "",
        userId: "u-donvi",
      });
      expect(dup.ok && dup.outcome).toMatchObject({ added: 0, alreadyContestant: [registered!.memberCode] });

      // Someone no longer active: refused by name.
      const [gone] = await members(1, unit.path);
      await db().execute(sql`update person set active = false where id = ${gone!.personId}`);
      const inactive = await nominate({
        contest,
        units: [{ unitId: unit.id, unitPath: unit.path, unitName: "" }],
        unitId: unit.id,
        memberCodes: [gone!.memberCode],
        note: "",
        userId: "u-donvi",
      });
      expect(!inactive.ok && inactive.outcome?.inactive).toEqual([gone!.memberCode]);

      // Not above the unit (its own contest, a sibling's), a draft, not a nominating role: no page at all.
      const [sibling] = rowsOf(
        await db().execute(sql`select id from unit where kind = 'dang_bo_co_so' and id <> ${unit.id} order by id limit 1`),
        z.object({ id: z.number() }),
      );
      const ownLevel = await newContest("Hội thi của chính đơn vị", unit.id);
      const siblingLevel = await newContest("Hội thi của đơn vị khác", sibling!.id);
      const draft = await newContest("Hội thi bản nháp", 1, "draft");
      const load = (userId: string, contestId: number) =>
        settle(async () => nominationRoute.loader(args(await asUser(userId, nominationPath(contestId)), { contestId: String(contestId) })));
      expect((await load("u-donvi", ownLevel.id)).status).toBe(403);
      expect((await load("u-donvi", siblingLevel.id)).status).toBe(403);
      expect((await load("u-donvi", draft.id)).status).toBe(404);
      expect((await load("u-hoithi", contest.id)).status).toBe(403);
      expect((await load("u-hocvien", contest.id)).status).toBe(403);
      expect((await load("u-donvi", contest.id)).status).toBe(200);
      const post = (userId: string, contestId: number) =>
        settle(async () =>
          nominationRoute.action(
            args(await asUser(userId, nominationPath(contestId), { intent: "nominate", unitId: String(unit.id), codes: own!.memberCode }), {
              contestId: String(contestId),
            }),
          ),
        );
      expect((await post("u-donvi", ownLevel.id)).status).toBe(403);
      expect((await post("u-bantochuc", contest.id)).status).toBe(403);

      // Once the contest runs: readable (outcomes), but no new nominations.
      const running = await newContest("Hội thi đang diễn ra", 1, "running");
      expect((await load("u-donvi", running.id)).status).toBe(200);
      const late = await post("u-donvi", running.id);
      expect(late.status).toBe(400);
      expect(JSON.stringify(late.value)).toContain("không ở giai đoạn đăng ký");
    });

    it("gives a nominee no contest access until an organiser accepts; accepting makes a registered contestant, audited", async () => {
      const unit = await donviUnit();
      const contest = await newContest("Hội thi quyền truy cập thí sinh đề cử");
      const [nominee] = await members(1, unit.path);
      await db().insert(user).values({ id: "u-nominee", username: "nominee", passwordHash: "x", personId: nominee!.personId, displayName: "Người được đề cử" });
      await db().insert(roleGrant).values({ userId: "u-nominee", role: "learner", unitId: unit.id });
      const units = scopesBelow(await sessionUser("u-donvi"), "contest.nominate", contest.unitPath);
      expect((await nominate({ contest, units, unitId: unit.id, memberCodes: [nominee!.memberCode], note: "", userId: "u-donvi" })).ok).toBe(true);

      const open = async () =>
        settle(async () => contestRoute.loader(args(await asUser("u-nominee", `/hoi-thi/${contest.id}`), { contestId: String(contest.id) })));
      expect((await open()).status).toBe(403);

      // The organiser sees the nomination apart from the contestants, grouped by unit.
      const params = { contestId: String(contest.id) };
      const page = await contestantsRoute.loader(args(await asUser("u-hoithi", `/hoi-thi/${contest.id}/thi-sinh`), params));
      expect(page.total).toBe(0);
      expect(page.pendingCount).toBe(1);
      expect(page.nominations.map((g) => [g.unitId, g.rows.map((r) => r.memberCode)])).toEqual([[unit.id, [nominee!.memberCode]]]);
      const nominationId = page.nominations[0]!.rows[0]!.id;

      const accepted = await settle(async () =>
        contestantsRoute.action(
          args(await asUser("u-hoithi", `/hoi-thi/${contest.id}/thi-sinh`, { intent: "accept", nominationId: String(nominationId) }), params),
        ),
      );
      expect(accepted.status).toBe(302);
      expect((await open()).status).toBe(200);
      const after = await contestantsRoute.loader(args(await asUser("u-hoithi", `/hoi-thi/${contest.id}/thi-sinh`), params));
      expect(after.total).toBe(1);
      expect(after.pendingCount).toBe(0);
      expect(after.rows[0]!.memberCode).toBe(nominee!.memberCode);
      const [contestant] = await db().select().from(contestContestant).where(eq(contestContestant.contestId, contest.id));
      const [tccs] = rowsOf(
        await db().execute(
          sql`select t.id from person p join unit cu on cu.id = p.unit_id join unit t on cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') where p.id = ${nominee!.personId} order by t.depth limit 1`,
        ),
        z.object({ id: z.number() }),
      );
      expect(contestant).toMatchObject({ personId: nominee!.personId, status: "registered", tccsUnitId: tccs!.id, registeredBy: "u-hoithi" });
      const audit = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "contest"), eq(auditLog.entityId, String(contest.id)), eq(auditLog.action, "nomination.accept")));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorId).toBe("u-hoithi");
      expect(JSON.stringify(audit[0]!.after)).toContain(nominee!.memberCode);

      // The unit sees the outcome; a second accept is refused (already decided), not duplicated.
      const unitPage = await nominationRoute.loader(args(await asUser("u-donvi", nominationPath(contest.id)), params));
      expect(unitPage.rows.map((r) => [r.memberCode, r.status])).toEqual([[nominee!.memberCode, "accepted"]]);
      expect(unitPage.rows[0]!.statusLabel).toBe("Đã chấp nhận");
      expect((await acceptNominations({ contest, userId: "u-hoithi", nominationIds: [nominationId] })).ok).toBe(false);
      expect(await db().select().from(contestContestant).where(eq(contestContestant.contestId, contest.id))).toHaveLength(1);

      // The organisers remove the nominee before the contest starts: the unit no longer reads "accepted".
      const removed = await settle(async () =>
        contestantsRoute.action(
          args(await asUser("u-hoithi", `/hoi-thi/${contest.id}/thi-sinh`, { intent: "remove", contestantId: String(contestant!.id) }), params),
        ),
      );
      expect(removed.status).toBe(302);
      const afterRemoval = await nominationRoute.loader(args(await asUser("u-donvi", nominationPath(contest.id)), params));
      expect(afterRemoval.rows.map((r) => [r.memberCode, r.statusLabel])).toEqual([[nominee!.memberCode, "Đã chấp nhận, sau đó ban tổ chức rút tên"]]);
    });

    it("requires a reason to decline, audits it and shows it to the unit; accepts a whole unit at once; withdraws only pending ones", async () => {
      const unit = await donviUnit();
      const contest = await newContest("Hội thi duyệt đề cử");
      const people = await members(4, unit.path);
      const units = scopesBelow(await sessionUser("u-donvi"), "contest.nominate", contest.unitPath);
      expect((await nominate({ contest, units, unitId: unit.id, memberCodes: people.map((p) => p.memberCode), note: "", userId: "u-donvi" })).ok).toBe(true);
      const ids = async () =>
        db()
          .select({ id: contestNomination.id, personId: contestNomination.personId, status: contestNomination.status })
          .from(contestNomination)
          .where(eq(contestNomination.contestId, contest.id));
      const idOf = async (p: Member) => (await ids()).find((n) => n.personId === p.personId)!.id;
      const params = { contestId: String(contest.id) };
      const review = async (form: Record<string, string>) =>
        settle(async () => contestantsRoute.action(args(await asUser("u-hoithi", `/hoi-thi/${contest.id}/thi-sinh`, form), params)));

      const noReason = await review({ intent: "decline", nominationId: String(await idOf(people[0]!)), reason: "   " });
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.value)).toContain("Vui lòng nêu lý do");
      expect((await ids()).every((n) => n.status === "pending")).toBe(true);

      const declined = await review({ intent: "decline", nominationId: String(await idOf(people[0]!)), reason: "Chưa đủ 2 năm giữ chức vụ bí thư chi bộ" });
      expect(declined.status).toBe(302);
      const [entry] = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, String(contest.id)), eq(auditLog.action, "nomination.decline")));
      expect(entry).toMatchObject({ actorId: "u-hoithi", reason: "Chưa đủ 2 năm giữ chức vụ bí thư chi bộ" });

      // The unit withdraws one pending nomination, audited; a declined one cannot be withdrawn.
      const withdraw = async (p: Member) =>
        settle(async () =>
          nominationRoute.action(
            args(await asUser("u-donvi", nominationPath(contest.id), { intent: "withdraw", nominationId: String(await idOf(p)) }), params),
          ),
        );
      expect((await withdraw(people[1]!)).status).toBe(302);
      expect((await withdraw(people[0]!)).status).toBe(400);
      const [withdrawn] = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, String(contest.id)), eq(auditLog.action, "nomination.withdraw")));
      expect(withdrawn!.actorId).toBe("u-donvi");

      // Accept all of the unit: the two still pending become contestants, the declined one does not.
      expect((await review({ intent: "acceptUnit", unitId: String(unit.id) })).status).toBe(302);
      const contestants = await db()
        .select({ personId: contestContestant.personId })
        .from(contestContestant)
        .where(eq(contestContestant.contestId, contest.id));
      expect(contestants.map((c) => c.personId).sort()).toEqual([people[2]!.personId, people[3]!.personId].sort());

      const unitPage = await nominationRoute.loader(args(await asUser("u-donvi", nominationPath(contest.id)), params));
      const declinedRow = unitPage.rows.find((r) => r.memberCode === people[0]!.memberCode)!;
      expect(declinedRow).toMatchObject({ status: "declined", decisionReason: "Chưa đủ 2 năm giữ chức vụ bí thư chi bộ" });
      expect(declinedRow.decidedOn).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(unitPage.rows.some((r) => r.memberCode === people[1]!.memberCode)).toBe(false);

      // A declined person may be nominated again (back to pending), still only once.
      const renominated = await nominate({
        contest,
        units,
        unitId: unit.id,
        memberCodes: [people[0]!.memberCode],
        note: "Đã bổ sung hồ sơ",
        userId: "u-donvi",
      });
      expect(renominated.ok && renominated.outcome.added).toBe(1);
      expect((await ids()).filter((n) => n.personId === people[0]!.personId).map((n) => n.status)).toEqual(["pending"]);

      // A forged id from another contest changes nothing.
      const other = await newContest("Hội thi khác");
      const foreign = await settle(async () =>
        contestantsRoute.action(
          args(await asUser("u-hoithi", `/hoi-thi/${other.id}/thi-sinh`, { intent: "accept", nominationId: String(await idOf(people[0]!)) }), {
            contestId: String(other.id),
          }),
        ),
      );
      expect(foreign.status).toBe(400);
      expect((await ids()).find((n) => n.personId === people[0]!.personId)!.status).toBe("pending");

      // The list page shows the contest with the unit's counts.
      const list = await nominationListRoute.loader(args(await asUser("u-donvi", "/hoi-thi/de-cu")));
      expect(list.contests.find((c) => c.id === contest.id)).toMatchObject({ pending: 1, accepted: 2, declined: 0 });
    });

    it("keeps pending nominations out of standings, leaderboards and the contestant count", async () => {
      const unit = await donviUnit();
      const contest = await newContest("Hội thi xếp hạng");
      const [registered, nominee] = await members(2, unit.path);
      await registerContestants({ contest, memberCodes: [registered!.memberCode], userId: "u-hoithi" });
      const units = scopesBelow(await sessionUser("u-donvi"), "contest.nominate", contest.unitPath);
      expect((await nominate({ contest, units, unitId: unit.id, memberCodes: [nominee!.memberCode], note: "", userId: "u-donvi" })).ok).toBe(true);
      await advanceContest({ contestId: contest.id, from: "registration" });
      await recomputeNow(contest.id);
      const standings = rowsOf(
        await db().execute(
          sql`select c.person_id as "personId" from ${contestStanding} s join contest_contestant c on c.id = s.contestant_id where s.contest_id = ${contest.id}`,
        ),
        z.object({ personId: z.number() }),
      );
      expect(standings.map((s) => s.personId)).toEqual([registered!.personId]);
      const board = await getLeaderboard({ contestId: contest.id });
      expect(board.total).toBe(1);
      // Once the contest runs, a pending nomination can be declined but no longer accepted.
      const late = await acceptNominations({ contest: (await getContest(contest.id))!, userId: "u-hoithi", unitId: unit.id });
      expect(late.ok).toBe(false);
    });
  });
}
