import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, contestBallot, contestQuestion, contestStanding, quizAttempt, roleGrant, user } from "#db/schema";
import { loadGrants } from "~/auth/session.server";
import type { SessionUser } from "~/auth/permissions";
import { confirmPaperBallot, enterPaperBallot, submitBallot } from "~/contest/ballots.server";
import {
  addCriterion,
  addRound,
  advanceContest,
  assignJudge,
  createContest,
  getContest,
  listCriteria,
  registerContestants,
  saveTieBreaks,
} from "~/contest/contests.server";
import {
  changeQuestionKey,
  closeKnowledgeRound,
  getAttemptForTaking,
  openKnowledgeRound,
  saveAnswers,
  startContestAttempt,
  submitAttempt,
} from "~/contest/knowledge-round.server";
import { parseQuestionYaml, parseXlsx, replaceRoundQuestions, XLSX_HEADERS } from "~/contest/questions.server";
import { drainScoreQueue } from "~/contest/score-queue.server";
import { getLeaderboard, getScoreboard, freezeScoreboard, revealScoreboard, SCORE_CHANNEL } from "~/contest/results.server";
import * as roundRoute from "~/routes/hoi-thi.$contestId.vong.$roundId";
import * as takeRoute from "~/routes/hoi-thi.$contestId.lam-bai.$roundId";
import * as contestRoute from "~/routes/hoi-thi.$contestId._index";
import * as judgeRoute from "~/routes/hoi-thi.$contestId.cham.$roundId";
import * as eventsRoute from "~/routes/hoi-thi.$contestId.su-kien";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

const YAML_QUESTIONS = `
- id: hq-1
  type: single
  stem: "CAU-HOI-BI-MAT-MOT: chi bộ sinh hoạt thường kỳ bao lâu một lần?"
  options: [{ id: a, text: "Mỗi tuần" }, { id: b, text: "Mỗi tháng" }, { id: c, text: "Mỗi quý" }]
  correct: [b]
  explanation: "GIAI-THICH-BI-MAT"
  source: "Điều lệ Đảng, Điều 24"
- id: hq-2
  type: multiple
  stem: "Ba tính chất của sinh hoạt chi bộ?"
  options: [{ id: a, text: "Lãnh đạo" }, { id: b, text: "Giáo dục" }, { id: c, text: "Chiến đấu" }, { id: d, text: "Giải trí" }]
  correct: [a, b, c]
- id: hq-3
  type: truefalse
  stem: "Đảng viên dự bị có quyền biểu quyết."
  options: [{ id: t, text: "Đúng" }, { id: f, text: "Sai" }]
  correct: [f]
- id: hq-4
  type: single
  stem: "Tỷ lệ dự họp tối thiểu ở Quảng Bình?"
  options: [{ id: a, text: "85%" }, { id: b, text: "90%" }, { id: c, text: "95%" }]
  correct: [c]
`;

interface Person {
  personId: number;
  memberCode: string;
  tccsId: number;
}

