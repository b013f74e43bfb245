import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { timestamps } from "./org";
// Type-only: the snapshot and result shapes are defined once, by the engine's pure module.
import type { QuestionResult, QuestionSnapshot } from "../../app/quiz/grading";

/**
 * One attempt at a quiz (module check, final test, contest knowledge round).
 * The drawn questions live in `questions` so that starting is a single INSERT.
 */
export const quizAttempt = pgTable(
  "quiz_attempt",
  {
    id: serial().primaryKey(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** "module:<slug>" | "final:<track>" | "contest-round:<roundId>" */
    quizKey: text().notNull(),
    attemptNo: integer().notNull(),
    status: text().notNull().default("open"), // 'open' | 'submitted'
    questions: jsonb().$type<QuestionSnapshot[]>().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** null = no time limit */
    deadline: timestamp({ withTimezone: true }),
    graceSeconds: integer().notNull().default(0),
    passPercent: integer().notNull(),
    submittedAt: timestamp({ withTimezone: true }),
    score: integer(),
    maxScore: integer().notNull(),
    percent: doublePrecision(),
    passed: boolean(),
    results: jsonb().$type<QuestionResult[]>(),
    ...timestamps,
  },
  (t) => [
    index("quiz_attempt_user_quiz_idx").on(t.userId, t.quizKey),
    // At most one open attempt per user and quiz: makes "start" idempotent under races.
    uniqueIndex("quiz_attempt_open_idx")
      .on(t.userId, t.quizKey)
      .where(sql`status = 'open'`),
    index("quiz_attempt_quiz_status_idx").on(t.quizKey, t.status),
    index("quiz_attempt_open_deadline_idx")
      .on(t.deadline)
      .where(sql`status = 'open'`),
  ],
);

/** The answer chosen for one question of an attempt, saved as it is chosen. */
export const quizAnswer = pgTable(
  "quiz_answer",
  {
    attemptId: integer()
      .notNull()
      .references(() => quizAttempt.id, { onDelete: "cascade" }),
    questionId: text().notNull(),
    selected: jsonb().$type<string[]>().notNull(),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] })],
);

/** Extra time or extra attempts granted to one person for one quiz, with a reason. */
export const quizOverride = pgTable(
  "quiz_override",
  {
    id: serial().primaryKey(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    quizKey: text().notNull(),
    extraSeconds: integer().notNull().default(0),
    extraAttempts: integer().notNull().default(0),
    reason: text().notNull(),
    grantedBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quiz_override_user_quiz_idx").on(t.userId, t.quizKey), index("quiz_override_granted_by_idx").on(t.grantedBy)],
);
