import { z } from "zod";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { quizAttempt, roleGrant, user } from "#db/schema";
import { loadGrants } from "~/auth/session.server";
import { addRound, advanceContest, createContest, getContest, registerContestants } from "~/contest/contests.server";
import { changeQuestionKey, closeKnowledgeRound, openKnowledgeRound } from "~/contest/knowledge-round.server";
import { quizKeyOf } from "~/contest/knowledge-scores.server";
import { parseQuestionYaml, replaceRoundQuestions } from "~/contest/questions.server";
import { handleStart, startTarget } from "~/contest/start-endpoint.server";
import * as takeRoute from "~/routes/hoi-thi.$contestId.lam-bai.$roundId";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, postRequest, settle } from "../support/requests";

const QUESTIONS = `
- id: s-1
  type: single
  stem: "Chi bộ sinh hoạt thường kỳ bao lâu một lần?"
  options: [{ id: a, text: "Mỗi tuần" }, { id: b, text: "Mỗi tháng" }]
  correct: [b]
- id: s-2
  type: truefalse
  stem: "Đảng viên dự bị có quyền biểu quyết."
  options: [{ id: t, text: "Đúng" }, { id: f, text: "Sai" }]
  correct: [f]
`;

/**
 * "Bắt đầu" on a knowledge round: the one-statement path (session, grant, contestant, open round and
 * the cached question set's version checked inside the INSERT) and its fallback, through the route.
 */
