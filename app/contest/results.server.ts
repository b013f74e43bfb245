import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import {
  contest,
  contestBallot,
  contestContestant,
  contestRound,
  contestRoundScore,
  contestStanding,
  person,
  unit,
  type PrizeTier,
  type TieBreakKey,
} from "#db/schema";
import { knowledgeAttemptRows } from "./knowledge-round.server";
import { judgedRoundScore, knowledgeRoundScore, prizeForRank, rankRound, rankStandings, weightedTotal } from "./scoring";
import { isJudgedRound } from "./vocabulary";

/** The PostgreSQL channel the scoreboards LISTEN on; the payload is the contest id. */
export const SCORE_CHANNEL = "contest_scores";

/**
 * Recomputes every round score, total, rank and prize of a contest and notifies scoreboards.
 * Call inside the transaction that changed a score or a key, so readers never see a stale total.
 */
export async function recomputeContest(tx: Executor, contestId: number) {
  const [info] = await tx
    .select({ prizes: contest.prizes, tieBreaks: contest.tieBreaks })
    .from(contest)
    .where(eq(contest.id, contestId))
    // Serialises recomputes of one contest: after the lock, every statement sees the other
    // transactions' committed scores, so a concurrent change is never lost from the totals.
    .for("update");
  if (!info) return;
  const rounds = await tx
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
  const contestants = await tx
    .select({ id: contestContestant.id })
    .from(contestContestant)
    .where(and(eq(contestContestant.contestId, contestId), eq(contestContestant.status, "registered")));

  // Judges' totals per contestant and round, aggregated in SQL.
  const ballots = rowsOf<{ roundId: number; contestantId: number; totals: number[] }>(
    await tx.execute(sql`
      select b.round_id as "roundId", b.contestant_id as "contestantId", array_agg(b.total) as totals
      from ${contestBallot} b join ${contestRound} r on r.id = b.round_id
      where r.contest_id = ${contestId} and b.status = 'submitted'
      group by b.round_id, b.contestant_id`),
  );
  const knowledgeRounds = rounds.filter((r) => r.kind === "knowledge");
  const attempts = knowledgeRounds.length ? await knowledgeAttemptRows(tx, { contestId, roundIds: knowledgeRounds.map((r) => r.id) }) : [];

  const scores = new Map<string, { score: number; timeSeconds: number | null }>();
  const key = (roundId: number, contestantId: number) => `${roundId}:${contestantId}`;
  for (const row of ballots) {
    const round = rounds.find((r) => r.id === row.roundId);
    const score = round && isJudgedRound(round.kind) ? judgedRoundScore(row.totals.map(Number), round.dropExtremesFrom) : null;
    if (score !== null) scores.set(key(row.roundId, row.contestantId), { score, timeSeconds: null });
  }
  for (const row of attempts) {
    const round = knowledgeRounds.find((r) => r.id === row.roundId)!;
    const score = knowledgeRoundScore({
      score: row.score,
      maxScore: row.maxScore,
      roundMax: round.maxPoints,
      speedBonus: round.speedBonus,
      timeSeconds: row.timeSeconds,
      timeLimitSeconds: round.timeLimitMinutes ? round.timeLimitMinutes * 60 : null,
    });
    scores.set(key(row.roundId, row.contestantId), { score, timeSeconds: row.timeSeconds });
  }

  const roundRows: RoundRow[] = [];
  for (const round of rounds) {
    const entries = contestants.flatMap((c) => {
      const s = scores.get(key(round.id, c.id));
      return s ? [{ contestantId: c.id, score: s.score, timeSeconds: s.timeSeconds }] : [];
    });
    for (const ranked of rankRound(entries)) {
      const s = scores.get(key(round.id, ranked.contestantId))!;
      roundRows.push({ round_id: round.id, contestant_id: ranked.contestantId, score: s.score, time_seconds: s.timeSeconds, rank: ranked.rank });
    }
  }
  const standings = rankStandings(
    contestants.map((c) => {
      const perRound = rounds.map((r) => ({ id: r.id, weight: r.weight, value: scores.get(key(r.id, c.id)) }));
      return {
        contestantId: c.id,
        total: weightedTotal(perRound.map((r) => ({ weight: r.weight, score: r.value?.score ?? null }))),
        scores: Object.fromEntries(perRound.map((r) => [r.id, r.value?.score ?? null])),
        times: Object.fromEntries(perRound.map((r) => [r.id, r.value?.timeSeconds ?? null])),
      };
    }),
    info.tieBreaks,
  );
  const prizes: PrizeTier[] = info.prizes;
  const standingRows: StandingRow[] = standings.map((s) => ({
    contestant_id: s.contestantId,
    total: s.total,
    rank: s.rank,
    tied: s.tied,
    // Nobody wins a prize without having scored.
    prize: s.total > 0 ? prizeForRank(s.rank, prizes) : null,
  }));

  await writeChanged(tx, { contestId, roundIds: rounds.map((r) => r.id), roundRows, standingRows });
  await tx.update(contest).set({ standingCount: standingRows.length }).where(eq(contest.id, contestId));
  await notifyScoreboard(tx, contestId);
}

