/**
 * Keeps contest_round_score and contest_standing equal to what the ballots and attempts say.
 * Two entry points, one set of rules (app/contest/scoring.ts):
 * - `recomputeContest`: everything, for changes that touch everyone (a key change, a round
 *   closing, tie-break order edited);
 * - `recomputeScores`: the given (round, contestant) pairs only; a judge's sheet writes that
 *   contestant's rows and nothing else (ranks are counted when read, ranking.server.ts).
 * Both run inside the transaction that changed the score, holding the contest row lock, so
 * readers never see a stale total and two changes never lose each other.
 */
import { z } from "zod";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { contest, contestBallot, contestContestant, contestRound, contestRoundScore, contestScoreQueue, contestStanding, type TieBreakKey } from "#db/schema";
import { knowledgeAttemptRows } from "./knowledge-scores.server";
import { pgArray } from "./ranking.server";
import { notifyScoreboard } from "./results.server";
import { judgedRoundScore, knowledgeRoundScore, roundSortKey, sortKeys, weightedTotal, type StandingInput } from "./scoring";
import { isJudgedRound } from "./vocabulary";

type Round = Awaited<ReturnType<typeof loadRounds>>[number];
type Score = { score: number; timeSeconds: number | null };
const pairKey = (roundId: number, contestantId: number) => `${roundId}:${contestantId}`;

/** Locks the contest row: after it, every statement sees the other transactions' committed scores. */
async function lockContest(tx: Executor, contestId: number) {
  const [info] = await tx.select({ prizes: contest.prizes, tieBreaks: contest.tieBreaks }).from(contest).where(eq(contest.id, contestId)).for("update");
  return info ?? null;
}

async function loadRounds(tx: Executor, contestId: number) {
  return tx
    .select({
      id: contestRound.id,
      kind: contestRound.kind,
      maxPoints: contestRound.maxPoints,
      weight: contestRound.weight,
      dropExtremesFrom: contestRound.dropExtremesFrom,
      speedBonus: contestRound.speedBonus,
      timeLimitMinutes: contestRound.timeLimitMinutes,
    })
    .from(contestRound)
    .where(eq(contestRound.contestId, contestId))
    .orderBy(asc(contestRound.position));
}

const BallotRowSchema = z.object({ roundId: z.number(), contestantId: z.number(), totals: z.array(z.number()) });

/**
 * Round scores from the submitted ballots (judged rounds) and attempts (knowledge rounds), for
 * the whole contest or only the given pairs; aggregated in SQL, combined by scoring.ts.
 */
async function roundScores(tx: Executor, input: { contestId: number; rounds: Round[]; pairs?: { roundId: number; contestantId: number }[] }) {
  const scores = new Map<string, Score>();
  const onlyPairs = input.pairs
    ? sql`and (b.round_id, b.contestant_id) in (select * from jsonb_to_recordset(${JSON.stringify(input.pairs.map((p) => ({ r: p.roundId, c: p.contestantId })))}::jsonb) as x(r int, c int))`
    : sql``;
  const ballots = rowsOf(
    await tx.execute(sql`
      select b.round_id as "roundId", b.contestant_id as "contestantId", array_agg(b.total) as totals
      from ${contestBallot} b join ${contestRound} r on r.id = b.round_id
      where r.contest_id = ${input.contestId} and b.status = 'submitted' ${onlyPairs}
      group by b.round_id, b.contestant_id`),
    BallotRowSchema,
  );
  for (const row of ballots) {
    const round = input.rounds.find((r) => r.id === row.roundId);
    const score = round && isJudgedRound(round.kind) ? judgedRoundScore(row.totals.map(Number), round.dropExtremesFrom) : null;
    if (score !== null) scores.set(pairKey(row.roundId, row.contestantId), { score, timeSeconds: null });
  }

  const wanted = input.pairs ? new Set(input.pairs.map((p) => pairKey(p.roundId, p.contestantId))) : null;
  const knowledgeRounds = input.rounds.filter((r) => r.kind === "knowledge" && (!input.pairs || input.pairs.some((p) => p.roundId === r.id)));
  const contestantIds = input.pairs ? [...new Set(input.pairs.map((p) => p.contestantId))] : undefined;
  const attempts = knowledgeRounds.length
    ? await knowledgeAttemptRows(tx, { contestId: input.contestId, roundIds: knowledgeRounds.map((r) => r.id), ...(contestantIds ? { contestantIds } : {}) })
    : [];
  for (const row of attempts) {
    if (wanted && !wanted.has(pairKey(row.roundId, row.contestantId))) continue;
    const round = knowledgeRounds.find((r) => r.id === row.roundId)!;
    const score = knowledgeRoundScore({
      score: row.score,
      maxScore: row.maxScore,
      roundMax: round.maxPoints,
      speedBonus: round.speedBonus,
      timeSeconds: row.timeSeconds,
      timeLimitSeconds: round.timeLimitMinutes ? round.timeLimitMinutes * 60 : null,
    });
    scores.set(pairKey(row.roundId, row.contestantId), { score, timeSeconds: row.timeSeconds });
  }
  return scores;
}

