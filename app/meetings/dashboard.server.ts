import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, intArray, rowsOf } from "#db/client.server";
import { requireReportUnit } from "~/completion/dashboard.server";
import { localDate } from "~/utils/dates";
import { addFigures, defaultPeriod, EMPTY_FIGURES, parsePeriod, trendPeriods, type Period, type PeriodFigures } from "./targets";

/*
 * The meetings dashboard's reads (ADR 020): every figure comes from the roll-up
 * (figures-rollup.server.ts); a unit's subtree = its own cell row + its subunit row, so a page
 * reads O(children) rows. Lists of cells and members at risk are paged in SQL.
 */

export const CHILD_SORTS = ["ten", "che-do", "du-hop", "vang", "chat-luong", "so-ky"] as const;
export type ChildSort = (typeof CHILD_SORTS)[number];

/** Query parameters of the dashboard, its exports and its print view; bad values fall back. */
export const MeetingReportQuerySchema = z.object({
  "don-vi": z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  ky: z.string().max(10).optional().catch(undefined),
  "sap-xep": z.enum(CHILD_SORTS).optional().catch(undefined),
  chieu: z.enum(["tang", "giam"]).optional().catch(undefined),
  "trang-don-vi": z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  trang: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type MeetingReportQuery = z.infer<typeof MeetingReportQuerySchema>;

export function parseMeetingReportQuery(request: Request): MeetingReportQuery {
  return MeetingReportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

/** Authorizes a dashboard request (`report.view` on the unit; default: the user's first scope) and resolves its unit and period. */
export async function requireMeetingReportContext(request: Request) {
  const query = parseMeetingReportQuery(request);
  const { user, scopes, unit: found, ancestors } = await requireReportUnit(request, query["don-vi"]);
  const unit = { id: found.id, name: found.name, kind: found.kind, path: found.path, isCell: found.isCell };
  const today = localDate(new Date());
  const period = (query.ky ? parsePeriod(query.ky) : null) ?? defaultPeriod(today);
  return { user, query, unit, period, today, ancestors, scopes };
}
export type MeetingReportContext = Awaited<ReturnType<typeof requireMeetingReportContext>>;

export interface UnitRef {
  id: number;
  path: string;
  isCell: boolean;
}

const FIGURE_COLUMNS = sql.raw(`expected, held, on_time as "onTime", postponed, regular, thematic, present, excused, unexcused,
  attendance_ok as "attendanceOk", rated_tot as "ratedTot", rated_kha as "ratedKha", rated_trung_binh as "ratedTrungBinh", rated_kem as "ratedKem",
  self_assessed as "selfAssessed", regime_ok as "regimeOk", quality_tot as "qualityTot", cell_rated as "cellRated", cell_good as "cellGood",
  members_rated as "membersRated", members_good as "membersGood", at_risk as "atRisk"`);

type FigureRow = Omit<PeriodFigures, "cells"> & { cells?: number; periodStart: string };

function toFigures(row: FigureRow | undefined, cells: number): PeriodFigures {
  if (!row) return EMPTY_FIGURES;
  const { periodStart: _ignored, cells: _rows, ...counts } = row;
  return { ...counts, cells };
}

function likePrefix(path: string) {
  return `${path.replace(/[%_\\]/g, "\\$&")}%`;
}

const CountRowSchema = z.object({ n: z.number() });

/** Open cells in the unit's subtree, itself included (a cell with nothing recorded still counts against the targets). */
export async function countCells(unit: Pick<UnitRef, "id">) {
  const [row] = rowsOf(await getDb().execute(sql`select open_cells as n from unit_cell_count where unit_id = ${unit.id}`), CountRowSchema);
  return row?.n ?? 0;
}

/** The counts of a roll-up row, as FIGURE_COLUMNS reads them (int columns). */
const PeriodCountsSchema = z.object({
  expected: z.number(),
  held: z.number(),
  onTime: z.number(),
  postponed: z.number(),
  regular: z.number(),
  thematic: z.number(),
  present: z.number(),
  excused: z.number(),
  unexcused: z.number(),
  attendanceOk: z.number(),
  ratedTot: z.number(),
  ratedKha: z.number(),
  ratedTrungBinh: z.number(),
  ratedKem: z.number(),
  selfAssessed: z.number(),
  regimeOk: z.number(),
  qualityTot: z.number(),
  cellRated: z.number(),
  cellGood: z.number(),
  membersRated: z.number(),
  membersGood: z.number(),
  atRisk: z.number(),
});

const FigureRowSchema = PeriodCountsSchema.extend({ cells: z.number().optional(), periodStart: z.string() });

/** The unit's own cell row and its subunit row for the periods (`cells`: 1 for a cell row, the subunit row's count of cells with a row). */
function figureRowsSql(unit: Pick<UnitRef, "id">, kind: Period["kind"], starts: string[]) {
  const dates = sql`(${sql.join(
    starts.map((s) => sql`${s}::date`),
    sql`, `,
  )})`;
  return sql`
      select period_start::text as "periodStart", 1 as cells, ${FIGURE_COLUMNS} from meeting_cell_period
      where cell_id = ${unit.id} and period_kind = ${kind} and period_start in ${dates}
      union all
      select period_start::text, cells, ${FIGURE_COLUMNS} from meeting_subunit_period
      where unit_id = ${unit.id} and period_kind = ${kind} and period_start in ${dates}`;
}

/** Per period start, the rows' figures added up (`cells`: the subtree's open cells, the targets' denominator). */
function figuresByStart(rows: FigureRow[], starts: string[], cells: number) {
  const out = new Map<string, PeriodFigures>();
  for (const start of starts) out.set(start, EMPTY_FIGURES);
  for (const row of rows) out.set(row.periodStart, addFigures(out.get(row.periodStart) ?? EMPTY_FIGURES, toFigures(row, 0)));
  for (const [start, f] of out) out.set(start, { ...f, cells });
  return out;
}

/** A unit's figures for several periods of one kind: its own cell row plus its subunit row. */
export async function getUnitFigures(input: { unit: UnitRef; kind: Period["kind"]; starts: string[]; cells: number }) {
  const { unit, kind, starts } = input;
  if (!starts.length) return new Map<string, PeriodFigures>();
  const rows = rowsOf(await getDb().execute(figureRowsSql(unit, kind, starts)), FigureRowSchema);
  return figuresByStart(rows, starts, input.cells);
}

const UnitSummaryRowSchema = z.object({
  open: z.number(),
  allCells: z.number(),
  closedAtRisk: z.number(),
  membersAtRisk: z.number(),
  rows: z.array(FigureRowSchema),
});

/**
 * What the dashboard's head needs, in one statement (each statement is a round trip and Node work
 * around it: the dashboard is the bench's hot page): the subtree's cells, the figures of the periods
 * (`starts`, the period's own among them), the counts of the lists at risk.
 */
export async function readUnitSummary(input: { unit: UnitRef; period: Pick<Period, "kind" | "start">; starts: string[] }) {
  const { unit, period } = input;
  const starts = [...new Set([period.start, ...input.starts])];
  const [row] = rowsOf(
    await getDb().execute(sql`
      select coalesce((select open_cells from unit_cell_count where unit_id = ${unit.id}), 0) as open,
        coalesce((select all_cells from unit_cell_count where unit_id = ${unit.id}), 0) as "allCells",
        (${closedAtRiskSql(unit, period)}) as "closedAtRisk",
        coalesce((select at_risk from meeting_absence_count where unit_id = ${unit.id}), 0) as "membersAtRisk",
        coalesce((select json_agg(f) from (${figureRowsSql(unit, period.kind, starts)}) f), '[]'::json) as rows`),
    UnitSummaryRowSchema,
  );
  const { open, allCells, closedAtRisk, membersAtRisk, rows } = row!;
  const own = rows.filter((r) => r.periodStart === period.start);
  const subtree: SubtreeCells = { open, allCells, closedAtRisk };
  const rolled: AtRiskCounts = { atRisk: own.reduce((n, r) => n + r.atRisk, 0), withRows: own.reduce((n, r) => n + (r.cells ?? 0), 0) };
  const cells = unit.isCell ? 1 : open;
  return { subtree, rolled, membersAtRisk, cells, figures: figuresByStart(rows, starts, cells) };
}
export type UnitSummary = Awaited<ReturnType<typeof readUnitSummary>>;

export interface ChildRow extends PeriodFigures {
  id: number;
  name: string;
  kind: string;
}

const CHILD_ORDER: Record<ChildSort, string> = {
  ten: `k.sort_key collate "C"`,
  "che-do": `case when k.cells = 0 then null else f.regime_ok::float / k.cells end`,
  "du-hop": `case when f.held = 0 then null else f.attendance_ok::float / f.held end`,
  vang: `f.unexcused`,
  "chat-luong": `case when k.cells = 0 then null else f.quality_tot::float / k.cells end`,
  "so-ky": `f.held`,
};

const ChildRowSchema = PeriodCountsSchema.extend({ id: z.number(), name: z.string(), kind: z.string(), cells: z.number(), total: z.number() });

/**
 * The unit's children with their figures for the period, sorted and paged in SQL (ties by name).
 * `cells` of a child = open cells in its subtree (`unit_cell_count`).
 */
export async function listChildren(input: {
  unit: UnitRef;
  period: Pick<Period, "kind" | "start">;
  sort?: ChildSort;
  direction?: "tang" | "giam";
  limit: number;
  offset: number;
}) {
  const { unit, period } = input;
  const order = sql.raw(`${CHILD_ORDER[input.sort ?? "ten"]} ${input.direction === "giam" ? "desc" : "asc"} nulls last, k.sort_key collate "C", k.id`);
  const rows = rowsOf(
    await getDb().execute(sql`
      with k as (
        select u.id, u.name, u.kind, u.sort_key, coalesce(cc.open_cells, 0) as cells
        from unit u left join unit_cell_count cc on cc.unit_id = u.id where u.parent_id = ${unit.id} and u.closed_at is null
      ),
      f as (
        select cell_id as unit_id, ${FIGURE_COLUMNS} from meeting_cell_period
        where cell_id in (select id from k) and period_kind = ${period.kind} and period_start = ${period.start}::date
        union all
        select unit_id, ${FIGURE_COLUMNS} from meeting_subunit_period
        where unit_id in (select id from k) and period_kind = ${period.kind} and period_start = ${period.start}::date
      ),
      fs as (
        select unit_id, ${sql.raw(SUMS)} from f group by unit_id
      )
      select k.id, k.name, k.kind, k.cells, ${sql.raw(COALESCED)}, (count(*) over ())::int as total
      from k left join fs f on f.unit_id = k.id
      order by ${order}
      limit ${input.limit} offset ${input.offset}`),
    ChildRowSchema,
  );
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? (input.offset > 0 ? await countChildren(unit.id) : 0) };
}

async function countChildren(unitId: number) {
  const [row] = rowsOf(await getDb().execute(sql`select count(*)::int as n from unit where parent_id = ${unitId} and closed_at is null`), CountRowSchema);
  return row?.n ?? 0;
}

const KEYS = [
  ["expected", "expected"],
  ["held", "held"],
  ["on_time", "onTime"],
  ["postponed", "postponed"],
  ["regular", "regular"],
  ["thematic", "thematic"],
  ["present", "present"],
  ["excused", "excused"],
  ["unexcused", "unexcused"],
  ["attendance_ok", "attendanceOk"],
  ["rated_tot", "ratedTot"],
  ["rated_kha", "ratedKha"],
  ["rated_trung_binh", "ratedTrungBinh"],
  ["rated_kem", "ratedKem"],
  ["self_assessed", "selfAssessed"],
  ["regime_ok", "regimeOk"],
  ["quality_tot", "qualityTot"],
  ["cell_rated", "cellRated"],
  ["cell_good", "cellGood"],
  ["members_rated", "membersRated"],
  ["members_good", "membersGood"],
  ["at_risk", "atRisk"],
] as const;
const SUMS = KEYS.map(([col, alias]) => `sum("${alias}")::int as ${col}`).join(", ");
const COALESCED = KEYS.map(([col, alias]) => `coalesce(f.${col}, 0) as "${alias}"`).join(", ");

export interface CellAtRisk {
  id: number;
  name: string;
  parentName: string | null;
  held: number;
  regular: number;
  thematic: number;
  unexcused: number;
  attendanceOk: number;
  regimeOk: number;
  postponed: number;
}

/**
 * The subtree's cells (`unit_cell_count`): open ones (the targets' denominators) and all of them
 * (a cell with a roll-up row is one of these, open or closed); `closedAtRisk`: the closed ones at
 * risk in the period (the roll-up counts them, the list leaves them out).
 */
export interface SubtreeCells {
  open: number;
  allCells: number;
  closedAtRisk: number;
}

/** The closed cells of the subtree at risk in the period, through the closed cells' own partial index (few). */
function closedAtRiskSql(unit: Pick<UnitRef, "path">, period: Pick<Period, "kind" | "start">) {
  return sql`select count(*)::int from unit u where u.path like ${likePrefix(unit.path)} and u.kind in ('chi_bo', 'chi_bo_co_so') and u.closed_at is not null
    and exists (select 1 from meeting_cell_at_risk r where r.cell_id = u.id and r.period_kind = ${period.kind} and r.period_start = ${period.start}::date)`;
}

/** The roll-up's count of cells at risk in the subtree, and of cells with a row. */
interface AtRiskCounts {
  atRisk: number;
  withRows: number;
}

const AT_RISK_COLUMNS = sql.raw(`c.held, c.regular, c.thematic, c.unexcused, c.attendance_ok as "attendanceOk", c.regime_ok as "regimeOk", c.postponed`);

/**
 * Cells of the subtree that miss a target in the period: no regime, an absence without reason, or
 * a meeting under 95% attendance, worst first, paged. Cells with nothing recorded in the period
 * come first (by name); then the cells of `meeting_cell_at_risk` in its index order (no regime,
 * fewest meetings, most absences without reason, name), so a page reads O(page) rows, not the
 * subtree. The total comes from the roll-up (`at_risk`, and `cells` for the cells without a row).
 */
export async function listCellsAtRisk(input: {
  unit: UnitRef;
  period: Pick<Period, "kind" | "start">;
  limit: number;
  offset: number;
  summary?: Pick<UnitSummary, "subtree" | "rolled">;
}) {
  const { unit, period } = input;
  const { subtree, rolled } = input.summary ?? (await readUnitSummary({ unit, period, starts: [period.start] }));
  // Cells without a row: read the subtree only when the counts say there are some.
  const empty = subtree.allCells > rolled.withRows ? await listCellsWithoutRow({ ...input }) : { rows: [], total: 0 };
  const take = input.limit - empty.rows.length;
  const rows = take > 0 ? await pageCellsAtRisk({ unit, period, limit: take, offset: Math.max(0, input.offset - empty.total) }) : [];
  return { rows: [...empty.rows, ...rows], total: empty.total + rolled.atRisk - subtree.closedAtRisk };
}

const ChildCountRowSchema = z.object({ child: z.number(), n: z.number(), withRows: z.number() });

const CellAtRiskRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  parentName: z.string().nullable(),
  held: z.number(),
  regular: z.number(),
  thematic: z.number(),
  unexcused: z.number(),
  attendanceOk: z.number(),
  regimeOk: z.number(),
  postponed: z.number(),
});