type RoundRow = { round_id: number; contestant_id: number; score: number; time_seconds: number | null; rank: number };
type StandingRow = { contestant_id: number; total: number; rank: number; tied: boolean; prize: string | null };

/**
 * Writes only what changed (one score change moves few rows; a rewrite of 100,000 would take
 * seconds): loads the stored rows, diffs, then one upsert and one delete per table through JSON.
 */
async function writeChanged(tx: Executor, input: { contestId: number; roundIds: number[]; roundRows: RoundRow[]; standingRows: StandingRow[] }) {
  const storedRounds = input.roundIds.length
    ? rowsOf<RoundRow>(
        await tx.execute(sql`select round_id, contestant_id, score, time_seconds, rank from ${contestRoundScore} where round_id in ${input.roundIds}`),
      )
    : [];
  const roundKey = (r: { round_id: number; contestant_id: number }) => `${r.round_id}:${r.contestant_id}`;
  const roundBefore = new Map(storedRounds.map((r) => [roundKey(r), r]));
  const changedRounds = input.roundRows.filter((r) => {
    const old = roundBefore.get(roundKey(r));
    return !old || old.score !== r.score || old.time_seconds !== r.time_seconds || old.rank !== r.rank;
  });
  const fresh = new Set(input.roundRows.map(roundKey));
  const goneRounds = storedRounds.filter((r) => !fresh.has(roundKey(r)));
  if (changedRounds.length) {
    await tx.execute(sql`
      insert into ${contestRoundScore} (round_id, contestant_id, score, time_seconds, rank)
      select round_id, contestant_id, score, time_seconds, rank
      from jsonb_to_recordset(${JSON.stringify(changedRounds)}::jsonb)
        as x(round_id int, contestant_id int, score float8, time_seconds int, rank int)
      on conflict (round_id, contestant_id) do update
        set score = excluded.score, time_seconds = excluded.time_seconds, rank = excluded.rank, updated_at = now()`);
  }
  if (goneRounds.length) {
    await tx.execute(sql`
      delete from ${contestRoundScore} s using jsonb_to_recordset(${JSON.stringify(goneRounds)}::jsonb) as x(round_id int, contestant_id int)
      where s.round_id = x.round_id and s.contestant_id = x.contestant_id`);
  }

  const storedStandings = rowsOf<StandingRow>(
    await tx.execute(sql`select contestant_id, total, rank, tied, prize from ${contestStanding} where contest_id = ${input.contestId}`),
  );
  const standingBefore = new Map(storedStandings.map((r) => [r.contestant_id, r]));
  const changedStandings = input.standingRows.filter((r) => {
    const old = standingBefore.get(r.contestant_id);
    return !old || old.total !== r.total || old.rank !== r.rank || old.tied !== r.tied || old.prize !== r.prize;
  });
  const current = new Set(input.standingRows.map((r) => r.contestant_id));
  const goneStandings = storedStandings.filter((r) => !current.has(r.contestant_id)).map((r) => r.contestant_id);
  if (changedStandings.length) {
    await tx.execute(sql`
      insert into ${contestStanding} (contest_id, contestant_id, total, rank, tied, prize)
      select ${input.contestId}, contestant_id, total, rank, tied, prize
      from jsonb_to_recordset(${JSON.stringify(changedStandings)}::jsonb)
        as x(contestant_id int, total float8, rank int, tied boolean, prize text)
      on conflict (contest_id, contestant_id) do update
        set total = excluded.total, rank = excluded.rank, tied = excluded.tied, prize = excluded.prize, updated_at = now()`);
  }
  // After a bulk change the planner's row estimates are stale (it would sort 100,000 rows instead of
  // walking the rank index); ANALYZE is allowed in a transaction and takes ~0.1 s at that size.
  if (changedStandings.length + changedRounds.length > 10_000) await tx.execute(sql`analyze ${contestStanding}, ${contestRoundScore}`);
  if (goneStandings.length) {
    await tx.execute(sql`
      delete from ${contestStanding} where contest_id = ${input.contestId}
        and contestant_id in (select value::int from jsonb_array_elements_text(${JSON.stringify(goneStandings)}::jsonb))`);
  }
}