/** A contestant's total and sort key from their round scores. */
function standingOf(contestantId: number, rounds: Round[], scores: Map<string, Score>, tieBreaks: TieBreakKey[]) {
  const perRound = rounds.map((r) => ({ id: r.id, weight: r.weight, value: scores.get(pairKey(r.id, contestantId)) }));
  const input: StandingInput = {
    contestantId,
    total: weightedTotal(perRound.map((r) => ({ weight: r.weight, score: r.value?.score ?? null }))),
    scores: Object.fromEntries(perRound.map((r) => [r.id, r.value?.score ?? null])),
    times: Object.fromEntries(perRound.map((r) => [r.id, r.value?.timeSeconds ?? null])),
  };
  return { input, sortKey: sortKeys(input, tieBreaks) };
}

/** Recomputes every round score and total of a contest and notifies scoreboards. */
export async function recomputeContest(tx: Executor, contestId: number) {
  const info = await lockContest(tx, contestId);
  if (!info) return;
  // Everything queued so far is covered by the reads below.
  await tx.execute(sql`delete from ${contestScoreQueue} q using ${contestRound} r where r.id = q.round_id and r.contest_id = ${contestId}`);
  const rounds = await loadRounds(tx, contestId);
  const contestants = await tx
    .select({ id: contestContestant.id })
    .from(contestContestant)
    .where(and(eq(contestContestant.contestId, contestId), eq(contestContestant.status, "registered")));
  const scores = await roundScores(tx, { contestId, rounds });

  const roundRows: RoundRow[] = rounds.flatMap((round) =>
    contestants.flatMap((c) => {
      const s = scores.get(pairKey(round.id, c.id));
      return s ? [{ round_id: round.id, contestant_id: c.id, score: s.score, time_seconds: s.timeSeconds, sort_key: pgArray(roundSortKey(s)) }] : [];
    }),
  );
  const standingRows: StandingRow[] = contestants.map((c) => {
    const computed = standingOf(c.id, rounds, scores, info.tieBreaks);
    return { contestant_id: c.id, total: computed.input.total, sort_key: pgArray(computed.sortKey) };
  });

  await writeChanged(tx, { contestId, roundIds: rounds.map((r) => r.id), roundRows, standingRows });
  await tx.update(contest).set({ standingCount: standingRows.length }).where(eq(contest.id, contestId));
  await notifyScoreboard(tx, contestId);
}

const StoredRoundRowSchema = z.object({ roundId: z.number(), contestantId: z.number(), score: z.number(), timeSeconds: z.number().nullable() });

const RecomputeScoresRowSchema = z.object({ contestantId: z.number(), total: z.number(), sortKey: z.array(z.number()) });

const InsertedRowSchema = z.object({ inserted: z.boolean() });

/**
 * Recomputes the given (round, contestant) pairs after their ballots or attempt changed: their
 * round scores and their totals. Nobody else's row changes.
 */