const CellsAtRiskPageRowSchema = z.object({ total: z.number(), rows: z.array(CellAtRiskRowSchema) });

/**
 * Open cells of the subtree with no roll-up row in the period (nothing expected, held or rated), by
 * name. Only the units whose subtree has fewer cells with a row (their roll-up rows) than cells
 * (`unit_cell_count`) are looked into, level by level, so one cell without a row among 4,000 costs
 * a walk down its branch, not a probe per cell of the subtree (80 ms on the national tree).
 */
async function listCellsWithoutRow(input: { unit: UnitRef; period: Pick<Period, "kind" | "start">; limit: number; offset: number }) {
  const { unit, period } = input;
  const same = (alias: string) => sql`${sql.raw(alias)}.period_kind = ${period.kind} and ${sql.raw(alias)}.period_start = ${period.start}::date`;
  // A unit's children with their cells (`unit_cell_count`) and their cells with a row (their own
  // row, and their subunit row's count): those with fewer rows than cells hold the cells sought.
  const rowsOfUnit = (id: string) =>
    sql`coalesce((select 1 from meeting_cell_period r where r.cell_id = ${sql.raw(id)} and ${same("r")}), 0)
      + coalesce((select s.cells from meeting_subunit_period s where s.unit_id = ${sql.raw(id)} and ${same("s")}), 0)`;
  const short = unit.isCell
    ? []
    : rowsOf(
        await getDb().execute(
          sql`select u.id as child, cc.all_cells as n, ${rowsOfUnit("u.id")} as "withRows"
            from unit u join unit_cell_count cc on cc.unit_id = u.id where u.parent_id = ${unit.id}`,
        ),
        ChildCountRowSchema,
      )
        .filter((k) => k.n > k.withRows)
        .map((k) => k.child);
  if (!unit.isCell && !short.length) return { rows: [], total: 0 };
  const CELL = sql.raw(`('chi_bo', 'chi_bo_co_so')`);
  const found = unit.isCell
    ? // The cell itself, if it has no row.
      sql`select u.id, u.name, u.sort_key, u.parent_id from unit u
        where u.id = ${unit.id} and u.closed_at is null and not exists (select 1 from meeting_cell_period r where r.cell_id = u.id and ${same("r")})`
    : short.length > 50
      ? // Many children short of rows (a new period): the subtree in one range scan, a probe per cell (a join would read every row of the period).
        sql`select u.id, u.name, u.sort_key, u.parent_id from unit u
          left join lateral (select 1 as found from meeting_cell_period r where r.cell_id = u.id and ${same("r")} limit 1) h on true
          where u.path like ${likePrefix(unit.path)} and u.kind in ${CELL} and u.closed_at is null and h.found is null`
      : // A few: down the short branches only, a level at a time (a unit whose rows count fewer cells than it has).
        sql`select u.id, u.name, u.sort_key, u.parent_id from short s join unit u on u.id = s.id
          where s.kind in ${CELL} and u.closed_at is null`;
  const descend = !unit.isCell && short.length <= 50;
  const [row] = rowsOf(
    await getDb().execute(sql`
      with ${
        descend
          ? sql`recursive short as (
        select u.id, u.kind from unit u where u.id = any(${intArray(short)})
        union all
        -- Counts by primary key per child: a join would hash all of unit_cell_count at every level.
        select c.id, c.kind from short s join unit c on c.parent_id = s.id
        where s.kind not in ${CELL} and (select cc.all_cells from unit_cell_count cc where cc.unit_id = c.id) > ${rowsOfUnit("c.id")}
      ),`
          : sql``
      }
      nr as materialized (${found})
      select (select count(*)::int from nr) as total, coalesce((select json_agg(p) from (
        select nr.id, nr.name, (select pu.name from unit pu where pu.id = nr.parent_id) as "parentName", 0 as held, 0 as regular,
          0 as thematic, 0 as unexcused, 0 as "attendanceOk", 0 as "regimeOk", 0 as postponed
        from nr
        order by nr.sort_key collate "C", nr.id
        limit ${input.limit} offset ${input.offset}
      ) p), '[]'::json) as rows`),
    CellsAtRiskPageRowSchema,
  );
  return { rows: row?.rows ?? [], total: row?.total ?? 0 };
}

