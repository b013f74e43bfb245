import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { contest, contestContestant, contestRoundScore, contestStanding, person, unit } from "#db/schema";
import { fullNameSql } from "~/org/name-sql.server";
import { pageRankSql, prizeCountSql, prizeOf, rankSql, roundRankSql, tiedSql } from "./ranking.server";

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

const LeaderboardEntryRowSchema = z.object({
  total: z.number(),
  contestantId: z.number(),
  rank: z.number(),
  tied: z.boolean(),
  fullName: z.string(),
  unitName: z.string(),
});

/**
 * Overall standings, one page. Ranks are not stored (a moved score would shift thousands): the
 * page is a slice of the board's index order (contest_standing_order_idx: key, then contestant id;
 * index-only, the totals are read for its rows after), ranked by a window over the slice
 * (ranking.server.ts `pageRankSql`).
 */
export async function getLeaderboard(input: { contestId: number; page?: number; pageSize?: number; db?: Executor }) {
  const pageSize = input.pageSize ?? LEADERBOARD_PAGE_SIZE;
  const db = input.db ?? getDb();
  const offset = ((input.page ?? 1) - 1) * pageSize;
  const [rows, [info]] = await Promise.all([
    db
      .execute(
        sql`with page as (
            select s.contestant_id, s.sort_key from ${contestStanding} s
            where s.contest_id = ${input.contestId}
            order by s.sort_key desc, s.contestant_id limit ${pageSize} offset ${offset}
          ), ranked as (
            select page.*, (rank() over (order by page.sort_key desc))::int as r from page
          )
          select ranked.contestant_id as "contestantId",
            ${pageRankSql({ table: sql`contest_standing`, group: sql`contest_id`, id: input.contestId, offset })} as rank,
            ${tiedSql(sql`ranked`, sql`${input.contestId}`)} as tied,
            t.total, ${fullNameSql()} as "fullName", u.name as "unitName"
          from ranked join ${contestStanding} t on t.contest_id = ${input.contestId} and t.contestant_id = ranked.contestant_id
          join ${contestContestant} c on c.id = ranked.contestant_id join ${person} p on p.id = c.person_id join ${unit} u on u.id = c.tccs_unit_id
          order by ranked.sort_key desc, ranked.contestant_id`,
      )
      .then((result) => rowsOf(result, LeaderboardEntryRowSchema)),
    db.select({ n: contest.standingCount, prizes: contest.prizes }).from(contest).where(eq(contest.id, input.contestId)),
  ]);
  const tiers = info?.prizes ?? [];
  return {
    rows: rows.map((r): LeaderboardRow => ({ ...r, rank: Number(r.rank), total: Number(r.total), prize: prizeOf(Number(r.rank), Number(r.total), tiers) })),
    total: info?.n ?? 0,
  };
}

const RoundScoresForRowSchema = z.object({ roundId: z.number(), contestantId: z.number(), score: z.number(), rank: z.number().nullable() });

/** Every round score of the given contestants (one query); `ranked` adds each score's rank in its round. */
export async function getRoundScoresFor(input: { contestantIds: number[]; ranked?: boolean }) {
  if (!input.contestantIds.length) return [];
  const rows = rowsOf(
    await getDb().execute(sql`
      select s.round_id as "roundId", s.contestant_id as "contestantId", s.score,
        ${input.ranked ? roundRankSql(sql`s`) : sql`null::int`} as rank
      from ${contestRoundScore} s where s.contestant_id in ${input.contestantIds}`),
    RoundScoresForRowSchema,
  );
  return rows.map((r) => ({ ...r, score: Number(r.score), rank: r.rank === null ? null : Number(r.rank) }));
}

const RoundLeaderboardRowSchema = z.object({
  contestantId: z.number(),
  rank: z.number(),
  score: z.number(),
  timeSeconds: z.number().nullable(),
  fullName: z.string(),
  unitName: z.string(),
});

