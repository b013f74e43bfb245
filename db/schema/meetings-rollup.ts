import { sql } from "drizzle-orm";
import { bigint, date, index, integer, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { person, unit } from "./org";

/*
 * Roll-ups of the meetings (issue 15, ADR 020). A cell's figures are kept per period:
 * kind 'm' (month), 'q' (quarter), 'y' (year), keyed by the period's first day, because the
 * Đề án's targets judge a cell per period (the regime needs every month of a quarter) and such a
 * judgement is not a sum of months. Maintained by `refreshCellMonth` (app/meetings/rollup.server.ts)
 * in the transaction of every write; rebuilt whole by `rebuildMeetingFigures`.
 */

function unitRef() {
  return integer()
    .notNull()
    .references(() => unit.id, { onDelete: "cascade" });
}

/** The counts shared by both levels; on a cell row the judgements (…Ok, qualityTot…) are 0 or 1. */
function periodCounts() {
  return {
    /** Regular meetings the registered schedule expected (one per month with a valid schedule). */
    expected: integer().notNull(),
    held: integer().notNull(),
    /** Held on the scheduled day. */
    onTime: integer().notNull(),
    /** Reported postponed (whether held later or not), by the scheduled month. */
    postponed: integer().notNull(),
    regular: integer().notNull(),
    thematic: integer().notNull(),
    present: integer().notNull(),
    excused: integer().notNull(),
    unexcused: integer().notNull(),
    /** Held meetings with ≥ 95% present and nobody absent without reason (001 §II.1.2(2)). */
    attendanceOk: integer().notNull(),
    /** Held meetings by rating: a filed visit score, else the cell's self-assessment. */
    ratedTot: integer().notNull(),
    ratedKha: integer().notNull(),
    ratedTrungBinh: integer().notNull(),
    ratedKem: integer().notNull(),
    /** Of the rated meetings, those rated only by the cell itself (shown apart). */
    selfAssessed: integer().notNull(),
    /** Cells (1 on a cell row) that met the meeting regime over the whole period (001 §II.1.2(1)). */
    regimeOk: integer().notNull(),
    /** Cells whose rated meetings were more than half tốt in the period (001 §II.1.2(3)). */
    qualityTot: integer().notNull(),
    /** Year rows only: the cell's annual rating is recorded / is "hoàn thành tốt nhiệm vụ" or better. */
    cellRated: integer().notNull(),
    cellGood: integer().notNull(),
    /** Year rows only: members of the cell (today) with an annual rating / rated HTTNV or better. */
    membersRated: integer().notNull(),
    membersGood: integer().notNull(),
    /**
     * Cells (1 on a cell row) missing a target in the period: no regime, an absence without
     * reason, or a meeting under 95% attendance; the rows of `meeting_cell_at_risk`. With `cells`
     * it gives the count of the "chi bộ chưa đạt" list without reading the list (ADR 020).
     */
    atRisk: integer().notNull().default(0),
  };
}

export const meetingCellPeriod = pgTable(
  "meeting_cell_period",
  {
    cellId: unitRef(),
    periodKind: text().notNull(), // 'm' | 'q' | 'y'
    periodStart: date().notNull(),
    ...periodCounts(),
  },
  (t) => [primaryKey({ columns: [t.cellId, t.periodKind, t.periodStart] }), index("meeting_cell_period_period_idx").on(t.periodKind, t.periodStart)],
);

/**
 * Second level: per unit and period, the sums of the cell rows of every cell strictly below the
 * unit (a unit's subtree = its own cell row, if it is a cell, + this row), so a dashboard reads
 * O(children) rows. Moved by deltas in the same transaction; no all-zero rows.
 */
export const meetingSubunitPeriod = pgTable(
  "meeting_subunit_period",
  {
    unitId: unitRef(),
    periodKind: text().notNull(),
    periodStart: date().notNull(),
    /** Cells with a row (any schedule or meeting in the period). */
    cells: integer().notNull(),
    ...periodCounts(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.periodKind, t.periodStart] })],
);