/** A page of `meeting_cell_at_risk` under the unit, in its index order (the walk stops after the page). */
async function pageCellsAtRisk(input: { unit: UnitRef; period: Pick<Period, "kind" | "start">; limit: number; offset: number }) {
  const { unit, period } = input;
  return rowsOf(
    await getDb().execute(sql`
      select u.id, u.name, pu.name as "parentName", ${AT_RISK_COLUMNS}
      from (
        select r.cell_id, r.regime_ok, r.held, r.unexcused, r.sort_key
        from meeting_cell_at_risk r join unit cu on cu.id = r.cell_id
        where r.period_kind = ${period.kind} and r.period_start = ${period.start}::date
          and cu.path like ${likePrefix(unit.path)} and cu.closed_at is null
        order by r.regime_ok, r.held, r.unexcused desc nulls last, r.sort_key collate "C", r.cell_id
        limit ${input.limit} offset ${input.offset}
      ) pk
      join unit u on u.id = pk.cell_id
      left join unit pu on pu.id = u.parent_id
      join meeting_cell_period c on c.cell_id = pk.cell_id and c.period_kind = ${period.kind} and c.period_start = ${period.start}::date
      order by pk.regime_ok, pk.held, pk.unexcused desc nulls last, pk.sort_key collate "C", pk.cell_id`),
    CellAtRiskRowSchema,
  );
}

