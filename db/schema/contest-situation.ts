import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { contestContestant, contestRound } from "./contest";
import { timestamps } from "./org";

/** A confidential situation of a situation round, entered by the organisers. */
export const contestSituation = pgTable(
  "contest_situation",
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    code: text().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("contest_situation_code_idx").on(t.roundId, t.code), index("contest_situation_round_idx").on(t.roundId, t.position)],
);

/**
 * The situation a contestant drew (or was assigned) in a round, and their written answer.
 * One row per contestant and round: the unique index makes the draw idempotent. An assignment
 * made before the draw has `drawnAt` null; the contestant sees the text only once drawn.
 */
export const contestSituationDraw = pgTable(
  "contest_situation_draw",
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => contestRound.id, { onDelete: "cascade" }),
    contestantId: integer()
      .notNull()
      .references(() => contestContestant.id, { onDelete: "cascade" }),
    situationId: integer()
      .notNull()
      .references(() => contestSituation.id),
    drawnAt: timestamp({ withTimezone: true }),
    /** min(drawnAt + time limit, round closesAt); the server allows a short grace after it. */
    deadline: timestamp({ withTimezone: true }),
    answer: text().notNull().default(""),
    savedAt: timestamp({ withTimezone: true }),
    /** Handed in by the contestant, or locked when the organiser closed the round. */
    submittedAt: timestamp({ withTimezone: true }),
    assignedBy: text().references(() => user.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contest_situation_draw_unique_idx").on(t.roundId, t.contestantId),
    index("contest_situation_draw_contestant_idx").on(t.contestantId),
    index("contest_situation_draw_situation_idx").on(t.situationId),
    index("contest_situation_draw_assigned_by_idx").on(t.assignedBy),
  ],
);