export async function recomputeScores(tx: Executor, input: { contestId: number; pairs: { roundId: number; contestantId: number }[] }) {
  if (!input.pairs.length) return;
  const info = await lockContest(tx, input.contestId);
  if (!info) return;
  const rounds = await loadRounds(tx, input.contestId);
  const registered = await tx
    .select({ id: contestContestant.id })
    .from(contestContestant)
    .where(
      and(
        eq(contestContestant.contestId, input.contestId),
        eq(contestContestant.status, "registered"),
        sql`${contestContestant.id} in ${[...new Set(input.pairs.map((p) => p.contestantId))]}`,
      ),
    );
  const live = new Set(registered.map((r) => r.id));
  const pairs = input.pairs.filter((p) => live.has(p.contestantId) && rounds.some((r) => r.id === p.roundId));
  if (!pairs.length) return;
  const contestantIds = [...new Set(pairs.map((p) => p.contestantId))];
  const fresh = await roundScores(tx, { contestId: input.contestId, rounds, pairs });

  // Round scores: write the pairs.
  const storedRounds = rowsOf(
    await tx.execute(sql`
      select round_id as "roundId", contestant_id as "contestantId", score, time_seconds as "timeSeconds"
      from ${contestRoundScore} where contestant_id in ${contestantIds}`),
    StoredRoundRowSchema,
  );
  const scores = new Map(storedRounds.map((r) => [pairKey(r.roundId, r.contestantId), { score: Number(r.score), timeSeconds: r.timeSeconds }]));
  for (const round of rounds) {
    const moves = pairs
      .filter((p) => p.roundId === round.id)
      .map((p) => ({
        contestantId: p.contestantId,
        before: scores.get(pairKey(round.id, p.contestantId)) ?? null,
        after: fresh.get(pairKey(round.id, p.contestantId)) ?? null,
      }))
      .filter((m) => m.before?.score !== m.after?.score || m.before?.timeSeconds !== m.after?.timeSeconds);
    if (!moves.length) continue;
    const written = moves
      .filter((m) => m.after)
      .map((m) => ({ contestant_id: m.contestantId, score: m.after!.score, time_seconds: m.after!.timeSeconds, sort_key: pgArray(roundSortKey(m.after!)) }));
    if (written.length) {
      await tx.execute(sql`
        insert into ${contestRoundScore} (round_id, contestant_id, score, time_seconds, sort_key)
        select ${round.id}, contestant_id, score, time_seconds, sort_key::float8[]
        from jsonb_to_recordset(${JSON.stringify(written)}::jsonb) as x(contestant_id int, score float8, time_seconds int, sort_key text)
        on conflict (round_id, contestant_id) do update
          set score = excluded.score, time_seconds = excluded.time_seconds, sort_key = excluded.sort_key, updated_at = now()`);
    }
    const gone = moves.filter((m) => !m.after).map((m) => m.contestantId);
    if (gone.length) await tx.execute(sql`delete from ${contestRoundScore} where round_id = ${round.id} and contestant_id in ${gone}`);
    for (const m of moves) {
      if (m.after) scores.set(pairKey(round.id, m.contestantId), m.after);
      else scores.delete(pairKey(round.id, m.contestantId));
    }
  }

  // Totals: recompute the contestants' standings from all their round scores.
  const storedStandings = new Map(
    rowsOf(
      await tx.execute(sql`
        select contestant_id as "contestantId", total, sort_key as "sortKey"
        from ${contestStanding} where contest_id = ${input.contestId} and contestant_id in ${contestantIds}`),
      RecomputeScoresRowSchema,
    ).map((r) => [r.contestantId, { total: Number(r.total), sortKey: r.sortKey.map(Number) }]),
  );
  // Standings written before sort keys existed (migration 0007) cannot be ranked: one full pass
  // fills them in. A whole contest is written by one pass, so the contestants' own rows tell, unless
  // they have none yet.
  if (
    [...storedStandings.values()].some((s) => !s.sortKey.length) ||
    (storedStandings.size < contestantIds.length && (await hasLegacyStandings(tx, input.contestId)))
  ) {
    return recomputeContest(tx, input.contestId);
  }
  const moves = contestantIds
    .map((id) => {
      const after = standingOf(id, rounds, scores, info.tieBreaks);
      return { contestantId: id, total: after.input.total, before: storedStandings.get(id)?.sortKey ?? null, after: after.sortKey };
    })
    .filter((m) => !m.before || pgArray(m.before) !== pgArray(m.after));
  if (!moves.length) return;
  const inserted = rowsOf(
    await tx.execute(sql`
      insert into ${contestStanding} (contest_id, contestant_id, total, sort_key)
      select ${input.contestId}, contestant_id, total, sort_key::float8[]
      from jsonb_to_recordset(${JSON.stringify(moves.map((m) => ({ contestant_id: m.contestantId, total: m.total, sort_key: pgArray(m.after) })))}::jsonb)
        as x(contestant_id int, total float8, sort_key text)
      on conflict (contest_id, contestant_id) do update set total = excluded.total, sort_key = excluded.sort_key, updated_at = now()
      returning (xmax = 0) as inserted`),
    InsertedRowSchema,
  ).filter((r) => r.inserted).length;
  if (inserted)
    await tx
      .update(contest)
      .set({ standingCount: sql`${contest.standingCount} + ${inserted}` })
      .where(eq(contest.id, input.contestId));
  await notifyScoreboard(tx, input.contestId);
}

/** Recompute from outside a score change (e.g. tie-break order or prizes edited). */
export async function recomputeNow(contestId: number) {
  await getDb().transaction((tx) => recomputeContest(tx, contestId));
}

const HasLegacyStandingsRowSchema = z.object({ one: z.number() });

async function hasLegacyStandings(tx: Executor, contestId: number) {
  const rows = rowsOf(
    await tx.execute(sql`select 1 as one from ${contestStanding} where contest_id = ${contestId} and sort_key = '{}' limit 1`),
    HasLegacyStandingsRowSchema,
  );
  return rows.length > 0;
}

