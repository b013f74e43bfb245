import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { campaign } from "./completion";
import { person, unit } from "./org";

// Derived rows go with their campaign or unit.
function campaignRef() {
  return integer()
    .notNull()
    .references(() => campaign.id, { onDelete: "cascade" });
}

function unitRef() {
  return integer()
    .notNull()
    .references(() => unit.id, { onDelete: "cascade" });
}

/** The counts of both roll-up levels, per position ('' = all target positions, each person once). */
function figureCounts() {
  return {
    position: text().notNull(),
    audience: integer().notNull(),
    trainedOnTime: integer().notNull(),
    trained: integer().notNull(),
    online: integer().notNull(),
    inPerson: integer().notNull(),
  };
}

/**
 * Per-cell roll-up of each campaign's figures (ADR 007 "Computation at scale"), maintained by
 * `refreshCellFigures` in the transaction of every write it depends on, and rebuilt whole once a
 * day (the audience depends on today: positions end). `position` '' = all target positions
 * (each person once); other rows = one target position (a person holding two counts in both).
 */
export const campaignCellFigure = pgTable(
  "campaign_cell_figure",
  {
    campaignId: campaignRef(),
    cellId: unitRef(),
    ...figureCounts(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.position, t.cellId] }), index("campaign_cell_figure_cell_idx").on(t.cellId)],
);

/** People of a cell newly trained (first accepted completion) on each local day, per campaign. */
export const campaignCellDay = pgTable(
  "campaign_cell_day",
  {
    campaignId: campaignRef(),
    cellId: unitRef(),
    day: date().notNull(),
    trained: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.cellId, t.day] }), index("campaign_cell_day_cell_idx").on(t.cellId)],
);

/** The audience not yet trained, per campaign (the paged "chưa tập huấn" list reads it). */
export const campaignUntrained = pgTable(
  "campaign_untrained",
  {
    campaignId: campaignRef(),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    cellId: unitRef(),
    /** person.sort_key, copied so the list pages in index order (refreshed with the person's cell) */
    sortKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.personId] }),
    index("campaign_untrained_order_idx").on(t.campaignId, sql`${t.sortKey} collate "C"`, t.personId),
    index("campaign_untrained_person_idx").on(t.personId),
    index("campaign_untrained_cell_idx").on(t.cellId),
  ],
);

/** The local day each campaign's roll-up was last rebuilt whole (older than today = rebuild). */
export const campaignFigureState = pgTable("campaign_figure_state", {
  campaignId: integer()
    .primaryKey()
    .references(() => campaign.id, { onDelete: "cascade" }),
  builtOn: date().notNull(),
});

/**
 * Second roll-up level (ADR 014): per campaign, unit and position, the sums of the
 * `campaign_cell_figure` rows of every unit *strictly below* the unit (its own people stay in
 * its cell rows). A unit's subtree = its cell row + this row, so a dashboard reads O(children)
 * rows. Kept exact by `refreshCellFigures` (deltas up the ancestor chain); no row where the
 * audience is 0.
 */
export const campaignSubunitFigure = pgTable(
  "campaign_subunit_figure",
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    ...figureCounts(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.position] }), index("campaign_subunit_figure_unit_idx").on(t.unitId)],
);

/** `campaign_cell_day` summed the same way (strictly below the unit); no row where trained is 0. */
export const campaignSubunitDay = pgTable(
  "campaign_subunit_day",
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    day: date().notNull(),
    trained: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.day] }), index("campaign_subunit_day_unit_idx").on(t.unitId)],
);
