/**
 * Range re-ranking: when a few scores change, only the rows whose sort key lies between the
 * changed rows' old and new keys can change rank (every row above keeps the same rows above it,
 * every row below keeps the same count above it). The stored `sort_key` arrays (compared
 * lexicographically by PostgreSQL, index `*_sort_idx`) let SQL rank just that slice.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { contestRoundScore, contestStanding, type PrizeTier } from "#db/schema";
import { compareKeys } from "./scoring";

/** A PostgreSQL float8[] literal ('{1.5,-Infinity}'); JSON cannot carry -Infinity. */
export function pgArray(keys: number[]) {
  return `{${keys.map((k) => (k === Number.NEGATIVE_INFINITY ? "-Infinity" : k === Number.POSITIVE_INFINITY ? "Infinity" : String(k))).join(",")}}`;
}

/**
 * The slice touched by moving rows from their old keys to their new keys: from the best key
 * involved down to the worst; a row appearing or disappearing shifts everything below it, so
 * the slice then runs to the bottom (lo = null).
 */
export function affectedRange(moves: { before: number[] | null; after: number[] | null }[]) {
  let hi: number[] | null = null;
  let lo: number[] | null = null;
  let open = false;
  for (const move of moves) {
    if (!move.before || !move.after) open = true;
    for (const key of [move.before, move.after]) {
      if (!key) continue;
      if (!hi || compareKeys(key, hi) < 0) hi = key;
      if (!lo || compareKeys(key, lo) > 0) lo = key;
    }
  }
  return hi ? { hi, lo: open ? null : lo } : null;
}

/** SQL for the prize of a rank, the tiers in order (nobody wins a prize without having scored). */
function prizeCase(tiers: PrizeTier[], rank: SQL, total: SQL): SQL {
  if (!tiers.length) return sql`null::text`;
  let upTo = 0;
  const branches = tiers.map((tier) => {
    upTo += tier.count;
    return sql`when ${rank} <= ${upTo} then ${tier.label}::text`;
  });
  return sql`case when ${total} <= 0 then null::text ${sql.join(branches, sql` `)} else null::text end`;
}

/** Re-ranks the contest's standings whose key is in [lo, hi] (lo null = to the bottom), with prizes. */
export async function rerankStandings(tx: Executor, input: { contestId: number; range: { hi: number[]; lo: number[] | null }; prizes: PrizeTier[] }) {
  const hi = pgArray(input.range.hi);
  const lower = input.range.lo ? sql`and sort_key >= ${pgArray(input.range.lo)}::float8[]` : sql``;
  await tx.execute(sql`
    with better as (
      select count(*)::int as n from ${contestStanding} where contest_id = ${input.contestId} and sort_key > ${hi}::float8[]
    ), ranked as (
      select contestant_id, total, (rank() over (order by sort_key desc))::int + (select n from better) as rank,
        count(*) over (partition by sort_key) > 1 as tied
      from ${contestStanding}
      where contest_id = ${input.contestId} and sort_key <= ${hi}::float8[] ${lower}
    ), priced as (
      select contestant_id, rank, tied, ${prizeCase(input.prizes, sql`rank`, sql`total`)} as prize from ranked
    )
    update ${contestStanding} s set rank = p.rank, tied = p.tied, prize = p.prize, updated_at = now()
    from priced p
    where s.contest_id = ${input.contestId} and s.contestant_id = p.contestant_id
      and (s.rank, s.tied, s.prize) is distinct from (p.rank, p.tied, p.prize)`);
}

/** Re-ranks one round's scores whose key is in [lo, hi] (lo null = to the bottom). */
export async function rerankRound(tx: Executor, input: { roundId: number; range: { hi: number[]; lo: number[] | null } }) {
  const hi = pgArray(input.range.hi);
  const lower = input.range.lo ? sql`and sort_key >= ${pgArray(input.range.lo)}::float8[]` : sql``;
  await tx.execute(sql`
    with better as (
      select count(*)::int as n from ${contestRoundScore} where round_id = ${input.roundId} and sort_key > ${hi}::float8[]
    ), ranked as (
      select contestant_id, (rank() over (order by sort_key desc))::int + (select n from better) as rank
      from ${contestRoundScore}
      where round_id = ${input.roundId} and sort_key <= ${hi}::float8[] ${lower}
    )
    update ${contestRoundScore} s set rank = r.rank, updated_at = now()
    from ranked r
    where s.round_id = ${input.roundId} and s.contestant_id = r.contestant_id and s.rank <> r.rank`);
}
