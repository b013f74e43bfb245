import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import {
  contest,
  contestContestant,
  contestRoundScore,
  contestStanding,
  person,
  unit,
} from "#db/schema";
import { fullNameSql } from "~/org/name-sql.server";

/** The PostgreSQL channel the scoreboards LISTEN on; the payload is the contest id. */
export const SCORE_CHANNEL = "contest_scores";

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

const personName = fullNameSql(sql`${person}`);

/** Overall standings, one page, from the stored ranks (index contest_standing_rank_idx). */
export async function getLeaderboard(input: { contestId: number; page?: number; pageSize?: number; db?: Executor }) {
  const pageSize = input.pageSize ?? LEADERBOARD_PAGE_SIZE;
  const db = input.db ?? getDb();
  // The page is picked from the rank index first; only its 50 rows are joined to names. Ranks are
  // competition ranks (1, 2, 2, 4): the row at position p has the largest rank ≤ p, so a deep page
  // starts at that rank through the index instead of skipping p rows (100,000 on the last page).
  const position = ((input.page ?? 1) - 1) * pageSize + 1;
  const [rows, [total]] = await Promise.all([
    db
      .execute(
        sql`with start as (
            select coalesce(max(rank), 1) as r from ${contestStanding} where contest_id = ${input.contestId} and rank <= ${position}
          ), page as (
            select s.contestant_id, s.rank, s.tied, s.total, s.prize from ${contestStanding} s
            where s.contest_id = ${input.contestId} and s.rank >= (select r from start)
            order by s.rank, s.contestant_id limit ${pageSize} offset (${position} - (select r from start))
          )
          select page.contestant_id as "contestantId", page.rank, page.tied, page.total, page.prize, ${fullNameSql()} as "fullName", u.name as "unitName"
          from page join ${contestContestant} c on c.id = page.contestant_id join ${person} p on p.id = c.person_id join ${unit} u on u.id = c.tccs_unit_id
          order by page.rank, page.contestant_id`,
      )
      .then((result) => rowsOf<LeaderboardRow>(result).map((r) => ({ ...r, rank: Number(r.rank), total: Number(r.total) }))),
    db.select({ n: contest.standingCount }).from(contest).where(eq(contest.id, input.contestId)),
  ]);
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
    .select({ contestantId: rows.contestantId, rank: rows.rank, score: rows.score, timeSeconds: rows.timeSeconds, fullName: personName, unitName: unit.name })
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

/** A prize winner's certificate data; null when the contestant has no prize. */
export async function getPrizeWinner(input: { contestId: number; contestantId: number }) {
  const [row] = await getDb()
    .select({ rank: contestStanding.rank, prize: contestStanding.prize, fullName: personName, unitName: unit.name })
    .from(contestStanding)
    .innerJoin(contestContestant, eq(contestContestant.id, contestStanding.contestantId))
    .innerJoin(person, eq(person.id, contestContestant.personId))
    .innerJoin(unit, eq(unit.id, contestContestant.tccsUnitId))
    .where(and(eq(contestStanding.contestId, input.contestId), eq(contestStanding.contestantId, input.contestantId), sql`${contestStanding.prize} is not null`));
  return row?.prize ? { ...row, prize: row.prize } : null;
}

/** A contestant's own standing (rank, total, prize), for their contest page once results are published. */
export async function getOwnStanding(input: { contestId: number; contestantId: number }) {
  const [row] = await getDb()
    .select({ rank: contestStanding.rank, tied: contestStanding.tied, total: contestStanding.total, prize: contestStanding.prize })
    .from(contestStanding)
    .where(and(eq(contestStanding.contestId, input.contestId), eq(contestStanding.contestantId, input.contestantId)));
  return row ?? null;
}