/**
 * The cell rows that miss a target (`at_risk` = 1), with the list's sort columns, so the paged
 * "chi bộ chưa đạt" list walks one index in its order and stops after the page instead of
 * reading every cell of the subtree (ADR 020). Kept by the same refresh as the cell rows, in the
 * same statement; `sort_key` is the cell's `unit.sort_key`, copied (a rename updates it).
 */
export const meetingCellAtRisk = pgTable(
  "meeting_cell_at_risk",
  {
    cellId: unitRef(),
    periodKind: text().notNull(),
    periodStart: date().notNull(),
    regimeOk: integer().notNull(),
    held: integer().notNull(),
    unexcused: integer().notNull(),
    sortKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cellId, t.periodKind, t.periodStart] }),
    // The list's order: worst first (no regime, fewest meetings, most absences without reason), then by name.
    index("meeting_cell_at_risk_order_idx").on(t.periodKind, t.periodStart, t.regimeOk, t.held, t.unexcused.desc(), sql`${t.sortKey} collate "C"`, t.cellId),
  ],
);

/**
 * The live "absent at their latest meetings" list (001 §II.1.2(2): none absent more than 3 times
 * in a row): one row per member whose latest held meeting they missed; refreshed with their cell.
 */
export const meetingAbsenceRun = pgTable(
  "meeting_absence_run",
  {
    personId: integer()
      .primaryKey()
      .references(() => person.id, { onDelete: "cascade" }),
    cellId: unitRef(),
    /** Absences of any kind since the last presence (postponed meetings do not count). */
    absentRun: smallint().notNull(),
    /** Unexcused absences since the last presence or excused absence. */
    unexcusedRun: smallint().notNull(),
    lastHeldOn: date().notNull(),
    /** Copies of the cell's and the member's sort keys, so the list's whole order is one index (kept by triggers on unit and person). */
    cellSortKey: text().notNull().default(""),
    personSortKey: text().notNull().default(""),
  },
  (t) => [
    index("meeting_absence_run_cell_idx").on(t.cellId, t.absentRun),
    // The dashboard's list order (longest runs first, then by cell and member name): a page of a
    // large subtree walks this index and stops, instead of sorting every run of the subtree.
    index("meeting_absence_run_order_idx")
      .on(t.absentRun.desc(), t.unexcusedRun.desc(), sql`${t.cellSortKey} collate "C"`, sql`${t.personSortKey} collate "C"`, t.personId)
      .where(sql`${t.absentRun} >= 2`),
  ],
);

/**
 * Members absent at their latest two or more held meetings (the dashboard's list, runs ≥ 2) per
 * unit, the cell itself and every unit above it: the list's total without counting the subtree.
 * Moved with the runs by `writeAbsenceRuns` (new − old per cell, in the same statement) and with
 * a unit by `moveSubtreeFigures`. A unit may keep a row at 0.
 */
export const meetingAbsenceCount = pgTable("meeting_absence_count", {
  unitId: integer()
    .primaryKey()
    .references(() => unit.id, { onDelete: "cascade" }),
  atRisk: integer().notNull(),
});

/**
 * Per unit, a number that grows with every committed change to what its meetings dashboard shows
 * (the roll-up of its subtree, the names, order and structure of its units, its members at risk):
 * the dashboard's cache (app/meetings/dashboard-cache.server.ts) keeps a page while it is unchanged.
 * Bumped, for a unit and all its ancestors, by the roll-up's writers and by triggers on `unit` and
 * `person` (migration 0026), always under the tree's advisory lock. No foreign key: a deleted
 * unit's trigger bumps its old path, the unit itself included.
 */
export const meetingDashboardVersion = pgTable("meeting_dashboard_version", {
  unitId: integer().primaryKey(),
  version: bigint({ mode: "number" }).notNull(),
});