/** Delivered on commit to every app server LISTENing (several servers behind a load balancer). */
export async function notifyScoreboard(tx: Executor, contestId: number) {
  await tx.execute(sql`select pg_notify(${SCORE_CHANNEL}, ${String(contestId)})`);
}

export const LEADERBOARD_PAGE_SIZE = 50;

export interface LeaderboardRow {
  contestantId: number;
  rank: number;
  tied: boolean;
  total: number;
  prize: string | null;
  fullName: string;
  unitName: string;
}

const fullNameSql = sql<string>`trim(${person.familyName} || ' ' || ${person.middleName} || ' ' || ${person.givenName})`;

/** Overall standings, one page, from the stored ranks (index contest_standing_rank_idx). */
export async function getLeaderboard(input: { contestId: number; page?: number; pageSize?: number; db?: Executor }) {
  const pageSize = input.pageSize ?? LEADERBOARD_PAGE_SIZE;
  const db = input.db ?? getDb();
  // The page is picked from the rank index first; only its 50 rows are joined to names.
  const page = db
    .select({ contestantId: contestStanding.contestantId, rank: contestStanding.rank, tied: contestStanding.tied, total: contestStanding.total, prize: contestStanding.prize })
    .from(contestStanding)
    .where(eq(contestStanding.contestId, input.contestId))
    .orderBy(asc(contestStanding.rank), asc(contestStanding.contestantId))
    .limit(pageSize)
    .offset(((input.page ?? 1) - 1) * pageSize)
    .as("page");
  const rows: LeaderboardRow[] = await db
    .select({ contestantId: page.contestantId, rank: page.rank, tied: page.tied, total: page.total, prize: page.prize, fullName: fullNameSql, unitName: unit.name })
    .from(page)
    .innerJoin(contestContestant, eq(contestContestant.id, page.contestantId))
    .innerJoin(person, eq(person.id, contestContestant.personId))
    .innerJoin(unit, eq(unit.id, contestContestant.tccsUnitId))
    .orderBy(asc(page.rank), asc(page.contestantId));
  const [total] = await db.select({ n: contest.standingCount }).from(contest).where(eq(contest.id, input.contestId));
  return { rows, total: total?.n ?? 0 };
}

/** Every round score of the contestants on a leaderboard page (one query). */
export async function getRoundScoresFor(input: { contestantIds: number[] }) {
  if (!input.contestantIds.length) return [];
  return getDb()
    .select({ roundId: contestRoundScore.roundId, contestantId: contestRoundScore.contestantId, score: contestRoundScore.score, rank: contestRoundScore.rank })
    .from(contestRoundScore)
    .where(sql`${contestRoundScore.contestantId} in ${input.contestantIds}`);
}

