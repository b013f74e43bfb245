/**
 * Ranks at read time. Standings and round scores store only their sort keys (`sort_key`, compared
 * lexicographically by PostgreSQL, higher first); a rank is competition rank (1, 2, 2, 4) = 1 + the
 * rows with a greater key, an index-only count on `*_order_idx`. Storing ranks made a score that
 * crossed the board rewrite every rank in between (a third of a 100,000 board per sheet on average);
 * now a changed score writes its own rows only. Prizes follow from the rank and the contest's tiers.
 */
import { sql, type SQL } from "drizzle-orm";
import type { PrizeTier } from "#db/schema";
import { prizeForRank } from "./scoring";

/** A PostgreSQL float8[] literal ('{1.5,-Infinity}'); JSON cannot carry -Infinity. */
export function pgArray(keys: number[]) {
  return `{${keys.map((k) => (k === Number.NEGATIVE_INFINITY ? "-Infinity" : k === Number.POSITIVE_INFINITY ? "Infinity" : String(k))).join(",")}}`;
}

/** The rank of the contest_standing row aliased `s`. */
export function rankSql(s: SQL) {
  return sql`(1 + (select count(*) from contest_standing b where b.contest_id = ${s}.contest_id and b.sort_key > ${s}.sort_key))::int`;
}

/** The rank of the contest_round_score row aliased `s` in its round. */
export function roundRankSql(s: SQL) {
  return sql`(1 + (select count(*) from contest_round_score b where b.round_id = ${s}.round_id and b.sort_key > ${s}.sort_key))::int`;
}

/**
 * The rank of a row of one page of a board (`table` grouped by `group` = `id`), in a query whose CTE
 * `page` holds the slice starting at `offset` in board order (key desc, contestant id) and `ranked`
 * adds `r` = rank() over the slice. A row whose key is not the slice's first key has that key first
 * at board position offset + r (1-based): rank offset + r. Rows sharing the first key K have
 * 1 + (rows above K) = offset + 1 - (rows of K before the slice), and those are the rows with key K
 * and a smaller contestant id than the slice's first row: an equality range of the index, a few rows,
 * where counting the rows above K would walk up to the whole board (and the planner, not knowing K,
 * reads the table for it).
 */
export function pageRankSql(input: { table: SQL; group: SQL; id: number; offset: number }) {
  return sql`case when ranked.r = 1
    then (${input.offset} + 1 - (select count(*) from ${input.table} b,
      (select p0.contestant_id, p0.sort_key from page p0 order by p0.sort_key desc, p0.contestant_id limit 1) head
      where b.${input.group} = ${input.id} and b.sort_key = head.sort_key and b.contestant_id < head.contestant_id))::int
    else ${input.offset} + ranked.r end`;
}

/** Whether another contestant of the contest shares the key of the row aliased `s` (a shared rank). */
export function tiedSql(s: SQL, contestId: SQL) {
  return sql`exists (select 1 from contest_standing o where o.contest_id = ${contestId} and o.sort_key = ${s}.sort_key and o.contestant_id <> ${s}.contestant_id)`;
}

/** How many ranks the prize tiers of the contest row aliased `k` cover. */
export function prizeCountSql(k: SQL) {
  return sql`coalesce((select sum((t->>'count')::int) from jsonb_array_elements(${k}.prizes) t), 0)::int`;
}

/**
 * Whether the standing row aliased `s` wins a prize in the contest aliased `k`: it has scored and
 * its rank is within the tiers, i.e. its key is at least the key of the last row the tiers cover
 * (tied rows share that rank, so all of them).
 */
export function prizeWinnerSql(s: SQL, k: SQL) {
  const covered = prizeCountSql(k);
  return sql`(${s}.total > 0 and ${covered} > 0 and ${s}.sort_key >= coalesce((select b.sort_key from contest_standing b
    where b.contest_id = ${s}.contest_id order by b.sort_key desc offset ${covered} - 1 limit 1), '{}'::float8[]))`;
}

/** The prize of a rank (nobody wins a prize without having scored). */
export function prizeOf(rank: number, total: number, tiers: PrizeTier[]) {
  return total > 0 ? prizeForRank(rank, tiers) : null;
}
