import { index, primaryKey, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { person } from "./org";

/**
 * A person has completed a training track, online (final test passed) or in person
 * (attended a class). Written by the quiz and class features; read by the dashboards.
 * One row per piece of evidence (an attempt, a class): a person trained again for a later
 * campaign gets a new row, and each campaign counts the completions inside its own window.
 */
export const trainingCompletion = pgTable(
  "training_completion",
  {
    id: serial().primaryKey(),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    track: text().notNull(), // 'A' | 'B'
    method: text().notNull(), // 'online' | 'in_person'
    completedAt: timestamp({ withTimezone: true }).notNull(),
    /** e.g. 'attempt:123' or 'class:7' */
    evidence: text().notNull(),
  },
  (t) => [
    uniqueIndex("training_completion_unique_idx").on(t.personId, t.track, t.method, t.evidence),
    index("training_completion_completed_idx").on(t.completedAt),
  ],
);

/**
 * A learner's state of one module: all sections read (training feature) and the
 * module check passed (quiz feature). The module counts as completed when the check is passed.
 */
export const moduleCompletion = pgTable(
  "module_completion",
  {
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    moduleSlug: text().notNull(),
    readAt: timestamp({ withTimezone: true }),
    checkPassedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleSlug] }), index("module_completion_module_idx").on(t.moduleSlug)],
);
