import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/**
 * Organisation tree. `path` is the materialized path of ids ("/1/5/23/"), so a
 * subtree is one indexed prefix scan: `path LIKE '/1/5/%'`.
 */
export const unit = pgTable(
  "unit",
  {
    id: serial().primaryKey(),
    parentId: integer().references((): AnyPgColumn => unit.id),
    kind: text().notNull(),
    name: text().notNull(),
    /** The name's Vietnamese order as an ASCII key (`vi_sort_key`, ADR 014): sort with collate "C". */
    sortKey: text().generatedAlwaysAs(sql`vi_sort_key(name)`),
    path: text().notNull(),
    depth: integer().notNull(),
    closedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("unit_parent_idx").on(t.parentId),
    uniqueIndex("unit_path_idx").using("btree", t.path.op("text_pattern_ops")),
    // Closed cells are few: a subtree's closed cells without walking its open ones (meetings dashboard).
    index("unit_closed_cell_path_idx")
      .using("btree", t.path.op("text_pattern_ops"))
      .where(sql`closed_at is not null and kind in ('chi_bo', 'chi_bo_co_so')`),
  ],
);

/**
 * Cells (chi_bo, chi_bo_co_so) in each unit's subtree, the unit itself included: open ones (the
 * meetings' targets count against them) and all. Kept by statement triggers on `unit` (migration
 * 0023), so every writer (org's commands, the seeds, the bench's generator) keeps it exact; a unit
 * with no cell below has no row. Dashboards read a count here instead of scanning the subtree.
 */
export const unitCellCount = pgTable("unit_cell_count", {
  unitId: integer().primaryKey(),
  openCells: integer().notNull(),
  allCells: integer().notNull(),
});

/** A party member (or staff) record. `sortKey` orders names the Vietnamese way. */
export const person = pgTable(
  "person",
  {
    id: serial().primaryKey(),
    memberCode: text().notNull(),
    familyName: text().notNull(),
    middleName: text().notNull().default(""),
    givenName: text().notNull(),
    sortKey: text().notNull(),
    gender: text(), // 'nam' | 'nu'
    birthYear: integer(),
    phone: text(),
    email: text(),
    /** The cell (chi_bo or chi_bo_co_so) the person belongs to. */
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("person_member_code_idx").on(t.memberCode),
    uniqueIndex("person_phone_idx").on(t.phone),
    index("person_unit_idx").on(t.unitId),
    index("person_sort_idx").on(sql`${t.sortKey} collate "C"`),
  ],
);

/** Positions a person holds (several at once), each at a unit. */
export const personPosition = pgTable(
  "person_position",
  {
    id: serial().primaryKey(),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    position: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    startedOn: date(),
    endedOn: date(),
    ...timestamps,
  },
  (t) => [
    index("person_position_person_idx").on(t.personId),
    index("person_position_unit_idx").on(t.unitId),
    index("person_position_position_idx").on(t.position),
  ],
);

/** Membership history: moving a person between cells closes one row and opens another. */
export const personMembership = pgTable(
  "person_membership",
  {
    id: serial().primaryKey(),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    unitId: integer()
      .notNull()
      .references(() => unit.id),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("person_membership_person_idx").on(t.personId), index("person_membership_unit_idx").on(t.unitId)],
);
