import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";

/**
 * One row per section a learner marked "read" (training feature). Deleting the
 * row undoes the mark; the module's read state lives in module_completion.
 */
export const moduleProgress = pgTable(
  "module_progress",
  {
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    moduleSlug: text().notNull(),
    sectionId: text().notNull(),
    completedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.moduleSlug, t.sectionId] }),
    // "Continue where you left off" reads a user's most recent mark.
    index("module_progress_user_completed_idx").on(t.userId, t.completedAt),
    index("module_progress_module_idx").on(t.moduleSlug),
  ],
);

/** The section a learner last opened in each module (where "continue" leads back to). */
export const moduleVisit = pgTable(
  "module_visit",
  {
    userId: text()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    moduleSlug: text().notNull(),
    visitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleSlug] }), index("module_visit_user_visited_idx").on(t.userId, t.visitedAt)],
);
