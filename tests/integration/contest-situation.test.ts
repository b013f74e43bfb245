import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, contestRound, contestSituationDraw, roleGrant, user } from "#db/schema";
import { loadGrants } from "~/auth/session.server";
import { submitBallot } from "~/contest/ballots.server";
import {
  addCriterion,
  addRound,
  advanceContest,
  assignJudge,
  createContest,
  getContest,
  listCriteria,
  registerContestants,
  updateRound,
} from "~/contest/contests.server";
import {
  assignSituation,
  closeSituationRound,
  drawSituation,
  getSituationForJudge,
  openSituationRound,
  saveSituationAnswer,
  submitSituationAnswer,
} from "~/contest/situations.server";
import * as contestRoute from "~/routes/hoi-thi.$contestId._index";
import * as judgeRoute from "~/routes/hoi-thi.$contestId.cham.$roundId";
import * as situationRoute from "~/routes/hoi-thi.$contestId.tinh-huong.$roundId";
import * as roundRoute from "~/routes/hoi-thi.$contestId.vong.$roundId";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

for (const target of dbTargets()) {
  describe(`contest situation rounds on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    let accountSeq = 0;

    /**
     * A running contest with a situation round ('viet' unless told), `situations` entered through
     * the organiser's route, the seeded outside judge assigned, and `n` contestants with accounts.
     */
    async function situationContest(input: { n: number; situations: string[]; mode?: "viet" | "trinh_bay"; timeLimitMinutes?: number }) {
      const [organiser] = await db().select().from(user).where(eq(user.id, "u-hoithi"));
      const sessionUser = {
        id: organiser!.id,
        username: organiser!.username,
        displayName: organiser!.displayName,
        personId: organiser!.personId,
        grants: await loadGrants("u-hoithi"),
      };
      const created = await createContest({
        user: sessionUser,
        name: `Hội thi tình huống ${++accountSeq}`,
        level: "khoi",
        unitId: 1,
        startsOn: "2022-08-15",
        endsOn: "2022-08-19",
        rules: "",
        prizes: [],
      });
      if (!created.ok) throw new Error(created.message);
      const contest = (await getContest(created.id))!;
      const round = await addRound({
        contest,
        round: {
          kind: "situation",
          name: "Xử lý tình huống",
          maxPoints: 100,
          weight: 1,
          speedBonus: 0,
          timeLimitMinutes: input.timeLimitMinutes ?? 30,
          answerMode: input.mode ?? "viet",
        },
      });
      if (!round.ok) throw new Error(round.message);
      await addCriterion({ contest, roundId: round.id, label: "Giải pháp", maxPoints: 100 });
      expect((await assignJudge({ contest, roundId: round.id, username: "giamkhao2" })).ok).toBe(true);
      const params = { contestId: String(contest.id), roundId: String(round.id) };
      const organiserCookie = await cookieFor("u-hoithi");
      for (const [i, marker] of input.situations.entries()) {
        const added = await settle(() =>
          roundRoute.action(args(postRequest("/", { intent: "addSituation", title: `Tình huống ${i + 1}`, body: marker }, organiserCookie), params)),
        );
        expect(added.status).toBe(302);
      }
      const people = rowsOf(
        await db().execute(sql`select p.id as "personId", p.member_code as "memberCode" from person p
          where p.active and not exists (select 1 from "user" u where u.person_id = p.id)
            and not exists (select 1 from contest_contestant c where c.person_id = p.id)
          order by p.id limit ${input.n}`),
        z.object({ personId: z.number(), memberCode: z.string() }),
      );
      const users = people.map((p, i) => ({
        id: `th-${accountSeq}-${i}`,
        username: `th-${accountSeq}-${i}`,
        passwordHash: "x",
        personId: p.personId,
        displayName: `Thí sinh ${i}`,
      }));
      await db().insert(user).values(users);
      await db()
        .insert(roleGrant)
        .values(users.map((u) => ({ userId: u.id, role: "learner", unitId: 1 })));
      await registerContestants({ contest, memberCodes: people.map((p) => p.memberCode), userId: "u-hoithi" });
      const ids = rowsOf(
        await db().execute(sql`select id, person_id as "personId" from contest_contestant where contest_id = ${contest.id}`),
        z.object({ id: z.number(), personId: z.number() }),
      );
      const contestantIds = people.map((p) => ids.find((r) => r.personId === p.personId)!.id);
      await advanceContest({ contestId: contest.id, from: "draft" });
      await advanceContest({ contestId: contest.id, from: "registration" });
      return { contest, roundId: round.id, params, organiserCookie, userIds: users.map((u) => u.id), contestantIds };
    }

    const pageOf = (params: { contestId: string; roundId: string }) => `/hoi-thi/${params.contestId}/tinh-huong/${params.roundId}`;

    it("keeps situations confidential: organisers only before the draw, a contestant only their own, a judge a written answer only once handed in", async () => {
      const setup = await situationContest({ n: 2, situations: ["BI-MAT-TH-MOT", "BI-MAT-TH-HAI"] });
      const { contest, roundId, params } = setup;
      const [aCookie, bCookie] = await Promise.all(setup.userIds.map(cookieFor));
      const [a, b] = setup.contestantIds as [number, number];
      const asOrganiser = await settle(() => roundRoute.loader(args(getRequest("/", setup.organiserCookie), params)));
      expect(JSON.stringify(asOrganiser.value)).toContain("BI-MAT-TH-MOT");
      const organiserOverview = await contestRoute.loader(args(getRequest(`/hoi-thi/${contest.id}`, setup.organiserCookie), { contestId: params.contestId }));
      expect(organiserOverview.rounds[0]!.detail).toBe("2 tình huống · 1 tiêu chí · 1 giám khảo");
      // The round page stays organisers-only: a contestant and a judge get 403.
      for (const outsider of [setup.userIds[0]!, "u-giamkhao2"]) {
        const denied = await settle(async () => roundRoute.loader(args(getRequest("/", await cookieFor(outsider)), params)));
        expect(denied.status).toBe(403);
      }
      // Before opening: nothing on the contestant's page or the contest page, and no draw.
      const before = await settle(() => situationRoute.loader(args(getRequest(pageOf(params), aCookie), params)));
      expect(before.status).toBe(200);
      expect(JSON.stringify(before.value)).not.toContain("BI-MAT");
      const overview = await settle(() => contestRoute.loader(args(getRequest(`/hoi-thi/${contest.id}`, aCookie), { contestId: params.contestId })));
      expect(JSON.stringify(overview.value)).not.toContain("BI-MAT");
      expect(await drawSituation({ contestId: contest.id, roundId, contestantId: a })).toEqual({ ok: false, message: "Vòng thi chưa mở hoặc đã kết thúc." });

      // B is assigned situation 2 before drawing: still nothing on B's page until B draws.
      const situations = rowsOf(
        await db().execute(sql`select id, body from contest_situation where round_id = ${roundId} order by position`),
        z.object({ id: z.number(), body: z.string() }),
      );
      expect((await assignSituation({ contestId: contest.id, roundId, contestantId: b, situationId: situations[1]!.id, actorId: "u-hoithi" })).ok).toBe(true);
      expect((await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" })).ok).toBe(true);
      const assignedNotDrawn = await settle(() => situationRoute.loader(args(getRequest(pageOf(params), bCookie), params)));
      expect(JSON.stringify(assignedNotDrawn.value)).not.toContain("BI-MAT");

      // A draws through the route: A sees their own situation, the least used one (1), never B's.
      const drawn = await settle(() => situationRoute.action(args(postRequest(pageOf(params), { intent: "draw" }, aCookie), params)));
      expect(drawn.status).toBe(302);
      const aPage = JSON.stringify((await settle(() => situationRoute.loader(args(getRequest(pageOf(params), aCookie), params)))).value);
      expect(aPage).toContain("BI-MAT-TH-MOT");
      expect(aPage).not.toContain("BI-MAT-TH-HAI");
      await settle(() => situationRoute.action(args(postRequest(pageOf(params), { intent: "draw" }, bCookie), params)));
      const bPage = JSON.stringify((await settle(() => situationRoute.loader(args(getRequest(pageOf(params), bCookie), params)))).value);
      const usage = await roundRoute.loader(args(getRequest("/", setup.organiserCookie), params));
      expect(usage.situations.map((x) => x.uses)).toEqual([1, 1]);
      expect(bPage).toContain("BI-MAT-TH-HAI");
      expect(bPage).not.toContain("BI-MAT-TH-MOT");

      // A writes: the judge sees neither the situation nor the answer until A hands in.
      const judgeCookie = await cookieFor("u-giamkhao2");
      const judgePage = async () =>
        JSON.stringify(
          (await settle(() => judgeRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/cham/${roundId}?thiSinh=${a}`, judgeCookie), params)))).value,
        );
      const saved = await settle(() =>
        situationRoute.action(args(postRequest(pageOf(params), { intent: "save", answer: "BAI-LAM-CUA-A nháp" }, aCookie), params)),
      );
      expect(saved.status).toBe(200);
      expect(await judgePage()).not.toContain("BAI-LAM-CUA-A");
      expect(await judgePage()).not.toContain("BI-MAT-TH-MOT");
      expect(await getSituationForJudge({ roundId, contestantId: a, judgeUserId: "u-giamkhao2" })).toMatchObject({
        drawn: true,
        handedIn: false,
        code: null,
        answer: null,
      });
      // A judge not assigned to the round gets nothing at all.
      expect(await getSituationForJudge({ roundId, contestantId: a, judgeUserId: "u-giamkhao" })).toBeNull();
      // Nor can a sheet be written before the answer is handed in: nothing to judge yet.
      const [criterion] = await listCriteria(roundId);
      const sheet = { roundId, contestantId: a, judgeUserId: "u-giamkhao2", scores: { [String(criterion!.id)]: 80 }, total: 80 };
      expect(await submitBallot(sheet)).toEqual({
        ok: false,
        message: "Thí sinh chưa nộp bài viết của vòng này: chấm sau khi thí sinh nộp bài hoặc khi vòng thi đã đóng.",
      });
      expect(rowsOf(await db().execute(sql`select id from contest_ballot where round_id = ${roundId}`), z.object({}).passthrough())).toHaveLength(0);
      const submitted = await settle(() =>
        situationRoute.action(args(postRequest(pageOf(params), { intent: "submit", answer: "BAI-LAM-CUA-A hoàn chỉnh" }, aCookie), params)),
      );
      expect(submitted.status).toBe(302);
      const after = await judgePage();
      expect(after).toContain("BAI-LAM-CUA-A hoàn chỉnh");
      expect(after).toContain("BI-MAT-TH-MOT");
      expect((await submitBallot(sheet)).ok).toBe(true);
      // B's page still shows only B's own situation and no answer of A.
      expect(JSON.stringify((await settle(() => situationRoute.loader(args(getRequest(pageOf(params), bCookie), params)))).value)).not.toContain(
        "BAI-LAM-CUA-A",
      );
    });

    it("draws once per contestant however many presses arrive at once, least-used situation first", async () => {
      const { contest, roundId, contestantIds } = await situationContest({ n: 3, situations: ["S1", "S2", "S3"] });
      expect((await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" })).ok).toBe(true);
      const [first] = contestantIds as [number];
      const presses = await Promise.all(Array.from({ length: 4 }, () => drawSituation({ contestId: contest.id, roundId, contestantId: first })));
      expect(presses.every((p) => p.ok)).toBe(true);
      expect(presses.filter((p) => p.ok && !p.already)).toHaveLength(1);
      const rowsFirst = await db()
        .select()
        .from(contestSituationDraw)
        .where(and(eq(contestSituationDraw.roundId, roundId), eq(contestSituationDraw.contestantId, first)));
      expect(rowsFirst).toHaveLength(1);
      // The other two draw concurrently: three contestants, three different situations.
      await Promise.all(contestantIds.slice(1).map((contestantId) => drawSituation({ contestId: contest.id, roundId, contestantId })));
      const all = await db()
        .select({ situationId: contestSituationDraw.situationId })
        .from(contestSituationDraw)
        .where(eq(contestSituationDraw.roundId, roundId));
      expect(all).toHaveLength(3);
      expect(new Set(all.map((r) => r.situationId)).size).toBe(3);
    });

    it("refuses saves after the deadline (with the grace period) in Vietnamese, and submits once", async () => {
      const { contest, roundId, contestantIds, params, userIds } = await situationContest({ n: 2, situations: ["S1"], timeLimitMinutes: 10 });
      await openSituationRound({ contestId: contest.id, roundId, windowMinutes: 60, actorId: "u-hoithi" });
      const [a, b] = contestantIds as [number, number];
      await drawSituation({ contestId: contest.id, roundId, contestantId: a });
      await drawSituation({ contestId: contest.id, roundId, contestantId: b });
      const [draw] = await db().select().from(contestSituationDraw).where(eq(contestSituationDraw.contestantId, a));
      // Deadline = drawn + time limit (the round closes later).
      expect(draw!.deadline!.getTime() - draw!.drawnAt!.getTime()).toBe(10 * 60_000);
      expect((await saveSituationAnswer({ roundId, contestantId: a, answer: "phần đã lưu" })).ok).toBe(true);
      // 5 s past the deadline: inside the 15 s grace, still saved.
      await db()
        .update(contestSituationDraw)
        .set({ deadline: sql`now() - interval '5 seconds'` })
        .where(eq(contestSituationDraw.contestantId, a));
      expect((await saveSituationAnswer({ roundId, contestantId: a, answer: "phần đã lưu, thêm" })).ok).toBe(true);
      // 1 minute past: refused, through the module and the route, and the saved text stays.
      await db()
        .update(contestSituationDraw)
        .set({ deadline: sql`now() - interval '1 minute'` })
        .where(eq(contestSituationDraw.contestantId, a));
      const late = "Đã hết giờ làm bài: không lưu được nội dung mới. Phần đã lưu trước khi hết giờ được tính là bài nộp.";
      expect(await saveSituationAnswer({ roundId, contestantId: a, answer: "viết muộn" })).toEqual({ ok: false, message: late });
      const viaRoute = await settle(async () =>
        situationRoute.action(args(postRequest(pageOf(params), { intent: "save", answer: "viết muộn" }, await cookieFor(userIds[0]!)), params)),
      );
      expect(viaRoute.status).toBe(400);
      expect(JSON.stringify(viaRoute.value)).toContain(late);
      expect(await submitSituationAnswer({ roundId, contestantId: a, answer: "nộp muộn" })).toEqual({ ok: false, message: late });
      const [kept] = await db()
        .select({ answer: contestSituationDraw.answer, submittedAt: contestSituationDraw.submittedAt })
        .from(contestSituationDraw)
        .where(eq(contestSituationDraw.contestantId, a));
      expect(kept).toEqual({ answer: "phần đã lưu, thêm", submittedAt: null });
      // Past the deadline counts as handed in: the judge may read it.
      expect(await getSituationForJudge({ roundId, contestantId: a, judgeUserId: "u-giamkhao2" })).toMatchObject({
        handedIn: true,
        answer: "phần đã lưu, thêm",
      });

      // B submits twice: the second is a no-op and the answer stays locked.
      expect(await submitSituationAnswer({ roundId, contestantId: b, answer: "bài của B" })).toEqual({ ok: true, already: false });
      expect(await submitSituationAnswer({ roundId, contestantId: b, answer: "sửa sau khi nộp" })).toEqual({ ok: true, already: true });
      expect(await saveSituationAnswer({ roundId, contestantId: b, answer: "sửa sau khi nộp" })).toEqual({
        ok: false,
        message: "Bài làm đã nộp và bị khóa, không sửa được nữa.",
      });
      const [bRow] = await db().select({ answer: contestSituationDraw.answer }).from(contestSituationDraw).where(eq(contestSituationDraw.contestantId, b));
      expect(bRow!.answer).toBe("bài của B");
    });

    it("validates input with Vietnamese messages, never a 500 and never half a record", async () => {
      const { contest, roundId, params, userIds, contestantIds } = await situationContest({ n: 1, situations: ["S1"] });
      await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" });
      await drawSituation({ contestId: contest.id, roundId, contestantId: contestantIds[0]! });
      const cookie = await cookieFor(userIds[0]!);
      const tooLong = await settle(() =>
        situationRoute.action(args(postRequest(pageOf(params), { intent: "save", answer: "x".repeat(20_001) }, cookie), params)),
      );
      expect(tooLong.status).toBe(400);
      expect(JSON.stringify(tooLong.value)).toContain("Bài làm quá dài (tối đa 20.000 ký tự).");
      const unknown = await settle(() => situationRoute.action(args(postRequest(pageOf(params), { intent: "erase" }, cookie), params)));
      expect(unknown.status).toBe(400);
      const [row] = await db()
        .select({ answer: contestSituationDraw.answer })
        .from(contestSituationDraw)
        .where(eq(contestSituationDraw.contestantId, contestantIds[0]!));
      expect(row!.answer).toBe("");
      // Organiser forms: an empty title, an id beyond int4, editing after the round opened.
      const org = setupOrganiser(params);
      expect((await org({ intent: "addSituation", title: " ", body: "nội dung" })).status).toBe(400);
      expect((await org({ intent: "assignSituation", contestantId: "99999999999", situationId: "1" })).status).toBe(400);
      const late = await org({ intent: "addSituation", title: "Tình huống mới", body: "nội dung" });
      expect(late.status).toBe(400);
      expect(JSON.stringify(late.value)).toContain("Chỉ sửa được tình huống trước khi vòng thi mở.");
      // A contestant of another contest, a judge or an organiser cannot draw here: only registered contestants.
      const asJudge = await settle(async () =>
        situationRoute.action(args(postRequest(pageOf(params), { intent: "draw" }, await cookieFor("u-giamkhao2")), params)),
      );
      expect(asJudge.status).toBe(403);
    });

    function setupOrganiser(params: { contestId: string; roundId: string }) {
      return async (form: Record<string, string>) => settle(async () => roundRoute.action(args(postRequest("/", form, await cookieFor("u-hoithi")), params)));
    }

    it("audits an assignment, replaces it before the draw and refuses it after", async () => {
      const { contest, roundId, contestantIds } = await situationContest({ n: 1, situations: ["S1", "S2"] });
      const [a] = contestantIds as [number];
      const situations = rowsOf(
        await db().execute(sql`select id from contest_situation where round_id = ${roundId} order by position`),
        z.object({ id: z.number() }),
      );
      const [s1, s2] = situations.map((s) => s.id) as [number, number];
      expect((await assignSituation({ contestId: contest.id, roundId, contestantId: a, situationId: s1, actorId: "u-hoithi" })).ok).toBe(true);
      expect((await assignSituation({ contestId: contest.id, roundId, contestantId: a, situationId: s2, actorId: "u-hoithi" })).ok).toBe(true);
      const trail = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, String(contest.id)), eq(auditLog.action, "situation.assign")))
        .orderBy(auditLog.id);
      expect(trail).toHaveLength(2);
      expect(trail[1]).toMatchObject({
        actorId: "u-hoithi",
        before: { contestantId: a, situationId: s1 },
        after: { contestantId: a, situationId: s2, code: "TH-02" },
      });
      // The draw reveals the assignment, not a random one; afterwards the assignment is fixed.
      await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" });
      expect((await drawSituation({ contestId: contest.id, roundId, contestantId: a })).ok).toBe(true);
      const [row] = await db().select().from(contestSituationDraw).where(eq(contestSituationDraw.contestantId, a));
      expect(row).toMatchObject({ situationId: s2, assignedBy: "u-hoithi" });
      expect(row!.drawnAt).not.toBeNull();
      expect(await assignSituation({ contestId: contest.id, roundId, contestantId: a, situationId: s1, actorId: "u-hoithi" })).toEqual({
        ok: false,
        message: "Thí sinh đã bốc thăm tình huống: không thể phân công lại.",
      });
    });

    it("removes an assignment before the draw through the round page, audited, and refuses it after the draw", async () => {
      const { contest, roundId, params, organiserCookie, contestantIds } = await situationContest({ n: 2, situations: ["S1", "S2"] });
      const [a, b] = contestantIds as [number, number];
      const [s1] = rowsOf(
        await db().execute(sql`select id from contest_situation where round_id = ${roundId} order by position`),
        z.object({ id: z.number() }),
      );
      for (const c of [a, b])
        expect((await assignSituation({ contestId: contest.id, roundId, contestantId: c, situationId: s1!.id, actorId: "u-hoithi" })).ok).toBe(true);
      const unassign = (contestantId: number) =>
        settle(() => roundRoute.action(args(postRequest("/", { intent: "unassignSituation", contestantId: String(contestantId) }, organiserCookie), params)));
      expect((await unassign(a)).status).toBe(302);
      expect(await db().select().from(contestSituationDraw).where(eq(contestSituationDraw.contestantId, a))).toHaveLength(0);
      const trail = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, String(contest.id)), eq(auditLog.action, "situation.unassign")));
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ actorId: "u-hoithi", before: { contestantId: a, situationId: s1!.id } });
      // Once drawn, the situation stays: nothing removed, a Vietnamese reason.
      await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" });
      expect((await drawSituation({ contestId: contest.id, roundId, contestantId: b })).ok).toBe(true);
      const refused = await unassign(b);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.value)).toContain("Không còn phân công nào để bỏ: thí sinh đã bốc thăm hoặc chưa được phân công.");
      expect(await db().select().from(contestSituationDraw).where(eq(contestSituationDraw.contestantId, b))).toHaveLength(1);
    });

    it("closing the round locks every draw: saved answers count as handed in, later saves are refused", async () => {
      const { contest, roundId, contestantIds } = await situationContest({ n: 3, situations: ["S1", "S2"] });
      await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" });
      const [a, b, c] = contestantIds as [number, number, number];
      await drawSituation({ contestId: contest.id, roundId, contestantId: a });
      await drawSituation({ contestId: contest.id, roundId, contestantId: b });
      await saveSituationAnswer({ roundId, contestantId: a, answer: "bài đang viết của A" });
      expect(await closeSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" })).toEqual({ ok: true, handedIn: 2 });
      const rows = await db()
        .select({ submittedAt: contestSituationDraw.submittedAt })
        .from(contestSituationDraw)
        .where(eq(contestSituationDraw.roundId, roundId));
      expect(rows.every((r) => r.submittedAt !== null)).toBe(true);
      expect((await saveSituationAnswer({ roundId, contestantId: a, answer: "sửa sau khi đóng" })).ok).toBe(false);
      expect(await getSituationForJudge({ roundId, contestantId: a, judgeUserId: "u-giamkhao2" })).toMatchObject({
        handedIn: true,
        answer: "bài đang viết của A",
      });
      const [round] = await db().select({ status: contestRound.status }).from(contestRound).where(eq(contestRound.id, roundId));
      expect(round!.status).toBe("closed");
      expect((await closeSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" })).ok).toBe(false);
      // No new draw after the close; an earlier draw is still returned as is.
      expect(await drawSituation({ contestId: contest.id, roundId, contestantId: c })).toEqual({ ok: false, message: "Vòng thi chưa mở hoặc đã kết thúc." });
      expect(await drawSituation({ contestId: contest.id, roundId, contestantId: b })).toEqual({ ok: true, already: true });
      // Once closed, every contestant may be given a sheet, even one who never drew.
      const [criterion] = await listCriteria(roundId);
      expect((await submitBallot({ roundId, contestantId: c, judgeUserId: "u-giamkhao2", scores: { [String(criterion!.id)]: 0 }, total: 0 })).ok).toBe(true);
    });

    it("keeps the answer mode with the round fields while rounds are editable; presented rounds show the situation to judges once drawn", async () => {
      const { contest, roundId, contestantIds } = await situationContest({ n: 1, situations: ["TRINH-BAY"], mode: "trinh_bay" });
      await openSituationRound({ contestId: contest.id, roundId, actorId: "u-hoithi" });
      await drawSituation({ contestId: contest.id, roundId, contestantId: contestantIds[0]! });
      expect(await getSituationForJudge({ roundId, contestantId: contestantIds[0]!, judgeUserId: "u-giamkhao2" })).toMatchObject({
        answerMode: "trinh_bay",
        body: "TRINH-BAY",
        answer: null,
      });
      expect(await saveSituationAnswer({ roundId, contestantId: contestantIds[0]!, answer: "x" })).toEqual({
        ok: false,
        message: "Vòng thi này trình bày trực tiếp, không nộp bài viết.",
      });
      // Editing: only before the contest runs, and only situation rounds keep 'viet'.
      expect(
        (
          await updateRound({
            contest: (await getContest(contest.id))!,
            roundId,
            round: { kind: "situation", name: "X", maxPoints: 10, weight: 1, speedBonus: 0, answerMode: "viet" },
          })
        ).ok,
      ).toBe(false);
      const fresh = await createContest({
        user: { id: "u-hoithi", username: "hoithi", displayName: "", personId: null, grants: await loadGrants("u-hoithi") },
        name: "Hội thi sửa vòng",
        level: "khoi",
        unitId: 1,
        startsOn: "2022-08-15",
        endsOn: "2022-08-19",
        rules: "",
        prizes: [],
      });
      const draft = (await getContest(fresh.ok ? fresh.id : 0))!;
      const added = await addRound({
        contest: draft,
        round: { kind: "knowledge", name: "Kiến thức", maxPoints: 10, weight: 1, speedBonus: 0, answerMode: "viet" },
      });
      const [knowledge] = await db()
        .select({ answerMode: contestRound.answerMode })
        .from(contestRound)
        .where(eq(contestRound.id, added.ok ? added.id : 0));
      expect(knowledge!.answerMode).toBe("trinh_bay");
      await updateRound({
        contest: draft,
        roundId: added.ok ? added.id : 0,
        round: { kind: "situation", name: "Tình huống", maxPoints: 10, weight: 1, speedBonus: 0, answerMode: "viet" },
      });
      const [edited] = await db()
        .select({ answerMode: contestRound.answerMode, timeLimitMinutes: contestRound.timeLimitMinutes })
        .from(contestRound)
        .where(eq(contestRound.id, added.ok ? added.id : 0));
      expect(edited).toEqual({ answerMode: "viet", timeLimitMinutes: 30 });
    });
  });
}
