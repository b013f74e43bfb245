import { describe, expect, it } from "vitest";
import { judgedRoundScore, knowledgeRoundScore, prizeForRank, rankRound, rankStandings, weightedTotal } from "~/contest/scoring";

describe("judged round score", () => {
  it("is the mean of the judges' totals below the drop threshold", () => {
    expect(judgedRoundScore([8, 9, 10, 7], 5)).toBe(8.5);
  });
  it("drops one highest and one lowest total with 5 or more judges", () => {
    expect(judgedRoundScore([10, 2, 8, 8, 8], 5)).toBe(8);
    expect(judgedRoundScore([10, 10, 8, 8, 6, 6], 5)).toBe(8);
  });
  it("never drops when configured off, and is null with no ballots", () => {
    expect(judgedRoundScore([10, 2, 8, 8, 8], null)).toBe(7.2);
    expect(judgedRoundScore([], 5)).toBeNull();
  });
  it("keeps 4 decimals so equal sums compare equal", () => {
    expect(judgedRoundScore([0.1, 0.2], null)).toBe(0.15);
  });
});

describe("knowledge round score", () => {
  const base = { score: 8, maxScore: 10, roundMax: 100, timeSeconds: 300, timeLimitSeconds: 600 };
  it("scales the attempt to the round maximum and gives no points for speed by default", () => {
    expect(knowledgeRoundScore({ ...base, speedBonus: 0 })).toBe(80);
    expect(knowledgeRoundScore({ ...base, speedBonus: 0, timeSeconds: 10 })).toBe(80);
  });
  it("adds speed points only when the organiser turns them on", () => {
    expect(knowledgeRoundScore({ ...base, speedBonus: 10 })).toBe(85);
    expect(knowledgeRoundScore({ ...base, speedBonus: 10, score: 0 })).toBe(0);
  });
});

describe("weighted total", () => {
  it("sums weight × round score, unscored rounds counting 0", () => {
    expect(
      weightedTotal([
        { weight: 0.4, score: 80 },
        { weight: 0.3, score: 9 },
        { weight: 0.3, score: null },
      ]),
    ).toBe(34.7);
  });
});

describe("ranking and tie-breaks", () => {
  const row = (contestantId: number, total: number, quiz: number, time: number | null) => ({
    contestantId,
    total,
    scores: { 1: quiz },
    times: { 1: time },
  });
  it("orders by total, then the knowledge score, then the knowledge time", () => {
    const ranked = rankStandings([row(1, 50, 20, 100), row(2, 60, 10, 100), row(3, 50, 30, 200), row(4, 50, 20, 90)], ["score:1", "time:1"]);
    expect(ranked.map((r) => [r.contestantId, r.rank, r.tied])).toEqual([
      [2, 1, false],
      [3, 2, false],
      [4, 3, false],
      [1, 4, false],
    ]);
  });
  it("shows ties when still equal after every tie-break (1, 2, 2, 4)", () => {
    const ranked = rankStandings([row(1, 9, 5, 60), row(2, 8, 5, 60), row(3, 8, 5, 60), row(4, 7, 5, 60)], ["score:1", "time:1"]);
    expect(ranked.map((r) => [r.contestantId, r.rank, r.tied])).toEqual([
      [1, 1, false],
      [2, 2, true],
      [3, 2, true],
      [4, 4, false],
    ]);
  });
  it("without tie-breaks, equal totals tie even with different times", () => {
    const ranked = rankStandings([row(1, 8, 5, 10), row(2, 8, 5, 90)], []);
    expect(ranked.every((r) => r.rank === 1 && r.tied)).toBe(true);
  });
  it("ranks a round by score, then faster time", () => {
    const ranked = rankRound([
      { contestantId: 1, score: 9, timeSeconds: 300 },
      { contestantId: 2, score: 9, timeSeconds: 200 },
      { contestantId: 3, score: 10, timeSeconds: null },
    ]);
    expect(ranked.map((r) => r.contestantId)).toEqual([3, 2, 1]);
  });
});

describe("prizes", () => {
  const tiers = [
    { label: "Giải Nhất", count: 1 },
    { label: "Giải Nhì", count: 2 },
    { label: "Giải Ba", count: 3 },
  ];
  it("gives tiers by rank and shares them among ties", () => {
    expect([1, 2, 3, 4, 6, 7].map((r) => prizeForRank(r, tiers))).toEqual(["Giải Nhất", "Giải Nhì", "Giải Nhì", "Giải Ba", "Giải Ba", null]);
  });
});
