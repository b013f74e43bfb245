/**
 * Score combination rules of the contest, as pure functions over already-aggregated rows
 * (the db module loads the rows, these decide; unit-tested in tests/unit/contest-scoring.test.ts).
 */
import type { PrizeTier, TieBreakKey } from "#db/schema";

/** Scores are kept to 4 decimals so that equal sums compare equal (0.1 + 0.2). */
export function roundTo(value: number, decimals = 4) {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * A judged round: the mean of the judges' totals; with at least `dropExtremesFrom` judges the
 * single highest and single lowest totals are dropped first. No ballots → null (not scored yet).
 */
export function judgedRoundScore(totals: number[], dropExtremesFrom: number | null) {
  if (!totals.length) return null;
  let kept = [...totals].sort((a, b) => a - b);
  if (dropExtremesFrom !== null && kept.length >= Math.max(dropExtremesFrom, 3)) kept = kept.slice(1, -1);
  return roundTo(kept.reduce((sum, t) => sum + t, 0) / kept.length);
}

/**
 * A knowledge round: the attempt's share of correct points scaled to the round's maximum.
 * Speed earns points only when the organiser sets `speedBonus` > 0: up to that many extra
 * points, in proportion to the time left; otherwise time only breaks ties.
 */
export function knowledgeRoundScore(input: {
  score: number;
  maxScore: number;
  roundMax: number;
  speedBonus: number;
  timeSeconds: number | null;
  timeLimitSeconds: number | null;
}) {
  const base = input.maxScore > 0 ? (input.score / input.maxScore) * input.roundMax : 0;
  let bonus = 0;
  if (input.speedBonus > 0 && input.timeLimitSeconds && input.timeSeconds !== null && input.score > 0) {
    const left = Math.max(0, input.timeLimitSeconds - input.timeSeconds) / input.timeLimitSeconds;
    bonus = input.speedBonus * left;
  }
  return roundTo(base + bonus);
}

/** Total = Σ weight × round score; a round not scored counts 0. */
export function weightedTotal(rounds: { weight: number; score: number | null }[]) {
  return roundTo(rounds.reduce((sum, r) => sum + r.weight * (r.score ?? 0), 0));
}

export interface StandingInput {
  contestantId: number;
  total: number;
  scores: Record<number, number | null>;
  times: Record<number, number | null>;
}

export interface RankedStanding {
  contestantId: number;
  total: number;
  rank: number;
  tied: boolean;
}

/** The sort keys of a row, "higher is better" for each (times are negated: faster first). */
export function sortKeys(row: StandingInput, tieBreaks: TieBreakKey[]) {
  return [
    row.total,
    ...tieBreaks.map((key) => {
      const [kind, id] = key.split(":");
      const roundId = Number(id);
      if (kind === "score") return row.scores[roundId] ?? Number.NEGATIVE_INFINITY;
      const time = row.times[roundId];
      return time === null || time === undefined ? Number.NEGATIVE_INFINITY : -time;
    }),
  ];
}

/** Lexicographic comparison of sort keys: negative when `a` ranks before (is better than) `b`. */
export function compareKeys(a: number[], b: number[]) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return b[i]! > a[i]! ? 1 : -1;
  }
  return 0;
}

/**
 * Ranks by total (higher first), then by the tie-break keys in order. Contestants still equal
 * on every key share a rank and are marked tied (competition ranking: 1, 2, 2, 4).
 */
export function rankStandings(rows: StandingInput[], tieBreaks: TieBreakKey[]): RankedStanding[] {
  // Keys computed once per row, not once per comparison (100,000 rows sort in well under a second).
  const keyed = rows.map((row) => ({ row, keys: sortKeys(row, tieBreaks) }));
  keyed.sort((a, b) => compareKeys(a.keys, b.keys) || a.row.contestantId - b.row.contestantId);
  const ranked: RankedStanding[] = [];
  keyed.forEach(({ row, keys }, i) => {
    const previous = keyed[i - 1];
    const sameAsPrevious = previous !== undefined && compareKeys(previous.keys, keys) === 0;
    const rank = sameAsPrevious ? ranked[i - 1]!.rank : i + 1;
    if (sameAsPrevious) ranked[i - 1]!.tied = true;
    ranked.push({ contestantId: row.contestantId, total: row.total, rank, tied: sameAsPrevious });
  });
  return ranked;
}

function roundAsStanding(r: { contestantId: number; score: number; timeSeconds: number | null }): StandingInput {
  return { contestantId: r.contestantId, total: r.score, scores: {}, times: { 0: r.timeSeconds } };
}

/** A round score's sort key: the score, then faster first when the time is known. */
export function roundSortKey(r: { score: number; timeSeconds: number | null }) {
  return sortKeys(roundAsStanding({ contestantId: 0, ...r }), ["time:0"]);
}

/** Ranks one round's scores (higher first, then faster when times are known); ties share a rank. */
export function rankRound(rows: { contestantId: number; score: number; timeSeconds: number | null }[]) {
  return rankStandings(rows.map(roundAsStanding), ["time:0"]);
}

/**
 * Prize tiers by rank: tier i covers ranks after the previous tiers' counts. Tied contestants
 * share a rank and so share a prize.
 */
export function prizeForRank(rank: number, tiers: PrizeTier[]) {
  let upTo = 0;
  for (const tier of tiers) {
    upTo += tier.count;
    if (rank <= upTo) return tier.label;
  }
  return null;
}