type RoundRow = { round_id: number; contestant_id: number; score: number; time_seconds: number | null; sort_key: string };
type StandingRow = { contestant_id: number; total: number; sort_key: string };

const WriteChangedRowSchema = z.object({
  round_id: z.number(),
  contestant_id: z.number(),
  score: z.number(),
  time_seconds: z.number().nullable(),
  sort_key: z.array(z.number()),
});

const StoredStandingRowSchema = z.object({ contestant_id: z.number(), total: z.number(), sort_key: z.array(z.number()) });

/**
 * Writes only what changed (a rewrite of 100,000 rows would take seconds): loads the stored
 * rows, diffs, then one upsert and one delete per table through JSON.
 */
async function writeChanged(tx: Executor, input: { contestId: number; roundIds: number[]; roundRows: RoundRow[]; standingRows: StandingRow[] }) {
  const storedRounds = input.roundIds.length
    ? rowsOf(
        await tx.execute(sql`select round_id, contestant_id, score, time_seconds, sort_key from ${contestRoundScore} where round_id in ${input.roundIds}`),
        WriteChangedRowSchema,
      )
    : [];
  const roundKey = (r: { round_id: number; contestant_id: number }) => `${r.round_id}:${r.contestant_id}`;
  const roundBefore = new Map(storedRounds.map((r) => [roundKey(r), r]));
  const changedRounds = input.roundRows.filter((r) => {
    const old = roundBefore.get(roundKey(r));
    return !old || old.score !== r.score || old.time_seconds !== r.time_seconds || pgArray(old.sort_key.map(Number)) !== r.sort_key;
  });
  const fresh = new Set(input.roundRows.map(roundKey));
  const goneRounds = storedRounds.filter((r) => !fresh.has(roundKey(r))).map((r) => ({ round_id: r.round_id, contestant_id: r.contestant_id }));
  if (changedRounds.length) {
    await tx.execute(sql`
      insert into ${contestRoundScore} (round_id, contestant_id, score, time_seconds, sort_key)
      select round_id, contestant_id, score, time_seconds, sort_key::float8[]
      from jsonb_to_recordset(${JSON.stringify(changedRounds)}::jsonb)
        as x(round_id int, contestant_id int, score float8, time_seconds int, sort_key text)
      on conflict (round_id, contestant_id) do update
        set score = excluded.score, time_seconds = excluded.time_seconds, sort_key = excluded.sort_key, updated_at = now()`);
  }
  if (goneRounds.length) {
    await tx.execute(sql`
      delete from ${contestRoundScore} s using jsonb_to_recordset(${JSON.stringify(goneRounds)}::jsonb) as x(round_id int, contestant_id int)
      where s.round_id = x.round_id and s.contestant_id = x.contestant_id`);
  }

  const storedStandings = rowsOf(
    await tx.execute(sql`select contestant_id, total, sort_key from ${contestStanding} where contest_id = ${input.contestId}`),
    StoredStandingRowSchema,
  );
  const standingBefore = new Map(storedStandings.map((r) => [r.contestant_id, r]));
  const changedStandings = input.standingRows.filter((r) => {
    const old = standingBefore.get(r.contestant_id);
    return !old || old.total !== r.total || pgArray(old.sort_key.map(Number)) !== r.sort_key;
  });
  const current = new Set(input.standingRows.map((r) => r.contestant_id));
  const goneStandings = storedStandings.filter((r) => !current.has(r.contestant_id)).map((r) => r.contestant_id);
  if (changedStandings.length) {
    await tx.execute(sql`
      insert into ${contestStanding} (contest_id, contestant_id, total, sort_key)
      select ${input.contestId}, contestant_id, total, sort_key::float8[]
      from jsonb_to_recordset(${JSON.stringify(changedStandings)}::jsonb)
        as x(contestant_id int, total float8, sort_key text)
      on conflict (contest_id, contestant_id) do update
        set total = excluded.total, sort_key = excluded.sort_key, updated_at = now()`);
  }
  // After a bulk change the planner's row estimates are stale (it would sort 100,000 rows instead of
  // walking the order index); ANALYZE is allowed in a transaction and takes ~0.1 s at that size.
  if (changedStandings.length + changedRounds.length > 10_000) await tx.execute(sql`analyze ${contestStanding}, ${contestRoundScore}`);
  if (goneStandings.length) {
    await tx.execute(sql`
      delete from ${contestStanding} where contest_id = ${input.contestId}
        and contestant_id in (select value::int from jsonb_array_elements_text(${JSON.stringify(goneStandings)}::jsonb))`);
  }
}