export interface MemberAtRisk {
  personId: number;
  name: string;
  memberCode: string;
  cellId: number;
  cellName: string;
  absentRun: number;
  unexcusedRun: number;
  lastHeldOn: string;
}

const MembersAtRiskRowSchema = z.object({
  personId: z.number(),
  name: z.string(),
  memberCode: z.string(),
  cellId: z.number(),
  cellName: z.string(),
  absentRun: z.number(),
  unexcusedRun: z.number(),
  lastHeldOn: z.string(),
});

const AtRiskTotalRowSchema = z.object({ total: z.number() });

/**
 * The live list (001 §II.1.2(2)): members of the subtree absent at their latest two or more held
 * meetings in a row (at 3, the next absence would be the fourth), longest runs first, paged. The
 * total is the unit's row of `meeting_absence_count` (`total`: already read, by readUnitSummary);
 * the page walks the runs in their index order.
 */
export async function listMembersAtRisk(input: { unit: UnitRef; limit: number; offset: number; total?: number | Promise<number> }) {
  const [rows, total] = await Promise.all([
    getDb()
      .execute(
        sql`
      select r.person_id as "personId", trim(p.family_name || ' ' || p.middle_name || ' ' || p.given_name) as name, p.member_code as "memberCode",
        r.cell_id as "cellId", u.name as "cellName", r.absent_run as "absentRun", r.unexcused_run as "unexcusedRun",
        r.last_held_on::text as "lastHeldOn"
      from meeting_absence_run r
      join unit u on u.id = r.cell_id
      join person p on p.id = r.person_id
      where r.absent_run >= 2 and u.path like ${likePrefix(input.unit.path)}
      -- The order of meeting_absence_run_order_idx (the sort keys are copies of the cell's and the member's).
      order by r.absent_run desc nulls last, r.unexcused_run desc nulls last, r.cell_sort_key collate "C", r.person_sort_key collate "C", r.person_id
      limit ${input.limit} offset ${input.offset}`,
      )
      .then((r) => rowsOf(r, MembersAtRiskRowSchema)),
    input.total ??
      getDb()
        .execute(sql`select coalesce((select at_risk from meeting_absence_count where unit_id = ${input.unit.id}), 0) as total`)
        .then((r) => rowsOf(r, AtRiskTotalRowSchema)[0]?.total ?? 0),
  ]);
  return { rows, total };
}

