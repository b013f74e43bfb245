import {
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { person } from "./org";

/**
 * A person has completed a training track, online (final test passed) or in person
 * (attended a class). Written by the quiz and class features; read by the dashboards.
 * One row per person × track × method: the earliest completion is kept.
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
    evidence: text(),
  },
  (t) => [
    uniqueIndex("training_completion_unique_idx").on(t.personId, t.track, t.method),
    index("training_completion_completed_idx").on(t.completedAt),
  ],
);

