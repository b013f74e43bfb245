import { sql } from "drizzle-orm";
import { date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { person, timestamps, unit } from "./org";

/** A prize tier: the first `count` ranks (after the previous tiers) receive `label`. */
export interface PrizeTier {
  label: string;
  count: number;
}

/** Tie-break keys in order: "score:<roundId>" (higher first) or "time:<roundId>" (faster first). */
export type TieBreakKey = `score:${number}` | `time:${number}`;

/** Hội thi "Bí thư chi bộ giỏi" at grassroots (co_so) or bloc (khoi) level. */
export const contest = pgTable(
  "contest",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    level: text().notNull(), // 'co_so' | 'khoi'
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    startsOn: date().notNull(),
    endsOn: date().notNull(),
    rules: text().notNull().default(""),
    prizes: jsonb().$type<PrizeTier[]>().notNull().default([]),
    tieBreaks: jsonb().$type<TieBreakKey[]>().notNull().default([]),
    status: text().notNull().default("draft"), // draft | registration | running | finished | published
    frozenAt: timestamp({ withTimezone: true }),
    /** The top of the board at freeze time, shown on the public scoreboard until reveal. */
    frozenSnapshot: jsonb(),
    publishedAt: timestamp({ withTimezone: true }),
    /** The certificate's signature block (party-document form): capacity, signer's title, signer's name. */
    signerCapacity: text().notNull().default("T/M BAN TỔ CHỨC HỘI THI"),
    signerTitle: text().notNull().default("TRƯỞNG BAN"),
    signerName: text().notNull().default(""),
    /** Rows in contest_standing, kept by the recompute so that paging never counts 100,000 rows. */
    standingCount: integer().notNull().default(0),
    createdBy: text().references(() => user.id),
    ...timestamps,
  },
  (t) => [index("contest_unit_idx").on(t.unitId), index("contest_status_idx").on(t.status)],
);

export const contestRound = pgTable(
  "contest_round",
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contest.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    kind: text().notNull(), // knowledge | situation | presentation
    name: text().notNull(),
    maxPoints: doublePrecision().notNull(),
    weight: doublePrecision().notNull().default(1),
    /** Judged rounds: drop the highest and lowest total when at least this many judges scored (null = never). */
    dropExtremesFrom: integer().default(5),
    /** Knowledge rounds: bonus points for speed (0 = speed only breaks ties). */
    speedBonus: doublePrecision().notNull().default(0),
    timeLimitMinutes: integer(),
    opensAt: timestamp({ withTimezone: true }),
    closesAt: timestamp({ withTimezone: true }),
    status: text().notNull().default("pending"), // pending | open | closed
    /** Situation rounds: 'trinh_bay' (presented live, judged in the room) or 'viet' (answered in writing). */
    answerMode: text().notNull().default("trinh_bay"),
    ...timestamps,
  },
  (t) => [uniqueIndex("contest_round_position_idx").on(t.contestId, t.position)],
);

export const contestCriterion = pgTable(
  "contest_criterion",
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    label: text().notNull(),
    maxPoints: doublePrecision().notNull(),
    ...timestamps,
  },
  (t) => [index("contest_criterion_round_idx").on(t.roundId, t.position)],
);

/** A contestant is a person; `tccsUnitId` (their grassroots organisation) drives conflict of interest and standings. */
export const contestContestant = pgTable(
  "contest_contestant",
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contest.id, { onDelete: "cascade" }),
    personId: integer()
      .notNull()
      .references(() => person.id),
    tccsUnitId: integer()
      .notNull()
      .references(() => unit.id),
    /** "registered" (only value so far: unit nominations live in contest_nomination until accepted, see ADR 011). */
    status: text().notNull().default("registered"),
    /** The grassroots contest this contestant won, when carried into a bloc contest. */
    fromContestId: integer().references(() => contest.id),
    registeredBy: text().references(() => user.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contest_contestant_unique_idx").on(t.contestId, t.personId),
    index("contest_contestant_person_idx").on(t.personId),
    index("contest_contestant_tccs_idx").on(t.tccsUnitId),
    index("contest_contestant_from_idx").on(t.fromContestId),
  ],
);

/**
 * A unit's nomination of one of its people to a contest above it. Not a contestant: accepting it
 * inserts a contest_contestant row (docs/decisions/011-contest-nominations.md).
 * Status: 'pending' | 'accepted' | 'declined' (withdrawn pending nominations are deleted).
 */