/** One round's standings, one page (ranked as the overall board is). */
export async function getRoundLeaderboard(input: { roundId: number; page?: number }) {
  const offset = ((input.page ?? 1) - 1) * LEADERBOARD_PAGE_SIZE;
  const rows = rowsOf(
    await getDb().execute(sql`
      with page as (
        select s.contestant_id, s.sort_key from ${contestRoundScore} s
        where s.round_id = ${input.roundId}
        order by s.sort_key desc, s.contestant_id limit ${LEADERBOARD_PAGE_SIZE} offset ${offset}
      ), ranked as (
        select page.*, (rank() over (order by page.sort_key desc))::int as r from page
      )
      select ranked.contestant_id as "contestantId",
        ${pageRankSql({ table: sql`contest_round_score`, group: sql`round_id`, id: input.roundId, offset })} as rank,
        t.score, t.time_seconds as "timeSeconds", ${personName} as "fullName", ${unit.name} as "unitName"
      from ranked join ${contestRoundScore} t on t.round_id = ${input.roundId} and t.contestant_id = ranked.contestant_id
      join ${contestContestant} on ${contestContestant.id} = ranked.contestant_id
      join ${person} on ${person.id} = ${contestContestant.personId} join ${unit} on ${unit.id} = ${contestContestant.tccsUnitId}
      order by ranked.sort_key desc, ranked.contestant_id`),
    RoundLeaderboardRowSchema,
  );
  return rows.map((r) => ({ ...r, rank: Number(r.rank), score: Number(r.score) }));
}

const UnitStandingsRowSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  contestants: z.number(),
  bestRank: z.number(),
  averageTotal: z.number(),
  prizes: z.number(),
});

/** Standings per grassroots organisation, aggregated in SQL (one window over the contest's board). */
export async function getUnitStandings(contestId: number) {
  return rowsOf(
    await getDb().execute(sql`
      with ranked as (
        select s.contestant_id, s.total, (rank() over (order by s.sort_key desc))::int as rank
        from ${contestStanding} s where s.contest_id = ${contestId}
      )
      select u.id as "unitId", u.name as "unitName", count(*)::int as contestants, min(s.rank)::int as "bestRank",
        round(avg(s.total)::numeric, 2)::float8 as "averageTotal",
        (count(*) filter (where s.total > 0 and s.rank <= (select ${prizeCountSql(sql`k`)} from ${contest} k where k.id = ${contestId})))::int as prizes
      from ranked s
      join ${contestContestant} c on c.id = s.contestant_id
      join ${unit} u on u.id = c.tccs_unit_id
      group by u.id, u.name
      order by min(s.rank), u.name
      limit 500`),
    UnitStandingsRowSchema,
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

const StandingOfRowSchema = z.object({
  rank: z.number(),
  tied: z.boolean(),
  total: z.number(),
  prizes: z.array(z.object({ label: z.string(), count: z.number() })),
  fullName: z.string(),
  unitName: z.string(),
});

/** A contestant's rank, tie, total and prize, computed from the board (null when they have no standing). */
async function standingOf(input: { contestId: number; contestantId: number }) {
  const [row] = rowsOf(
    await getDb().execute(sql`
      select ${rankSql(sql`s`)} as rank, ${tiedSql(sql`s`, sql`s.contest_id`)} as tied,
        s.total, k.prizes, ${personName} as "fullName", ${unit.name} as "unitName"
      from ${contestStanding} s join ${contest} k on k.id = s.contest_id
      join ${contestContestant} on ${contestContestant.id} = s.contestant_id
      join ${person} on ${person.id} = ${contestContestant.personId} join ${unit} on ${unit.id} = ${contestContestant.tccsUnitId}
      where s.contest_id = ${input.contestId} and s.contestant_id = ${input.contestantId}`),
    StandingOfRowSchema,
  );
  if (!row) return null;
  const rank = Number(row.rank);
  const total = Number(row.total);
  return { rank, tied: row.tied, total, prize: prizeOf(rank, total, row.prizes), fullName: row.fullName, unitName: row.unitName };
}

/** A prize winner's certificate data; null when the contestant has no prize. */
export async function getPrizeWinner(input: { contestId: number; contestantId: number }) {
  const row = await standingOf(input);
  return row?.prize ? { rank: row.rank, prize: row.prize, fullName: row.fullName, unitName: row.unitName } : null;
}

/** A contestant's own standing (rank, total, prize), for their contest page once results are published. */
export async function getOwnStanding(input: { contestId: number; contestantId: number }) {
  const row = await standingOf(input);
  return row ? { rank: row.rank, tied: row.tied, total: row.total, prize: row.prize } : null;
}
