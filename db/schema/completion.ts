import { boolean, date, index, integer, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { person, timestamps, unit } from "./org";

/**
 * A training campaign: who must be trained (target positions), how many (target %),
 * by when (deadline, end of that day in Asia/Ho_Chi_Minh), and what counts as trained.
 */
export const campaign = pgTable(
  "campaign",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    /** e.g. "Đề án 01-ĐA/ĐUK ngày 01/4/2022" */
    legalBasis: text().notNull(),
    organisingUnitId: integer()
      .notNull()
      .references(() => unit.id),
    targetPercent: integer().notNull(),
    startsOn: date().notNull(),
    deadlineOn: date().notNull(),
    acceptOnline: boolean().notNull().default(true),
    acceptInPerson: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [index("campaign_unit_idx").on(t.organisingUnitId), index("campaign_deadline_idx").on(t.deadlineOn)],
);

/** The campaign's target positions and the track each must complete (001 §III.5(3)). */
export const campaignPosition = pgTable(
  "campaign_position",
  {
    campaignId: integer()
      .notNull()
      .references(() => campaign.id, { onDelete: "cascade" }),
    position: text().notNull(),
    track: text().notNull(), // 'A' | 'B'
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.position] }), index("campaign_position_position_idx").on(t.position)],
);

/** An in-person class (lớp tập huấn) of one track, run by a unit. */
export const trainingClass = pgTable(
  "training_class",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    track: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    startsOn: date().notNull(),
    endsOn: date().notNull(),
    place: text().notNull(),
    lecturers: text().notNull(),
    ...timestamps,
  },
  (t) => [index("training_class_unit_idx").on(t.unitId), index("training_class_starts_idx").on(t.startsOn)],
);

/** Who attended a class; each row backs an 'in_person' training_completion ('class:<id>'). */
export const classAttendance = pgTable(
  "class_attendance",
  {
    classId: integer()
      .notNull()
      .references(() => trainingClass.id, { onDelete: "cascade" }),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    recordedBy: text().references(() => user.id, { onDelete: "set null" }),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.personId] }),
    index("class_attendance_person_idx").on(t.personId),
    index("class_attendance_recorded_by_idx").on(t.recordedBy),
  ],
);