export const contestNomination = pgTable(
  "contest_nomination",
  {
    id: serial().primaryKey(),
    contestId: integer()
      .notNull()
      .references(() => contest.id, { onDelete: "cascade" }),
    personId: integer()
      .notNull()
      .references(() => person.id),
    /** The nominating unit: the nominator's grant unit, strictly inside the organising unit. */
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    status: text().notNull().default("pending"),
    note: text().notNull().default(""),
    nominatedBy: text().references(() => user.id),
    decidedBy: text().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    /** Required when declined; shown to the nominating unit. */
    decisionReason: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contest_nomination_unique_idx").on(t.contestId, t.personId),
    index("contest_nomination_status_idx").on(t.contestId, t.status),
    index("contest_nomination_unit_idx").on(t.unitId),
    index("contest_nomination_person_idx").on(t.personId),
    index("contest_nomination_nominated_by_idx").on(t.nominatedBy),
    index("contest_nomination_decided_by_idx").on(t.decidedBy),
  ],
);

export const contestJudge = pgTable(
  "contest_judge",
  {
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] }), index("contest_judge_user_idx").on(t.userId)],
);

/**
 * One judge's score sheet for one contestant in one round. Status: 'pending_confirmation'
 * (clerk-entered, waiting for a second person's identical entry), 'submitted' (locked),
 * 'reopened' (unlocked by an organiser with a reason).
 */
export const contestBallot = pgTable(
  "contest_ballot",
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    contestantId: integer()
      .notNull()
      .references(() => contestContestant.id, { onDelete: "cascade" }),
    judgeUserId: text()
      .notNull()
      .references(() => user.id),
    scores: jsonb().$type<Record<string, number>>().notNull(),
    total: doublePrecision().notNull(),
    status: text().notNull(),
    enteredBy: text()
      .notNull()
      .references(() => user.id),
    confirmedBy: text().references(() => user.id),
    submittedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contest_ballot_unique_idx").on(t.roundId, t.contestantId, t.judgeUserId),
    index("contest_ballot_contestant_idx").on(t.contestantId),
    index("contest_ballot_judge_idx").on(t.judgeUserId),
  ],
);

/** A confidential knowledge-round question, imported by the organiser. */
export const contestQuestion = pgTable(
  "contest_question",
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    code: text().notNull(),
    position: integer().notNull(),
    type: text().notNull(), // single | multiple | truefalse
    stem: text().notNull(),
    options: jsonb().$type<{ id: string; text: string }[]>().notNull(),
    correct: jsonb().$type<string[]>().notNull(),
    explanation: text().notNull().default(""),
    source: text().notNull().default(""),
    ...timestamps,
  },
  (t) => [uniqueIndex("contest_question_code_idx").on(t.roundId, t.code)],
);

/** Computed: one contestant's score in one round (knowledge: from the attempt; judged: from ballots). */
export const contestRoundScore = pgTable(
  "contest_round_score",
  {
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    contestantId: integer()
      .notNull()
      .references(() => contestContestant.id, { onDelete: "cascade" }),
    score: doublePrecision().notNull(),
    timeSeconds: integer(),
    /**
     * [score, -time] compared as an array (higher first). The rank is not stored: it is 1 + the rows
     * with a greater key, counted when read (app/contest/ranking.server.ts), so a changed score writes one row.
     */
    sortKey: doublePrecision()
      .array()
      .notNull()
      .default(sql`'{}'`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.contestantId] }),
    index("contest_round_score_order_idx").on(t.roundId, t.sortKey.desc().nullsFirst(), t.contestantId),
    index("contest_round_score_contestant_idx").on(t.contestantId),
  ],
);

/**
 * Computed: a contestant's total and sort key, rewritten in the transaction that changes any of
 * their scores. Rank, tie and prize are derived when read (app/contest/ranking.server.ts).
 */
export const contestStanding = pgTable(
  "contest_standing",
  {
    contestId: integer()
      .notNull()
      .references(() => contest.id, { onDelete: "cascade" }),
    contestantId: integer()
      .notNull()
      .references(() => contestContestant.id, { onDelete: "cascade" }),
    total: doublePrecision().notNull(),
    /** [total, tie-break values…] compared as an array (higher first); see app/contest/ranking.server.ts. */
    sortKey: doublePrecision()
      .array()
      .notNull()
      .default(sql`'{}'`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.contestId, t.contestantId] }),
    // The board's order (ties by contestant id); counts of better keys are index-only scans of it.
    index("contest_standing_order_idx").on(t.contestId, t.sortKey.desc().nullsFirst(), t.contestantId),
    index("contest_standing_contestant_idx").on(t.contestantId),
  ],
);

/**
 * Knowledge-round attempts whose score changed (submitted, graded at expiry, overridden,
 * regraded), queued by a trigger on quiz_attempt and folded into the standings in batches
 * (app/contest/score-queue.server.ts): 3,000 simultaneous hand-ins never queue on the contest lock.
 */
export const contestScoreQueue = pgTable(
  "contest_score_queue",
  {
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    userId: text().notNull(),
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] })],
);
