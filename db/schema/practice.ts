import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { DraftCheck, DraftTask } from "../../app/practice/drafting";
import { user } from "./auth";
import { timestamps } from "./org";

/** Sums of choice effects on the three qualities of a meeting and on procedure. */
export interface EffectTotals {
  lanhDao: number;
  giaoDuc: number;
  chienDau: number;
  thuTuc: number;
}

/**
 * One learner's run through a practice scenario (content/scenarios/<id>.yaml).
 * `scenarioHash` pins the content version the run was started on; the path lives in practice_step.
 */
export const practiceRun = pgTable(
  "practice_run",
  {
    id: serial().primaryKey(),
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    scenarioId: text().notNull(),
    scenarioHash: text().notNull(),
    mode: text().notNull(), // 'practice' | 'exam'
    status: text().notNull().default("in_progress"), // 'in_progress' | 'finished'
    currentNode: text().notNull(),
    /** Number of steps taken: the index the next step must carry. */
    stepCount: integer().notNull().default(0),
    totals: jsonb().$type<EffectTotals>().notNull(),
    /** Percent of the best path's total, 0..100, set when finished. */
    percent: integer(),
    rating: text(), // 'tot' | 'kha' | 'trung_binh' | 'kem'
    /** The resolution the learner drafted, and the checker's verdict on it. */
    draft: jsonb().$type<{ tasks: DraftTask[] }>(),
    draftCheck: jsonb().$type<DraftCheck>(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("practice_run_user_idx").on(t.userId, t.startedAt),
    index("practice_run_scenario_idx").on(t.scenarioId, t.status),
    check("practice_run_mode_check", sql`${t.mode} in ('practice', 'exam')`),
    check("practice_run_status_check", sql`${t.status} in ('in_progress', 'finished')`),
  ],
);

/** One step of a run: the choice made at a node (null choice = a drafting node). */
export const practiceStep = pgTable(
  "practice_step",
  {
    id: serial().primaryKey(),
    runId: integer()
      .notNull()
      .references(() => practiceRun.id, { onDelete: "cascade" }),
    idx: integer().notNull(),
    nodeId: text().notNull(),
    choiceId: text(),
    effects: jsonb().$type<EffectTotals>().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // The unique (run, idx) makes a replayed or double-clicked choice a no-op.
  (t) => [uniqueIndex("practice_step_run_idx").on(t.runId, t.idx), index("practice_step_node_idx").on(t.nodeId, t.choiceId)],
);