export interface CellMeetingRow {
  id: number;
  scheduledOn: string;
  heldOn: string | null;
  kind: string;
  topic: string | null;
  status: string;
  postponeReason: string | null;
  postponedTo: string | null;
  present: number;
  excused: number;
  unexcused: number;
  rating: string | null;
  selfAssessed: boolean;
}

const CellMeetingRowSchema = z.object({
  id: z.number(),
  scheduledOn: z.string(),
  heldOn: z.string().nullable(),
  kind: z.string(),
  topic: z.string().nullable(),
  status: z.string(),
  postponeReason: z.string().nullable(),
  postponedTo: z.string().nullable(),
  present: z.number(),
  excused: z.number(),
  unexcused: z.number(),
  rating: z.string().nullable(),
  selfAssessed: z.boolean(),
});

/**
 * A cell's meetings in a period, as its superiors see them: attendance counts and the rating of
 * a filed visit score (else the self-assessment). Unfiled visits are never read (ADR 015).
 */
export async function listCellMeetings(input: { cellId: number; period: Pick<Period, "start" | "end"> }) {
  return rowsOf(
    await getDb().execute(sql`
      select m.id, m.scheduled_on::text as "scheduledOn", m.held_on::text as "heldOn", m.kind, m.topic, m.status,
        m.postpone_reason as "postponeReason", m.postponed_to::text as "postponedTo",
        coalesce(a.present, 0) as present, coalesce(a.excused, 0) as excused, coalesce(a.unexcused, 0) as unexcused,
        coalesce(vr.rating, sa.rating) as rating, (vr.rating is null and sa.rating is not null) as "selfAssessed"
      from meeting m
      left join lateral (
        select count(*) filter (where status = 'present')::int as present, count(*) filter (where status = 'excused')::int as excused,
          count(*) filter (where status = 'unexcused')::int as unexcused
        from meeting_attendance where meeting_id = m.id
      ) a on true
      left join lateral (
        select vs.rating from visit v join visit_score vs on vs.visit_id = v.id
        where v.meeting_id = m.id and v.filed_at is not null order by v.filed_at desc, v.id desc limit 1
      ) vr on true
      left join meeting_self_assessment sa on sa.meeting_id = m.id
      where m.cell_id = ${input.cellId} and m.recorded_at is not null
        and coalesce(m.held_on, m.scheduled_on) between ${input.period.start}::date and ${input.period.end}::date
      order by coalesce(m.held_on, m.scheduled_on), m.kind, m.id`),
    CellMeetingRowSchema,
  );
}

