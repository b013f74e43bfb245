import { z } from "zod";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { contest, contestBallot, contestContestant, contestRound, contestRoundScore, contestScoreQueue, contestStanding, quizAttempt, user } from "#db/schema";
import { recomputeContest, recomputeScores } from "~/contest/recompute.server";
import { getLeaderboard, getOwnStanding, getRoundLeaderboard, getRoundScoresFor } from "~/contest/results.server";
import { compareKeys, prizeForRank } from "~/contest/scoring";
import { drainScoreQueue } from "~/contest/score-queue.server";
import { dbTargets, useTestDatabase } from "../support/db";

/** A small deterministic PRNG (mulberry32): the same sequence of score changes on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const target of dbTargets()) {
  describe(`incremental contest ranking on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    /** 24 contestants with accounts, a knowledge round and two judged rounds, tie-breaks and three prizes. */
    async function setUp(prefix: string) {
      const people = rowsOf(
        await db().execute(sql`
          select p.id as "personId", split_part(u.path, '/', 3)::int as "tccsId"
          from person p join unit u on u.id = p.unit_id
          where p.active and not exists (select 1 from "user" x where x.person_id = p.id)
          order by p.id limit 24`),
        z.object({ personId: z.number(), tccsId: z.number() }),
      );
      await db()
        .insert(user)
        .values(
          people.map((p, i) => ({ id: `${prefix}-${i}`, username: `${prefix}-${i}`, passwordHash: "x", displayName: `Thí sinh ${i}`, personId: p.personId })),
        );
      const judges = [0, 1, 2, 3].map((j) => `${prefix}-j${j}`);
      await db()
        .insert(user)
        .values(judges.map((id) => ({ id, username: id, passwordHash: "x", displayName: id })));
      const [c] = await db()
        .insert(contest)
        .values({
          name: "Hội thi xếp hạng",
          level: "khoi",
          unitId: 1,
          startsOn: "2022-05-01",
          endsOn: "2022-06-30",
          status: "running",
          prizes: [
            { label: "Giải Nhất", count: 1 },
            { label: "Giải Nhì", count: 2 },
            { label: "Giải Ba", count: 3 },
          ],
        })
        .returning({ id: contest.id });
      const contestId = c!.id;
      const rounds = await db()
        .insert(contestRound)
        .values([
          { contestId, position: 1, kind: "knowledge", name: "Kiến thức", maxPoints: 40, weight: 1, timeLimitMinutes: 30, status: "open" },
          { contestId, position: 2, kind: "situation", name: "Tình huống", maxPoints: 30, weight: 2, dropExtremesFrom: 3 },
          { contestId, position: 3, kind: "presentation", name: "Giới thiệu", maxPoints: 20, weight: 1, dropExtremesFrom: null },
        ])
        .returning({ id: contestRound.id, kind: contestRound.kind, maxPoints: contestRound.maxPoints });
      await db()
        .update(contest)
        .set({ tieBreaks: [`score:${rounds[0]!.id}`, `time:${rounds[0]!.id}`] })
        .where(eq(contest.id, contestId));
      const contestants = await db()
        .insert(contestContestant)
        .values(people.map((p) => ({ contestId, personId: p.personId, tccsUnitId: p.tccsId })))
        .returning({ id: contestContestant.id });
      await db().transaction((tx) => recomputeContest(tx, contestId));
      return { contestId, rounds, judges, contestants: contestants.map((x) => x.id), userOf: (i: number) => `${prefix}-${i}` };
    }

    /**
     * The board as read (ranks, ties and prizes are computed when read), checked against ranks
     * computed here from the stored keys: whole, in pages of 5 (ties across page breaks), and per contestant.
     */
    async function snapshot(contestId: number) {
      const stored = await db()
        .select({ id: contestStanding.contestantId, total: contestStanding.total, key: contestStanding.sortKey })
        .from(contestStanding)
        .where(eq(contestStanding.contestId, contestId))
        .orderBy(asc(contestStanding.contestantId));
      const [info] = await db().select({ n: contest.standingCount, prizes: contest.prizes }).from(contest).where(eq(contest.id, contestId));
      const rankOf = (key: number[], keys: number[][]) => 1 + keys.filter((k) => compareKeys(k, key) < 0).length;
      const keys = stored.map((s) => s.key.map(Number));
      const expected = stored.map((s, i) => {
        const rank = rankOf(keys[i]!, keys);
        return {
          id: s.id,
          total: s.total,
          rank,
          tied: keys.some((k, j) => j !== i && compareKeys(k, keys[i]!) === 0),
          prize: s.total > 0 ? prizeForRank(rank, info!.prizes) : null,
          key: keys[i]!,
        };
      });
      const board = await getLeaderboard({ contestId, pageSize: 1000 });
      const read = board.rows.map((r) => ({
        id: r.contestantId,
        total: r.total,
        rank: r.rank,
        tied: r.tied,
        prize: r.prize,
        key: keys[stored.findIndex((s) => s.id === r.contestantId)]!,
      }));
      expect([...read].sort((a, b) => a.id - b.id)).toEqual(expected);
      // Board order: by rank, ties by contestant id.
      expect(read.map((r) => r.id)).toEqual([...expected].sort((a, b) => a.rank - b.rank || a.id - b.id).map((r) => r.id));
      const paged = [];
      for (let page = 1; page <= Math.ceil(stored.length / 5); page++) paged.push(...(await getLeaderboard({ contestId, page, pageSize: 5 })).rows);
      expect(paged).toEqual(board.rows);
      for (const row of board.rows.slice(0, 8))
        expect(await getOwnStanding({ contestId, contestantId: row.contestantId })).toEqual({
          rank: row.rank,
          tied: row.tied,
          total: row.total,
          prize: row.prize,
        });

      const rounds = rowsOf(
        await db().execute(sql`
          select s.round_id as "roundId", s.contestant_id as "contestantId", s.score, s.sort_key as key
          from ${contestRoundScore} s join ${contestRound} r on r.id = s.round_id where r.contest_id = ${contestId}
          order by 1, 2`),
        z.object({ roundId: z.number(), contestantId: z.number(), score: z.number(), key: z.array(z.number()) }),
      ).map((r) => ({ ...r, key: r.key.map(Number) }));
      const roundRanks = await getRoundScoresFor({ contestantIds: stored.map((s) => s.id), ranked: true });
      for (const r of rounds) {
        const sameRound = rounds.filter((o) => o.roundId === r.roundId).map((o) => o.key);
        expect(roundRanks.find((x) => x.roundId === r.roundId && x.contestantId === r.contestantId)?.rank).toBe(rankOf(r.key, sameRound));
      }
      for (const roundId of new Set(rounds.map((r) => r.roundId))) {
        const sameRound = rounds.filter((o) => o.roundId === roundId);
        const page = await getRoundLeaderboard({ roundId });
        expect(page.map((r) => [r.contestantId, r.rank])).toEqual(
          sameRound
            .map(
              (r) =>
                [
                  r.contestantId,
                  rankOf(
                    r.key,
                    sameRound.map((o) => o.key),
                  ),
                ] as [number, number],
            )
            .sort((a, b) => a[1] - b[1] || a[0] - b[0]),
        );
      }
      return { standings: expected, rounds, count: info!.n };
    }

    it("gives after every batch of score changes exactly the ranks, ties and prizes of a full recompute", async () => {
      const { contestId, rounds, judges, contestants, userOf } = await setUp("rk");
      const [knowledge, situation, presentation] = rounds as [(typeof rounds)[number], (typeof rounds)[number], (typeof rounds)[number]];
      const random = prng(20220630);
      const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
      const attemptOf = new Map<number, number>();
      let sheets = 0;
      let handIns = 0;

      for (let step = 1; step <= 120; step++) {
        const i = Math.floor(random() * contestants.length);
        const contestantId = contestants[i]!;
        const roll = random();
        if (roll < 0.35) {
          // A knowledge-round hand-in (or a later override of its score): the trigger queues it.
          const score = pick([0, 5, 5, 8, 10]);
          const seconds = pick([300, 300, 600, 900]);
          const existing = attemptOf.get(i);
          if (existing === undefined) {
            const [row] = await db()
              .insert(quizAttempt)
              .values({
                userId: userOf(i),
                quizKey: `contest-round:${knowledge.id}`,
                attemptNo: 1,
                questions: [],
                passPercent: 0,
                maxScore: 10,
                startedAt: new Date("2022-05-10T01:00:00Z"),
              })
              .returning({ id: quizAttempt.id });
            attemptOf.set(i, row!.id);
            await db()
              .update(quizAttempt)
              .set({ status: "submitted", score, submittedAt: new Date(Date.UTC(2022, 4, 10, 1, 0, seconds)) })
              .where(eq(quizAttempt.id, row!.id));
          } else {
            await db().update(quizAttempt).set({ score }).where(eq(quizAttempt.id, existing));
          }
          handIns++;
        } else {
          // A judge's sheet submitted, changed or reopened; recomputed in its own transaction as the ballot module does.
          const round = roll < 0.75 ? situation : presentation;
          const judge = pick(judges);
          const status = random() < 0.15 ? "reopened" : "submitted";
          const total = pick([0, 10, 15, 15, 20]) * (round.maxPoints / 20);
          await db().transaction(async (tx) => {
            await tx
              .insert(contestBallot)
              .values({ roundId: round.id, contestantId, judgeUserId: judge, scores: {}, total, status, enteredBy: judge })
              .onConflictDoUpdate({ target: [contestBallot.roundId, contestBallot.contestantId, contestBallot.judgeUserId], set: { total, status } });
            await recomputeScores(tx, { contestId, pairs: [{ roundId: round.id, contestantId }] });
          });
          sheets++;
        }
        if (step % 12 === 0) {
          await drainScoreQueue();
          expect(await db().select().from(contestScoreQueue)).toHaveLength(0);
          const incremental = await snapshot(contestId);
          await db().transaction((tx) => recomputeContest(tx, contestId));
          expect(incremental).toEqual(await snapshot(contestId));
        }
      }
      expect(sheets).toBeGreaterThan(50);
      expect(handIns).toBeGreaterThan(30);
      // The final board really is ranked: prizes at the top, shared ranks for equal keys.
      const final = await snapshot(contestId);
      expect(final.standings.filter((s) => s.prize === "Giải Nhất").every((s) => s.rank === 1)).toBe(true);
      expect(final.standings.some((s) => s.total > 0)).toBe(true);
    });

    it("fills in the sort keys of standings written before they existed, on the first change", async () => {
      const { contestId, rounds, judges, contestants } = await setUp("rl");
      const situation = rounds[1]!;
      // As the rows stood before migration 0007.
      await db().execute(sql`update contest_standing set sort_key = '{}' where contest_id = ${contestId}`);
      await db().execute(sql`update contest_round_score set sort_key = '{}' where round_id in ${rounds.map((r) => r.id)}`);
      await db().transaction(async (tx) => {
        await tx.insert(contestBallot).values({
          roundId: situation.id,
          contestantId: contestants[3]!,
          judgeUserId: judges[0]!,
          scores: {},
          total: 20,
          status: "submitted",
          enteredBy: judges[0]!,
        });
        await recomputeScores(tx, { contestId, pairs: [{ roundId: situation.id, contestantId: contestants[3]! }] });
      });
      const after = await snapshot(contestId);
      expect(after.standings.every((s) => s.key.length === 3)).toBe(true);
      expect(after.standings.find((s) => s.id === contestants[3])).toMatchObject({ total: 40, rank: 1, prize: "Giải Nhất" });
      await db().transaction((tx) => recomputeContest(tx, contestId));
      expect(after).toEqual(await snapshot(contestId));
    });

    it("folds a hand-in into the standings without a round close, and ignores people who are not contestants", async () => {
      const { contestId, rounds, userOf } = await setUp("rq");
      const knowledge = rounds[0]!;
      const [row] = await db()
        .insert(quizAttempt)
        .values({ userId: userOf(0), quizKey: `contest-round:${knowledge.id}`, attemptNo: 1, questions: [], passPercent: 0, maxScore: 10 })
        .returning({ id: quizAttempt.id });
      await db().update(quizAttempt).set({ status: "submitted", score: 10, submittedAt: new Date() }).where(eq(quizAttempt.id, row!.id));
      // Saving answers or starting does not queue anything; the hand-in does.
      expect(await db().select({ userId: contestScoreQueue.userId }).from(contestScoreQueue)).toEqual([{ userId: userOf(0) }]);
      expect(await drainScoreQueue()).toBe(1);
      const top = (await getLeaderboard({ contestId, pageSize: 2 })).rows;
      expect(top.map((s) => [s.total, s.rank, s.prize])).toEqual([
        [40, 1, "Giải Nhất"],
        [0, 2, null],
      ]);
      // A judge's account has no contestant record: its queued row is dropped without effect.
      await db().insert(contestScoreQueue).values({ roundId: knowledge.id, userId: "rq-j0" });
      expect(await drainScoreQueue()).toBe(1);
      expect(await db().select().from(contestScoreQueue)).toHaveLength(0);
    });
  });
}