for (const target of dbTargets()) {
  describe(`starting a knowledge round on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    /** Five people without accounts get learner accounts; the first four are registered contestants. */
    async function openRound(prefix: string) {
      const people = rowsOf(
        await db().execute(sql`select p.id as "personId", p.member_code as "memberCode" from person p
          where p.active and not exists (select 1 from "user" u where u.person_id = p.id) order by p.id limit 5`),
        z.object({ personId: z.number(), memberCode: z.string() }),
      );
      const ids = people.map((_, i) => `u-${prefix}-${i}`);
      await db()
        .insert(user)
        .values(people.map((p, i) => ({ id: ids[i]!, username: ids[i]!, passwordHash: "x", personId: p.personId, displayName: `Thí sinh ${i}` })));
      await db()
        .insert(roleGrant)
        .values(ids.map((id) => ({ userId: id, role: "learner", unitId: 1 })));
      const organiser = { id: "u-hoithi", username: "hoithi", displayName: "", personId: null, grants: await loadGrants("u-hoithi") };
      const created = await createContest({
        user: organiser,
        name: "Hội thi bắt đầu",
        level: "co_so",
        unitId: 1,
        startsOn: "2022-05-01",
        endsOn: "2022-06-30",
        rules: "",
        prizes: [],
      });
      if (!created.ok) throw new Error(created.message);
      const contest = (await getContest(created.id))!;
      const round = await addRound({
        contest,
        round: { kind: "knowledge", name: "Thi kiến thức", maxPoints: 100, weight: 1, speedBonus: 0, timeLimitMinutes: 20 },
      });
      if (!round.ok) throw new Error(round.message);
      const parsed = parseQuestionYaml(QUESTIONS);
      expect((await replaceRoundQuestions({ contestId: contest.id, roundId: round.id, questions: parsed.questions, actorId: "u-hoithi" })).ok).toBe(true);
      await registerContestants({ contest, memberCodes: people.slice(0, 4).map((p) => p.memberCode), userId: "u-hoithi" });
      await advanceContest({ contestId: contest.id, from: "draft" });
      await advanceContest({ contestId: contest.id, from: "registration" });
      expect((await openKnowledgeRound({ contestId: contest.id, roundId: round.id, actorId: "u-hoithi" })).ok).toBe(true);
      const path = `/hoi-thi/${contest.id}/lam-bai/${round.id}`;
      const press = async (cookie: string) =>
        settle(() => takeRoute.action(args(postRequest(path, { intent: "start" }, cookie), { contestId: String(contest.id), roundId: String(round.id) })));
      return { contestId: contest.id, roundId: round.id, ids, path, press };
    }

    async function attemptsOf(userId: string, roundId: number) {
      return db()
        .select({ id: quizAttempt.id, questions: quizAttempt.questions, deadline: quizAttempt.deadline })
        .from(quizAttempt)
        .where(and(eq(quizAttempt.userId, userId), eq(quizAttempt.quizKey, quizKeyOf(roundId))));
    }

    it("starts once per contestant, follows a key changed while the round is open, and resumes on a second press", async () => {
      const { contestId, roundId, ids, path, press } = await openRound("a");
      const first = await press(await cookieFor(ids[0]!));
      expect({ status: first.status, location: first.location }).toEqual({ status: 302, location: path });
      const [attempt] = await attemptsOf(ids[0]!, roundId);
      expect(attempt!.questions).toHaveLength(2);
      expect(attempt!.deadline!.getTime() - Date.now()).toBeGreaterThan(19 * 60_000);

      // The question set cached by that start is checked against the database: a key changed now reaches the next starter.
      const [question] = rowsOf(
        await db().execute(sql`select id from contest_question where round_id = ${roundId} and code = 's-1'`),
        z.object({ id: z.number() }),
      );
      expect((await changeQuestionKey({ contestId, roundId, questionId: question!.id, correct: ["a"], actorId: "u-hoithi", reason: "Sửa đáp án" })).ok).toBe(
        true,
      );
      expect((await press(await cookieFor(ids[1]!))).status).toBe(302);
      const [second] = await attemptsOf(ids[1]!, roundId);
      expect(second!.questions.find((q) => q.id === `cq-${question!.id}`)!.correct).toEqual(["a"]);

      // A second press (double click, another tab) resumes: still one attempt.
      expect((await press(await cookieFor(ids[0]!))).status).toBe(302);
      expect(await attemptsOf(ids[0]!, roundId)).toHaveLength(1);
    });

    it("serves the start before Remix: 303 with the flash when it starts, 307 to the round page's action otherwise", async () => {
      const { ids, path, roundId } = await openRound("c");
      // The handler as server.ts mounts it, on a real HTTP server.
      const server = http.createServer((req, res) => {
        const target = startTarget(req.method, req.url);
        if (target) handleStart(req, res, target, { secure: false });
        else res.writeHead(418).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const start = (cookie: string | null, url = `${path}/bat-dau`) =>
        fetch(origin + url, {
          method: "POST",
          redirect: "manual",
          body: "intent=start",
          headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
        });
      try {
        const first = await start(await cookieFor(ids[0]!));
        expect({ status: first.status, location: first.headers.get("location") }).toEqual({ status: 303, location: path });
        expect(first.headers.get("set-cookie")).toMatch(/^thong-bao=/);
        expect(await attemptsOf(ids[0]!, roundId)).toHaveLength(1);
        // Already started, not a contestant, not signed in: the round page's action decides (resume, 403, login).
        for (const cookie of [await cookieFor(ids[0]!), await cookieFor(ids[4]!), null]) {
          const handed = await start(cookie);
          expect({ status: handed.status, location: handed.headers.get("location"), cookie: handed.headers.get("set-cookie") }).toEqual({
            status: 307,
            location: path,
            cookie: null,
          });
        }
        expect(await attemptsOf(ids[0]!, roundId)).toHaveLength(1);
        expect(await attemptsOf(ids[4]!, roundId)).toHaveLength(0);
        expect((await start(await cookieFor(ids[1]!), "/hoi-thi/abc/lam-bai/1/bat-dau")).status).toBe(404);
        expect(startTarget("GET", `${path}/bat-dau`)).toBeNull();
        expect(startTarget("POST", path)).toBeNull();
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("starts nothing for a non-contestant, a contestant without grants, a disabled account or after the round closed", async () => {
      const { contestId, roundId, ids, press } = await openRound("b");
      // Signed in, may view contests, but not registered.
      expect((await press(await cookieFor(ids[4]!))).status).toBe(403);
      expect(await attemptsOf(ids[4]!, roundId)).toHaveLength(0);
      // Registered, but no grant at all (may not view contests).
      await db().delete(roleGrant).where(eq(roleGrant.userId, ids[1]!));
      expect((await press(await cookieFor(ids[1]!))).status).toBe(403);
      expect(await attemptsOf(ids[1]!, roundId)).toHaveLength(0);
      // Registered with a grant, but the account was disabled after signing in.
      const cookie = await cookieFor(ids[2]!);
      await db().update(user).set({ disabledAt: new Date() }).where(eq(user.id, ids[2]!));
      const disabled = await press(cookie);
      expect(disabled.status).toBe(302);
      expect(disabled.location).toMatch(/^\/dang-nhap/);
      expect(await attemptsOf(ids[2]!, roundId)).toHaveLength(0);
      // A start caches the round as open; it closes; the next press must not trust the cache.
      expect((await press(await cookieFor(ids[0]!))).status).toBe(302);
      expect((await closeKnowledgeRound({ contestId, roundId, actorId: "u-hoithi" })).ok).toBe(true);
      const closed = await press(await cookieFor(ids[3]!));
      expect(closed.status).toBe(400);
      expect(JSON.stringify(closed.value)).toContain("Vòng thi chưa mở hoặc đã kết thúc.");
      expect(await attemptsOf(ids[3]!, roundId)).toHaveLength(0);
    });
  });
}