/** Everything the dashboard page shows for a unit and period. */
export async function getMeetingDashboard(input: {
  unit: UnitRef;
  period: Period;
  children: { sort?: ChildSort; direction?: "tang" | "giam"; limit: number; offset: number };
  atRisk: { limit: number; offset: number };
}) {
  const { unit, period } = input;
  const trend = trendPeriods(period);
  // The head's figures and counts in one statement, the lists in parallel with it; the cells at
  // risk need the counts (whether cells without a row must be looked for).
  const summaryRead = readUnitSummary({ unit, period, starts: trend.map((t) => t.start) });
  const [summary, children, membersAtRisk, meetings, cellsAtRisk] = await Promise.all([
    summaryRead,
    unit.isCell ? Promise.resolve({ rows: [], total: 0 }) : listChildren({ unit, period, ...input.children }),
    listMembersAtRisk({ unit, limit: input.atRisk.limit, offset: 0, total: summaryRead.then((s) => s.membersAtRisk) }),
    unit.isCell ? listCellMeetings({ cellId: unit.id, period }) : Promise.resolve([]),
    summaryRead.then((s) => listCellsAtRisk({ unit, period, limit: input.atRisk.limit, offset: input.atRisk.offset, summary: s })),
  ]);
  const empty = { ...EMPTY_FIGURES, cells: summary.cells };
  return {
    total: summary.figures.get(period.start) ?? empty,
    trend: trend.map((t) => ({ ...t, figures: summary.figures.get(t.start) ?? empty })),
    children,
    cellsAtRisk,
    membersAtRisk,
    meetings,
  };
}