for (const target of dbTargets()) {
  describe(`contest on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    async function sessionUser(userId: string): Promise<SessionUser> {
      const [row] = await db().select().from(user).where(eq(user.id, userId));
      return { id: row!.id, username: row!.username, displayName: row!.displayName, personId: row!.personId, grants: await loadGrants(userId) };
    }

    /** People with their TCCS (the ancestor of kind đảng bộ cơ sở / chi bộ cơ sở). */
    async function people(limit: number, where = sql`true`): Promise<Person[]> {
      return rowsOf(
        await db().execute(sql`
          select p.id as "personId", p.member_code as "memberCode",
            (select t.id from unit t where cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by t.depth limit 1) as "tccsId"
          from person p join unit cu on cu.id = p.unit_id
          where p.active and ${where} and not exists (select 1 from "user" u where u.person_id = p.id)
          order by p.id limit ${limit}`),
        z.object({ personId: z.number(), memberCode: z.string(), tccsId: z.number() }),
      );
    }

    /** Condition: the person's cell is inside the n-th TCCS of the bloc. */
    function inTccs(n: number) {
      return sql`cu.path like (select path from unit where kind in ('dang_bo_co_so', 'chi_bo_co_so') order by id offset ${n} limit 1) || '%'`;
    }

    async function tccsOfUser(userId: string) {
      const [row] = rowsOf(
        await db()
          .execute(sql`select (select t.id from unit t where cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by t.depth limit 1) as "tccsId"
          from "user" u join person p on p.id = u.person_id join unit cu on cu.id = p.unit_id where u.id = ${userId}`),
        z.object({ tccsId: z.number() }),
      );
      return row!.tccsId;
    }

    /** Accounts for people (one INSERT), with a learner grant on the root. */
    async function accountsFor(list: Person[], prefix: string, role = "learner") {
      const rows = list.map((p, i) => ({
        id: `${prefix}-${i}`,
        username: `${prefix}-${i}`,
        passwordHash: "x",
        personId: p.personId,
        displayName: `${prefix} ${i}`,
      }));
      await db().insert(user).values(rows);
      await db()
        .insert(roleGrant)
        .values(rows.map((r) => ({ userId: r.id, role, unitId: 1 })));
      return rows.map((r) => r.id);
    }

    async function newContest(name: string, unitId = 1) {
      const organiser = await sessionUser("u-hoithi");
      const created = await createContest({
        user: organiser,
        name,
        level: "co_so",
        unitId,
        startsOn: "2022-05-01",
        endsOn: "2022-06-30",
        rules: "",
        prizes: [
          { label: "Giải Nhất", count: 1 },
          { label: "Giải Nhì", count: 1 },
        ],
      });
      if (!created.ok) throw new Error(created.message);
      return (await getContest(created.id))!;
    }

    async function judgedContest(name: string, contestants: Person[], judges: string[], dropExtremesFrom = 5, unitId = 1) {
      const contest = await newContest(name, unitId);
      const round = await addRound({
        contest,
        round: { kind: "situation", name: "Xử lý tình huống", maxPoints: 20, weight: 1, dropExtremesFrom, speedBonus: 0 },
      });
      if (!round.ok) throw new Error(round.message);
      await addCriterion({ contest, roundId: round.id, label: "Nội dung", maxPoints: 10 });
      await addCriterion({ contest, roundId: round.id, label: "Trình bày", maxPoints: 10 });
      for (const judge of judges) {
        const [row] = await db().select({ username: user.username }).from(user).where(eq(user.id, judge));
        expect((await assignJudge({ contest, roundId: round.id, username: row!.username })).ok).toBe(true);
      }
      await registerContestants({ contest, memberCodes: contestants.map((c) => c.memberCode), userId: "u-hoithi" });
      await advanceContest({ contestId: contest.id, from: "draft" });
      await advanceContest({ contestId: contest.id, from: "registration" });
      const criteria = await listCriteria(round.id);
      const ids = rowsOf(
        await db().execute(sql`select id, person_id as "personId" from contest_contestant where contest_id = ${contest.id}`),
        z.object({ id: z.number(), personId: z.number() }),
      );
      const contestantId = (p: Person) => ids.find((i) => i.personId === p.personId)!.id;
      const sheet = (a: number, b: number) => ({ [String(criteria[0]!.id)]: a, [String(criteria[1]!.id)]: b });
      return { contest, roundId: round.id, contestantId, sheet };
    }

    it("keeps a knowledge round's questions confidential until it opens, and inside the contestant's own attempt after", async () => {
      const contest = await newContest("Hội thi bảo mật");
      const round = await addRound({
        contest,
        round: { kind: "knowledge", name: "Thi kiến thức", maxPoints: 100, weight: 1, speedBonus: 0, timeLimitMinutes: 20 },
      });
      if (!round.ok) throw new Error(round.message);
      const report = parseQuestionYaml(YAML_QUESTIONS);
      expect(report.errors).toEqual([]);
      expect((await replaceRoundQuestions({ contestId: contest.id, roundId: round.id, questions: report.questions, actorId: "u-hoithi" })).ok).toBe(true);
      const [learner] = await db().select({ personId: user.personId }).from(user).where(eq(user.id, "u-hocvien"));
      const [code] = rowsOf(
        await db().execute(sql`select member_code as "memberCode" from person where id = ${learner!.personId}`),
        z.object({ memberCode: z.string() }),
      );
      await registerContestants({ contest, memberCodes: [code!.memberCode], userId: "u-hoithi" });
      await advanceContest({ contestId: contest.id, from: "draft" });
      await advanceContest({ contestId: contest.id, from: "registration" });

      const learnerCookie = await cookieFor("u-hocvien");
      const params = { contestId: String(contest.id), roundId: String(round.id) };
      // Before the round opens: nothing of the set reaches the contestant, and starting is refused.
      const before = await settle(() => takeRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/lam-bai/${round.id}`, learnerCookie), params)));
      expect(before.status).toBe(200);
      expect(JSON.stringify(before.value)).not.toContain("CAU-HOI-BI-MAT");
      const overview = await settle(() => contestRoute.loader(args(getRequest(`/hoi-thi/${contest.id}`, learnerCookie), params)));
      expect(JSON.stringify(overview.value)).not.toContain("CAU-HOI-BI-MAT");
      expect(JSON.stringify(overview.value)).not.toContain("câu hỏi");
      const early = await startContestAttempt({ contestId: contest.id, roundId: round.id, userId: "u-hocvien", personId: learner!.personId });
      expect(early).toEqual({ ok: false, message: "Vòng thi chưa mở hoặc đã kết thúc." });
      // Only the contest's organisers see the set: not a judge, not the contestant.
      for (const outsider of ["u-giamkhao", "u-hocvien", "u-donvi"]) {
        const denied = await settle(() => roundRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/vong/${round.id}`), params)));
        expect(denied.status).toBe(302);
        const asOutsider = await settle(async () =>
          roundRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/vong/${round.id}`, await cookieFor(outsider)), params)),
        );
        expect({ outsider, status: asOutsider.status }).toEqual({ outsider, status: 403 });
      }
      const asOrganiser = await settle(async () =>
        roundRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/vong/${round.id}`, await cookieFor("u-hoithi")), params)),
      );
      expect(JSON.stringify(asOrganiser.value)).toContain("CAU-HOI-BI-MAT-MOT");

      // Open: the contestant gets the questions inside their own attempt, without keys or explanations.
      expect((await openKnowledgeRound({ contestId: contest.id, roundId: round.id, actorId: "u-hoithi" })).ok).toBe(true);
      const started = await startContestAttempt({ contestId: contest.id, roundId: round.id, userId: "u-hocvien", personId: learner!.personId });
      expect(started.ok).toBe(true);
      const during = await settle(() => takeRoute.loader(args(getRequest(`/hoi-thi/${contest.id}/lam-bai/${round.id}`, learnerCookie), params)));
      const text = JSON.stringify(during.value);
      expect(text).toContain("CAU-HOI-BI-MAT-MOT");
      expect(text).not.toContain("GIAI-THICH-BI-MAT");
      expect(text).not.toContain('"correct"');
      expect(text).not.toContain("Điều lệ Đảng, Điều 24");
      // Someone else's attempt stays invisible.
      expect(await getAttemptForTaking({ attemptId: started.ok ? started.attemptId : 0, userId: "u-giamkhao" })).toBeNull();
    });

    it("imports xlsx all or nothing, with a row-level report in Vietnamese", async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Câu hỏi");
      sheet.addRow([...XLSX_HEADERS]);
      sheet.addRow(["X-1", "Một đáp án", "Câu một?", "A1", "B1", "", "", "", "B", "", ""]);
      sheet.addRow(["X-2", "Một đáp án", "Câu hai?", "A2", "B2", "", "", "", "D", "", ""]);
      sheet.addRow(["X-1", "Đúng/Sai", "Câu ba?", "", "", "", "", "", "Sai", "", ""]);
      sheet.addRow(["X-4", "Nhiều đáp án", "", "A", "B", "C", "", "", "A, C", "", ""]);
      const bad = await parseXlsx(await workbook.xlsx.writeBuffer());
      expect(bad.ok).toBe(false);
      expect(bad.questions).toEqual([]);
      expect(bad.errors).toEqual([
        'Dòng 3: đáp án đúng "D" không có trong các phương án.',
        'Dòng 4: mã câu "X-1" trùng với dòng 2.',
        "Dòng 5: thiếu nội dung câu hỏi.",
      ]);
      const fixed = new ExcelJS.Workbook();
      fixed.addWorksheet("Câu hỏi").addRows([[...XLSX_HEADERS], ["X-1", "Một đáp án", "Câu một?", "A1", "B1", "", "", "", "B", "", ""]]);
      const good = await parseXlsx(await fixed.xlsx.writeBuffer());
      expect(good).toMatchObject({ ok: true, count: 1, errors: [] });
      expect(good.questions[0]).toMatchObject({
        code: "X-1",
        correct: ["b"],
        options: [
          { id: "a", text: "A1" },
          { id: "b", text: "B1" },
        ],
      });
    });

    it("in a grassroots contest, a judge is kept only from their own cell's branch, not from the whole organisation", async () => {
      // Organised by the judge's TCCS: a contestant of the judge's cell is refused, one of another cell is not.
      const judgeTccs = await tccsOfUser("u-giamkhao");
      const [judgeCell] = rowsOf(
        await db().execute(
          sql`select u.id, u.path from "user" a join person p on p.id = a.person_id join unit u on u.id = p.unit_id where a.id = 'u-giamkhao'`,
        ),
        z.object({ id: z.number(), path: z.string() }),
      );
      const [tccs] = rowsOf(await db().execute(sql`select path from unit where id = ${judgeTccs}`), z.object({ path: z.string() }));
      const branchOf = (path: string) => path.slice(tccs!.path.length).split("/")[0];
      const sameBranch = (await people(40, sql`cu.path like ${tccs!.path + "%"}`)).filter((p) => p.personId);
      const rows = rowsOf(
        await db().execute(sql`select p.id, u.path from person p join unit u on u.id = p.unit_id where p.id in ${sameBranch.map((p) => p.personId)}`),
        z.object({ id: z.number(), path: z.string() }),
      );
      const pathOf = new Map(rows.map((r) => [r.id, r.path]));
      const own = sameBranch.find((p) => branchOf(pathOf.get(p.personId)!) === branchOf(judgeCell!.path));
      const other = sameBranch.find((p) => branchOf(pathOf.get(p.personId)!) !== branchOf(judgeCell!.path));
      const { roundId, contestantId, sheet } = await judgedContest("Hội thi cấp cơ sở", [own!, other!], ["u-giamkhao"], 5, judgeTccs);
      expect(await submitBallot({ roundId, contestantId: contestantId(own!), judgeUserId: "u-giamkhao", scores: sheet(8, 8), total: 16 })).toEqual({
        ok: false,
        message: "Giám khảo không được chấm thí sinh cùng đơn vị với mình.",
      });
      expect((await submitBallot({ roundId, contestantId: contestantId(other!), judgeUserId: "u-giamkhao", scores: sheet(8, 8), total: 16 })).ok).toBe(true);
    });

    it("refuses a judge scoring a contestant from their own grassroots organisation, on the server", async () => {
      const judgeTccs = await tccsOfUser("u-giamkhao");
      const [own] = await people(1, sql`cu.path like (select path from unit where id = ${judgeTccs}) || '%'`);
      const [other] = await people(1, sql`cu.path not like (select path from unit where id = ${judgeTccs}) || '%'`);
      const { roundId, contestantId, sheet, contest } = await judgedContest("Hội thi xung đột lợi ích", [own!, other!], ["u-giamkhao"]);
      const refused = await submitBallot({ roundId, contestantId: contestantId(own!), judgeUserId: "u-giamkhao", scores: sheet(8, 8), total: 16 });
      expect(refused).toEqual({ ok: false, message: "Giám khảo không được chấm thí sinh cùng đơn vị với mình." });
      // Through the route too: a forged POST gets a 400 and writes nothing.
      const [c1] = await listCriteria(roundId);
      const forged = await settle(async () =>
        judgeRoute.action(
          args(
            postRequest(
              `/hoi-thi/${contest.id}/cham/${roundId}`,
              { contestantId: String(contestantId(own!)), [`c${c1!.id}`]: "9", [`c${c1!.id + 1}`]: "9" },
              await cookieFor("u-giamkhao"),
            ),
            { contestId: String(contest.id), roundId: String(roundId) },
          ),
        ),
      );
      expect(forged.status).toBe(400);
      expect(await db().select().from(contestBallot).where(eq(contestBallot.roundId, roundId))).toHaveLength(0);
      expect((await submitBallot({ roundId, contestantId: contestantId(other!), judgeUserId: "u-giamkhao", scores: sheet(8, 7), total: 15 })).ok).toBe(true);
      // A judge who is not assigned to the round is refused as well.
      const notAssigned = await submitBallot({ roundId, contestantId: contestantId(other!), judgeUserId: "u-hoithi", scores: sheet(1, 1), total: 2 });
      expect(notAssigned).toEqual({ ok: false, message: "Giám khảo không được phân công chấm vòng thi này." });
    });

    it("locks submitted sheets, reopens only with a reason, recomputes totals and keeps an audit trail", async () => {
      const contestants = await people(3, inTccs(10));
      const judgeUsers = await accountsFor(await people(5, inTccs(11)), "gk-a", "judge");
      const { contest, roundId, contestantId, sheet } = await judgedContest("Hội thi nhật ký", contestants, judgeUsers);
      const [a, b, c] = contestants.map(contestantId) as [number, number, number];
      // Five judges: for A, highest (20) and lowest (2) dropped → mean of 10, 12, 14 = 12.
      const totalsA = [
        [10, 10],
        [1, 1],
        [6, 4],
        [6, 6],
        [7, 7],
      ] as const;
      for (const [i, [x, y]] of totalsA.entries())
        expect((await submitBallot({ roundId, contestantId: a, judgeUserId: judgeUsers[i]!, scores: sheet(x, y), total: x + y })).ok).toBe(true);
      // Five judges submit for B at the same moment: each recompute sees the others' sheets (no lost update).
      await Promise.all(judgeUsers.map((judge) => submitBallot({ roundId, contestantId: b, judgeUserId: judge, scores: sheet(6, 6), total: 12 })));
      await submitBallot({ roundId, contestantId: c, judgeUserId: judgeUsers[0]!, scores: sheet(9, 9), total: 18 });
      let board = await getLeaderboard({ contestId: contest.id });
      // Tied rows share a rank; their order between themselves is by registration id.
      expect(board.rows.map((r) => [r.contestantId, r.total, r.rank, r.tied])).toEqual([
        [c, 18, 1, false],
        ...[a, b].sort((x, y) => x - y).map((id) => [id, 12, 2, true]),
      ]);
      expect(board.rows[0]!.prize).toBe("Giải Nhất");

      const locked = await submitBallot({ roundId, contestantId: c, judgeUserId: judgeUsers[0]!, scores: sheet(1, 1), total: 2 });
      expect(locked.ok).toBe(false);
      const [ballot] = await db()
        .select()
        .from(contestBallot)
        .where(and(eq(contestBallot.contestantId, c), eq(contestBallot.judgeUserId, judgeUsers[0]!)));
      // No reason → 400 from the route, nothing changes.
      const params = { contestId: String(contest.id), roundId: String(roundId) };
      const noReason = await settle(async () =>
        roundRoute.action(args(postRequest("/", { intent: "reopen", ballotId: String(ballot!.id), reason: " " }, await cookieFor("u-hoithi")), params)),
      );
      expect(noReason.status).toBe(400);
      const reopened = await settle(async () =>
        roundRoute.action(
          args(postRequest("/", { intent: "reopen", ballotId: String(ballot!.id), reason: "Giám khảo cộng nhầm" }, await cookieFor("u-hoithi")), params),
        ),
      );
      expect(reopened.status).toBe(302);
      expect((await submitBallot({ roundId, contestantId: c, judgeUserId: judgeUsers[0]!, scores: sheet(5, 5), total: 10 })).ok).toBe(true);
      board = await getLeaderboard({ contestId: contest.id });
      expect(board.rows.map((r) => [r.contestantId, r.total, r.rank])).toEqual([...[a, b].sort((x, y) => x - y).map((id) => [id, 12, 1]), [c, 10, 3]]);
      const trail = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "contest"), eq(auditLog.entityId, String(contest.id))))
        .orderBy(auditLog.id);
      const last = trail.slice(-2);
      expect(last.map((t) => t.action)).toEqual(["ballot.reopen", "ballot.submit"]);
      expect(last[0]).toMatchObject({
        actorId: "u-hoithi",
        reason: "Giám khảo cộng nhầm",
        before: { total: 18, status: "submitted" },
        after: { status: "reopened" },
      });
      expect(last[1]).toMatchObject({ actorId: judgeUsers[0], before: { total: 18, status: "reopened" }, after: { total: 10, status: "submitted" } });
      expect(trail.filter((t) => t.action === "ballot.submit")).toHaveLength(12);
    });

    it("accepts a paper sheet only when a different person re-enters the same figures", async () => {
      const contestants = await people(1, inTccs(12));
      const { roundId, contestantId, sheet, contest } = await judgedContest("Hội thi nhập phiếu giấy", contestants, ["u-giamkhao"]);
      await db().insert(user).values({ id: "u-thuky2", username: "thuky2", passwordHash: "x", displayName: "Thư ký hai" });
      await db().insert(roleGrant).values({ userId: "u-thuky2", role: "contest_organizer", unitId: 1 });
      const entered = await enterPaperBallot({
        roundId,
        contestantId: contestantId(contestants[0]!),
        judgeUserId: "u-giamkhao",
        scores: sheet(7, 8),
        total: 15,
        clerkId: "u-hoithi",
      });
      expect(entered.ok).toBe(true);
      const ballotId = entered.ok ? entered.ballotId : 0;
      expect((await getLeaderboard({ contestId: contest.id })).rows.every((r) => r.total === 0)).toBe(true);
      expect(await confirmPaperBallot({ ballotId, roundId, scores: sheet(7, 8), confirmerId: "u-hoithi" })).toMatchObject({
        ok: false,
        message: "Người xác nhận phải khác người đã nhập phiếu.",
      });
      const mismatch = await confirmPaperBallot({ ballotId, roundId, scores: sheet(7, 9), confirmerId: "u-thuky2" });
      expect(mismatch.ok).toBe(false);
      expect(!mismatch.ok && mismatch.mismatches).toHaveLength(1);
      // The judge cannot overwrite a sheet waiting for confirmation.
      expect((await submitBallot({ roundId, contestantId: contestantId(contestants[0]!), judgeUserId: "u-giamkhao", scores: sheet(1, 1), total: 2 })).ok).toBe(
        false,
      );
      expect(await confirmPaperBallot({ ballotId, roundId, scores: sheet(7, 8), confirmerId: "u-thuky2" })).toEqual({ ok: true });
      expect((await getLeaderboard({ contestId: contest.id })).rows[0]).toMatchObject({ total: 15, rank: 1 });
    });

    it("takes 200 knowledge-round submissions at the same moment with nothing lost or double-counted, and re-grades on a key change", async () => {
      const list = await people(200, sql`true`);
      const userIds = await accountsFor(list, "ts");
      const contest = await newContest("Hội thi 200 thí sinh");
      const round = await addRound({
        contest,
        round: { kind: "knowledge", name: "Kiến thức", maxPoints: 100, weight: 1, speedBonus: 0, timeLimitMinutes: 30 },
      });
      if (!round.ok) throw new Error(round.message);
      await replaceRoundQuestions({ contestId: contest.id, roundId: round.id, questions: parseQuestionYaml(YAML_QUESTIONS).questions, actorId: "u-hoithi" });
      const registered = await registerContestants({ contest, memberCodes: list.map((p) => p.memberCode), userId: "u-hoithi" });
      expect(registered).toEqual({ added: 200, unknown: [], inactive: [] });
      await advanceContest({ contestId: contest.id, from: "draft" });
      await advanceContest({ contestId: contest.id, from: "registration" });
      expect((await saveTieBreaks({ contestId: contest.id, keys: [`time:${round.id}`] })).ok).toBe(true);
      expect((await openKnowledgeRound({ contestId: contest.id, roundId: round.id, actorId: "u-hoithi" })).ok).toBe(true);

      const questions = await db().select().from(contestQuestion).where(eq(contestQuestion.roundId, round.id)).orderBy(contestQuestion.position);
      // Contestant i answers the first (i % 5) questions right, the rest wrong.
      const answersFor = (i: number) =>
        Object.fromEntries(questions.map((q, k) => [`cq-${q.id}`, k < i % 5 ? q.correct : [q.options.find((o) => !q.correct.includes(o.id))!.id]]));
      const attempts = await Promise.all(
        userIds.map(async (userId, i) => {
          const started = await startContestAttempt({ contestId: contest.id, roundId: round.id, userId, personId: list[i]!.personId });
          if (!started.ok) throw new Error(started.message);
          return started.attemptId;
        }),
      );
      await Promise.all(attempts.map((attemptId, i) => saveAnswers({ attemptId, userId: userIds[i]!, answers: answersFor(i) })));
      // Everyone presses "Nộp bài" at once, and half of them press it twice.
      const results = await Promise.all([
        ...attempts.map((attemptId, i) => submitAttempt({ attemptId, userId: userIds[i]! })),
        ...attempts.filter((_, i) => i % 2 === 0).map((attemptId, i) => submitAttempt({ attemptId, userId: userIds[i * 2]! })),
      ]);
      expect(results.every((r) => r !== null)).toBe(true);
      const [counts] = rowsOf(
        await db().execute(
          sql`select count(*) filter (where status = 'submitted')::int as submitted, count(*)::int as total from quiz_attempt where quiz_key = ${`contest-round:${round.id}`}`,
        ),
        z.object({ submitted: z.number(), total: z.number() }),
      );
      expect(counts).toEqual({ submitted: 200, total: 200 });
      const expectedSum = userIds.reduce((sum, _, i) => sum + (Math.min(i % 5, 4) / 4) * 100, 0);
      // The hand-ins reach the standings while the round is still open (app servers drain the queue every 2 s).
      expect(await drainScoreQueue()).toBe(200);
      const live = await db().select().from(contestStanding).where(eq(contestStanding.contestId, contest.id));
      expect(live).toHaveLength(200);
      expect(live.reduce((sum, s) => sum + s.total, 0)).toBeCloseTo(expectedSum, 6);
      const close = await closeKnowledgeRound({ contestId: contest.id, roundId: round.id, actorId: "u-hoithi" });
      expect(close).toEqual({ ok: true, handedIn: 0 });

      const standings = await db().select().from(contestStanding).where(eq(contestStanding.contestId, contest.id));
      expect(standings).toHaveLength(200);
      expect(standings.reduce((sum, s) => sum + s.total, 0)).toBeCloseTo(expectedSum, 6);
      const full = standings.filter((s) => s.total === 100);
      expect(full).toHaveLength(40);

      // Key change: question 1's key becomes "a"; everybody who answered it right loses it, the others' wrong "a" may win it.
      const q1 = questions[0]!;
      const wrongOption = q1.options.find((o) => !q1.correct.includes(o.id))!.id;
      const changed = await changeQuestionKey({
        contestId: contest.id,
        roundId: round.id,
        questionId: q1.id,
        correct: [wrongOption],
        actorId: "u-hoithi",
        reason: "Đáp án sai",
      });
      expect(changed).toEqual({ ok: true, regraded: 200 });
      const after = await db().select().from(contestStanding).where(eq(contestStanding.contestId, contest.id));
      // 4 right (i % 5 == 4) → 3 of 4; 0 right → 1 of 4 (their wrong answer is now the key); 1 right → 0.
      expect(after.filter((s) => s.total === 100)).toHaveLength(0);
      expect(after.filter((s) => s.total === 75)).toHaveLength(40);
      expect(after.filter((s) => s.total === 0)).toHaveLength(40);
      const [attempt] = await db().select({ score: quizAttempt.score }).from(quizAttempt).where(eq(quizAttempt.id, attempts[4]!));
      expect(attempt!.score).toBe(3);
      const ranks = await getLeaderboard({ contestId: contest.id, pageSize: 200 });
      expect(ranks.rows[0]!.total).toBe(75);
      expect(ranks.rows.at(-1)!.rank).toBeGreaterThan(1);
    });

    it("freezes the public scoreboard on a snapshot until the reveal", async () => {
      const contestants = await people(2, inTccs(13));
      const { contest, roundId, contestantId, sheet } = await judgedContest("Hội thi đóng băng", contestants, ["u-giamkhao"]);
      // Scoreboards on any app server hear about the change through PostgreSQL NOTIFY.
      const heard: string[] = [];
      const unlisten = await handle.database.listen(SCORE_CHANNEL, (payload) => heard.push(payload));
      await submitBallot({ roundId, contestantId: contestantId(contestants[0]!), judgeUserId: "u-giamkhao", scores: sheet(5, 5), total: 10 });
      await expect.poll(() => heard, { timeout: 5000 }).toContain(String(contest.id));
      await unlisten();
      await freezeScoreboard(contest.id);
      await submitBallot({ roundId, contestantId: contestantId(contestants[1]!), judgeUserId: "u-giamkhao", scores: sheet(9, 9), total: 18 });
      const frozen = await getScoreboard(contest.id);
      expect(frozen.frozen).toBe(true);
      expect(frozen.rows[0]).toMatchObject({ contestantId: contestantId(contestants[0]!), total: 10 });
      await revealScoreboard(contest.id);
      const live = await getScoreboard(contest.id);
      expect(live.rows[0]).toMatchObject({ contestantId: contestantId(contestants[1]!), total: 18 });
    });

    it("streams a server-sent event to the scoreboard when a judge's sheet changes the scores", async () => {
      const contestants = await people(1, inTccs(14));
      const { contest, roundId, contestantId, sheet } = await judgedContest("Hội thi sự kiện", contestants, ["u-giamkhao"]);
      const abort = new AbortController();
      const request = new Request(`http://localhost/hoi-thi/${contest.id}/su-kien`, { headers: { Cookie: await cookieFor("u-hoithi") }, signal: abort.signal });
      const response = (await eventsRoute.loader(args(request, { contestId: String(contest.id) }))) as Response;
      expect(response.headers.get("Content-Type")).toContain("text/event-stream");
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      expect(decoder.decode((await reader.read()).value)).toContain("retry:");
      await submitBallot({ roundId, contestantId: contestantId(contestants[0]!), judgeUserId: "u-giamkhao", scores: sheet(5, 6), total: 11 });
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
      expect(next && decoder.decode(next.value)).toBe(`event: scores\ndata: ${contest.id}\n\n`);
      abort.abort();
      await reader.cancel().catch(() => undefined);
    });
  });
}