/** One round's standings, one page. */
export async function getRoundLeaderboard(input: { roundId: number; page?: number }) {
  const page = input.page ?? 1;
  const rows = getDb()
    .select({ contestantId: contestRoundScore.contestantId, rank: contestRoundScore.rank, score: contestRoundScore.score, timeSeconds: contestRoundScore.timeSeconds })
    .from(contestRoundScore)
    .where(eq(contestRoundScore.roundId, input.roundId))
    .orderBy(asc(contestRoundScore.rank), asc(contestRoundScore.contestantId))
    .limit(LEADERBOARD_PAGE_SIZE)
    .offset((page - 1) * LEADERBOARD_PAGE_SIZE)
    .as("page");
  return getDb()
    .select({ contestantId: rows.contestantId, rank: rows.rank, score: rows.score, timeSeconds: rows.timeSeconds, fullName: fullNameSql, unitName: unit.name })
    .from(rows)
    .innerJoin(contestContestant, eq(contestContestant.id, rows.contestantId))
    .innerJoin(person, eq(person.id, contestContestant.personId))
    .innerJoin(unit, eq(unit.id, contestContestant.tccsUnitId))
    .orderBy(asc(rows.rank), asc(rows.contestantId));
}

/** Standings per grassroots organisation, aggregated in SQL. */
export async function getUnitStandings(contestId: number) {
  return rowsOf<{ unitId: number; unitName: string; contestants: number; bestRank: number; averageTotal: number; prizes: number }>(
    await getDb().execute(sql`
      select u.id as "unitId", u.name as "unitName", count(*)::int as contestants, min(s.rank)::int as "bestRank",
        round(avg(s.total)::numeric, 2)::float8 as "averageTotal", (count(*) filter (where s.prize is not null))::int as prizes
      from ${contestStanding} s
      join ${contestContestant} c on c.id = s.contestant_id
      join ${unit} u on u.id = c.tccs_unit_id
      where s.contest_id = ${contestId}
      group by u.id, u.name
      order by min(s.rank), u.name
      limit 500`),
  );
}

/** How many rows the projector shows, and so how many the frozen snapshot keeps. */
export const SCOREBOARD_SIZE = 20;

export interface ScoreboardData {
  frozen: boolean;
  rows: LeaderboardRow[];
  total: number;
}

/** The public scoreboard: the frozen snapshot while frozen, else the live top. */
export async function getScoreboard(contestId: number): Promise<ScoreboardData> {
  const [row] = await getDb().select({ frozenAt: contest.frozenAt, frozenSnapshot: contest.frozenSnapshot }).from(contest).where(eq(contest.id, contestId));
  if (row?.frozenAt && row.frozenSnapshot) return { frozen: true, ...(row.frozenSnapshot as { rows: LeaderboardRow[]; total: number }) };
  const live = await getLeaderboard({ contestId, pageSize: SCOREBOARD_SIZE });
  return { frozen: false, ...live };
}

/** Freezes the public scoreboard on its current top (the organiser reveals at the ceremony). */
export async function freezeScoreboard(contestId: number) {
  await getDb().transaction(async (tx) => {
    const live = await getLeaderboard({ contestId, pageSize: SCOREBOARD_SIZE, db: tx });
    await tx.update(contest).set({ frozenAt: new Date(), frozenSnapshot: live, updatedAt: new Date() }).where(eq(contest.id, contestId));
    await notifyScoreboard(tx, contestId);
  });
}

export async function revealScoreboard(contestId: number) {
  await getDb().transaction(async (tx) => {
    await tx.update(contest).set({ frozenAt: null, frozenSnapshot: null, updatedAt: new Date() }).where(eq(contest.id, contestId));
    await notifyScoreboard(tx, contestId);
  });
}

/** Recompute from outside a score change (e.g. tie-break order or prizes edited). */
export async function recomputeNow(contestId: number) {
  await getDb().transaction((tx) => recomputeContest(tx, contestId));
}

/** A prize winner's certificate data; null when the contestant has no prize. */
export async function getPrizeWinner(input: { contestId: number; contestantId: number }) {
  const [row] = await getDb()
    .select({ rank: contestStanding.rank, prize: contestStanding.prize, fullName: fullNameSql, unitName: unit.name })
    .from(contestStanding)
    .innerJoin(contestContestant, eq(contestContestant.id, contestStanding.contestantId))
    .innerJoin(person, eq(person.id, contestContestant.personId))
    .innerJoin(unit, eq(unit.id, contestContestant.tccsUnitId))
    .where(and(eq(contestStanding.contestId, input.contestId), eq(contestStanding.contestantId, input.contestantId), sql`${contestStanding.prize} is not null`));
  return row?.prize ? { ...row, prize: row.prize } : null;
}
