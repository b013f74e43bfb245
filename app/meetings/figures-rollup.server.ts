import { z } from "zod";
import { sql } from "drizzle-orm";
import { intArray, rowsOf, type Executor } from "#db/client.server";

/**
 * The meetings' roll-up (db/schema/meetings-rollup.ts, ADR 020): per cell and period
 * (month, quarter, year), and per unit the sums of every cell strictly below it. Every write that
 * changes a cell's meetings, attendance, visit scores, self-assessments, schedule or annual ratings
 * calls `refreshCellMonth` in its own transaction; the refresh recomputes the cell's whole year
 * from the base tables (≈ 12–20 meetings: cheap), moves the second level by the difference, and
 * recomputes the absence runs of the cell's members.
 */

/** Per cell, and (key 0) the rebuild's; per tree root (40_416, ADR 014) in `unit_tree_lock` (migration 0026, app/org/tree-lock.server.ts). */
const LOCK_SPACE = 40_415;
const REBUILD = 0;

const COUNTS = [
  "expected",
  "held",
  "on_time",
  "postponed",
  "regular",
  "thematic",
  "present",
  "excused",
  "unexcused",
  "attendance_ok",
  "rated_tot",
  "rated_kha",
  "rated_trung_binh",
  "rated_kem",
  "self_assessed",
  "regime_ok",
  "quality_tot",
  "cell_rated",
  "cell_good",
  "members_rated",
  "members_good",
  "at_risk",
] as const;

const list = (prefix = "") => sql.raw(COUNTS.map((c) => `${prefix}${c}`).join(", "));

/** The ids of the units strictly above `unit` (a `unit` row alias), from its path of ids. */
function strictAncestors(alias: string) {
  return sql.raw(`unnest((string_to_array(trim(both '/' from ${alias}.path), '/')::int[])[1:${alias}.depth])`);
}

/** The first day of the month of a date or "YYYY-MM" string. */
export function monthStart(value: string) {
  return `${value.slice(0, 7)}-01`;
}

/**
 * Refreshes the roll-up of one cell for the year of `month` ("YYYY-MM" or a date). Call it in the
 * transaction of the write, once per (cell, month) the write touched (a meeting moved to another
 * year: both). Also refreshes the absence runs of the cell's members.
 */
export async function refreshCellMonth(tx: Executor, input: { cellId: number; month: string }) {
  await refreshCells(tx, { cellIds: [input.cellId], years: [Number(input.month.slice(0, 4))] });
}

/** Refreshes the cell's years of the given dates (a meeting's scheduled, old and new held dates); nulls are skipped. */
export async function refreshCellDates(tx: Executor, input: { cellId: number; dates: (string | null | undefined)[] }) {
  const years = input.dates.filter((d): d is string => typeof d === "string" && /^\d{4}-/.test(d)).map((d) => Number(d.slice(0, 4)));
  await refreshCells(tx, { cellIds: [input.cellId], years });
}

const YearRowSchema = z.object({ y: z.number() });

/**
 * Refreshes every year in which the cell has a meeting or an annual rating: call it after a change
 * of the cell's schedule (it changes what every year expected) or of who its members are.
 */
export async function refreshCell(tx: Executor, input: { cellId: number }) {
  const years = rowsOf(
    await tx.execute(sql`
      select extract(year from held_on)::int as y from meeting where cell_id = ${input.cellId} and held_on is not null
      union select extract(year from scheduled_on)::int from meeting where cell_id = ${input.cellId}
      union select year::int from annual_rating where cell_id = ${input.cellId}
      union select r.year::int from annual_rating r join person p on p.id = r.person_id where p.unit_id = ${input.cellId}`),
    YearRowSchema,
  ).map((r) => r.y);
  await refreshCells(tx, { cellIds: [input.cellId], years });
}

/** Several cells and years at once (imports, the bench). */
export async function refreshCells(tx: Executor, input: { cellIds: number[]; years: number[] }) {
  const cellIds = [...new Set(input.cellIds)].sort((a, b) => a - b);
  const years = [...new Set(input.years)].filter((y) => Number.isInteger(y) && y >= 1900 && y <= 9999);
  if (!cellIds.length || !years.length) return;
  // One round trip for the plan mode, the locks and the dashboards' versions (the target list is
  // evaluated left to right, each sub-select when reached). The locks in the order every writer of
  // the roll-up's rows takes them: the trees' (`unit_tree_lock`, migration 0026, which the versions'
  // bump takes first), then the cells. Custom plans for the rest of the transaction: after five
  // executions PostgreSQL may switch a prepared statement to its generic plan, which guesses 10
  // elements for any int[] parameter; planned for 10 cells, a refresh of 2,000 ran for over ten
  // minutes instead of 3 s (the national bench's build, 06/12/2026).
  await tx.execute(sql`select set_config('plan_cache_mode', 'force_custom_plan', true),
    meeting_dashboard_bump(array(select path from unit where id = any(${intArray(cellIds)}))) as versions,
    (select count(*) from (select pg_advisory_xact_lock(${LOCK_SPACE}::int, id) from unnest(${intArray(cellIds)}) id order by id) x) as cells`);
  await writePeriods(tx, { cells: sql`u.id = any(${intArray(cellIds)})`, years: intArray(years), fromScratch: false });
  await tx.execute(sql`delete from meeting_subunit_period where cells = 0
    and unit_id in (select ${strictAncestors("u")} from unit u where u.id = any(${intArray(cellIds)}))`);
  // The cells' members now, and those listed under them before (moved away since).
  await writeAbsenceRuns(
    tx,
    sql`select id from person where unit_id = any(${intArray(cellIds)})
    union select person_id from meeting_absence_run where cell_id = any(${intArray(cellIds)})`,
  );
}

/**
 * Empties both levels and the absence runs and builds them anew from the base tables (repair, and
 * the reference the tests compare the incremental tables with).
 */
export async function rebuildMeetingFigures(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${REBUILD}::int)`);
  await tx.execute(sql`set local work_mem = '64MB'`);
  // Every dashboard may change (the exclusive lock keeps every other bump out).
  await tx.execute(sql`insert into meeting_dashboard_version as t (unit_id, version) select id, 1 from unit order by id
    on conflict (unit_id) do update set version = t.version + 1`);
  for (const table of ["meeting_cell_period", "meeting_subunit_period", "meeting_cell_at_risk", "meeting_absence_run", "meeting_absence_count"]) {
    await tx.execute(sql`delete from ${sql.raw(table)}`);
  }
  const years = rowsOf(
    await tx.execute(sql`
      select extract(year from coalesce(held_on, scheduled_on))::int as y from meeting
      union select year::int from annual_rating
`),
    YearRowSchema,
  )
    .map((r) => r.y)
    .filter((y) => y !== null);
  if (years.length) await writePeriods(tx, { cells: sql`u.kind in ('chi_bo', 'chi_bo_co_so')`, years: intArray(years), fromScratch: true });
  await writeAbsenceRuns(tx, sql`select id from person`);
}

/**
 * Computes the rows of the cells (`cells`: a condition on `unit u`) for the years, diffs them with
 * the stored rows (one hash aggregate: CTEs have no statistics, ADR 014), writes the changed cell
 * rows and adds new − old to every strict ancestor's subunit row.
 */
async function writePeriods(tx: Executor, input: { cells: ReturnType<typeof sql>; years: ReturnType<typeof sql>; fromScratch: boolean }) {
  const { cells, years } = input;
  await tx.execute(sql`
    with c as materialized (select u.id from unit u where ${cells}),
    yr as (select unnest(${years}) as y),
    grid as (
      select c.id as cell_id, make_date(yr.y, mo, 1) as month from c cross join yr cross join generate_series(1, 12) mo
    ),
    mt as materialized (
      select m.id, m.cell_id, m.kind, m.status, m.scheduled_on, m.held_on, m.postpone_reason
      from meeting m join c on c.id = m.cell_id
      -- Only what the cell itself recorded counts: a row an attendee's visit created first is the
      -- cell's meeting only once the cell records it (confidentiality, ADR 015).
      where m.recorded_at is not null and (extract(year from m.held_on)::int in (select y from yr) or extract(year from m.scheduled_on)::int in (select y from yr))
    ),
    att as (
      select a.meeting_id, count(*) filter (where a.status = 'present')::int as present,
        count(*) filter (where a.status = 'excused')::int as excused, count(*) filter (where a.status = 'unexcused')::int as unexcused
      from meeting_attendance a where a.meeting_id in (select id from mt where status = 'held') group by a.meeting_id
    ),
    held as (
      select mt.cell_id, date_trunc('month', mt.held_on)::date as month, mt.kind, mt.held_on = mt.scheduled_on as on_time,
        coalesce(a.present, 0) as present, coalesce(a.excused, 0) as excused, coalesce(a.unexcused, 0) as unexcused,
        coalesce(vr.rating, sa.rating) as rating, vr.rating is null and sa.rating is not null as self
      from mt
      left join att a on a.meeting_id = mt.id
      -- The latest filed score decides; an unfiled visit is not there yet (confidentiality, ADR 015).
      left join lateral (
        select vs.rating from visit v join visit_score vs on vs.visit_id = v.id
        where v.meeting_id = mt.id and v.filed_at is not null order by v.filed_at desc, v.id desc limit 1
      ) vr on true
      left join meeting_self_assessment sa on sa.meeting_id = mt.id
      where mt.status = 'held' and mt.held_on is not null
    ),
    month_held as (
      select cell_id, month, count(*)::int as held, count(*) filter (where on_time)::int as on_time,
        count(*) filter (where kind = 'thuong_ky')::int as regular, count(*) filter (where kind = 'chuyen_de')::int as thematic,
        sum(present)::int as present, sum(excused)::int as excused, sum(unexcused)::int as unexcused,
        count(*) filter (where present + excused + unexcused > 0 and present * 100 >= 95 * (present + excused + unexcused) and unexcused = 0)::int as attendance_ok,
        count(*) filter (where rating = 'tot')::int as rated_tot, count(*) filter (where rating = 'kha')::int as rated_kha,
        count(*) filter (where rating = 'trung_binh')::int as rated_trung_binh, count(*) filter (where rating = 'kem')::int as rated_kem,
        count(*) filter (where self)::int as self_assessed
      from held group by cell_id, month
    ),
    month_postponed as (
      select cell_id, date_trunc('month', scheduled_on)::date as month, count(*)::int as postponed
      from mt where status = 'postponed' or postpone_reason is not null group by cell_id, month
    ),
    month_rows as materialized (
      select g.cell_id, g.month,
        case when exists (select 1 from meeting_schedule s where s.cell_id = g.cell_id and s.valid_from < (g.month + interval '1 month')::date
          and (s.valid_to is null or s.valid_to >= g.month)) then 1 else 0 end as expected,
        coalesce(h.held, 0) as held, coalesce(h.on_time, 0) as on_time, coalesce(p.postponed, 0) as postponed,
        coalesce(h.regular, 0) as regular, coalesce(h.thematic, 0) as thematic, coalesce(h.present, 0) as present,
        coalesce(h.excused, 0) as excused, coalesce(h.unexcused, 0) as unexcused, coalesce(h.attendance_ok, 0) as attendance_ok,
        coalesce(h.rated_tot, 0) as rated_tot, coalesce(h.rated_kha, 0) as rated_kha, coalesce(h.rated_trung_binh, 0) as rated_trung_binh,
        coalesce(h.rated_kem, 0) as rated_kem, coalesce(h.self_assessed, 0) as self_assessed
      from grid g left join month_held h on h.cell_id = g.cell_id and h.month = g.month
      left join month_postponed p on p.cell_id = g.cell_id and p.month = g.month
    ),
    annual as (
      select c.id as cell_id, yr.y,
        (select count(*) from annual_rating r where r.cell_id = c.id and r.year = yr.y)::int as cell_rated,
        (select count(*) from annual_rating r where r.cell_id = c.id and r.year = yr.y and r.rating in ('xuat_sac', 'tot'))::int as cell_good,
        (select count(*) from annual_rating r join person p on p.id = r.person_id where p.unit_id = c.id and r.year = yr.y)::int as members_rated,
        (select count(*) from annual_rating r join person p on p.id = r.person_id where p.unit_id = c.id and r.year = yr.y and r.rating in ('xuat_sac', 'tot'))::int as members_good
      from c cross join yr
    ),
    -- The years in which each cell has a meeting or an annual rating (hashed once, not probed per row).
    active as materialized (
      select cell_id, extract(year from held_on)::int as y from mt where held_on is not null
      union select cell_id, extract(year from scheduled_on)::int from mt
      union select cell_id, y from annual where cell_rated + members_rated > 0
    ),
    periods as (
      select cell_id, 'm' as period_kind, month as period_start, month as month from month_rows
      union all select cell_id, 'q', date_trunc('quarter', month)::date, month from month_rows
      union all select cell_id, 'y', date_trunc('year', month)::date, month from month_rows
    ),
    per as (
      select p.cell_id, p.period_kind, p.period_start,
        sum(r.expected)::int as expected, sum(r.held)::int as held, sum(r.on_time)::int as on_time, sum(r.postponed)::int as postponed,
        sum(r.regular)::int as regular, sum(r.thematic)::int as thematic, sum(r.present)::int as present, sum(r.excused)::int as excused,
        sum(r.unexcused)::int as unexcused, sum(r.attendance_ok)::int as attendance_ok, sum(r.rated_tot)::int as rated_tot,
        sum(r.rated_kha)::int as rated_kha, sum(r.rated_trung_binh)::int as rated_trung_binh, sum(r.rated_kem)::int as rated_kem,
        sum(r.self_assessed)::int as self_assessed,
        -- 001 §II.1.2(1): a regular meeting every month and at least one thematic meeting every quarter.
        case when bool_and(r.regular > 0) and (p.period_kind = 'm' or count(distinct date_trunc('quarter', r.month)) filter (where r.thematic > 0)
          = count(distinct date_trunc('quarter', r.month))) then 1 else 0 end as regime_ok,
        case when sum(r.rated_tot) * 2 > sum(r.rated_tot + r.rated_kha + r.rated_trung_binh + r.rated_kem) then 1 else 0 end as quality_tot
      from periods p join month_rows r on r.cell_id = p.cell_id and r.month = p.month
      group by p.cell_id, p.period_kind, p.period_start
    ),
    new_rows as materialized (
      -- A cell row misses a target (the "chi bộ chưa đạt" list): no regime, an absence without
      -- reason, or a held meeting under 95% attendance.
      select x.*, case when x.regime_ok = 0 or x.unexcused > 0 or x.attendance_ok < x.held then 1 else 0 end as at_risk from (
      select per.cell_id, per.period_kind, per.period_start, per.expected, per.held, per.on_time, per.postponed, per.regular, per.thematic,
        per.present, per.excused, per.unexcused, per.attendance_ok, per.rated_tot, per.rated_kha, per.rated_trung_binh, per.rated_kem,
        per.self_assessed, per.regime_ok, per.quality_tot,
        coalesce(a.cell_rated, 0) as cell_rated, coalesce(a.cell_good, 0) as cell_good,
        coalesce(a.members_rated, 0) as members_rated, coalesce(a.members_good, 0) as members_good
      from per left join annual a on per.period_kind = 'y' and a.cell_id = per.cell_id and a.y = extract(year from per.period_start)::int
      -- Only years in which the cell has a meeting or an annual rating have rows (a schedule alone
      -- does not make one: the rows must not depend on which years were refreshed), and within
      -- them only periods with something expected, held, postponed or rated.
      where exists (select 1 from active ac where ac.cell_id = per.cell_id and ac.y = extract(year from per.period_start)::int)
      ) x where x.expected + x.held + x.postponed + x.cell_rated + x.members_rated > 0
    ),
    old_rows as (
      select cell_id, period_kind, period_start, ${list()} from meeting_cell_period
      where cell_id in (select id from c) and extract(year from period_start)::int in (select y from yr)
    ),
    cmp as materialized (
      select cell_id, period_kind, period_start, bool_or(is_new) as in_new,
        ${sql.raw(COUNTS.map((k) => `max(${k}) filter (where is_new) as ${k}`).join(", "))},
        ${sql.raw(COUNTS.map((k) => `sum(case when is_new then ${k} else -${k} end)::int as d_${k}`).join(", "))},
        sum(case when is_new then 1 else -1 end)::int as d_cells
      from (select *, true as is_new from new_rows union all select *, false from old_rows) x
      group by cell_id, period_kind, period_start
    ),
    delta as (
      select * from cmp where d_cells <> 0 or ${sql.raw(COUNTS.map((k) => `d_${k} <> 0`).join(" or "))}
    ),
    gone as (
      delete from meeting_cell_period t using delta d
      where t.cell_id = d.cell_id and t.period_kind = d.period_kind and t.period_start = d.period_start and not d.in_new
      returning 1
    ),
    put as (
      insert into meeting_cell_period (cell_id, period_kind, period_start, ${list()})
      select cell_id, period_kind, period_start, ${list()} from delta where in_new
      on conflict (cell_id, period_kind, period_start) do update set ${sql.raw(COUNTS.map((k) => `${k} = excluded.${k}`).join(", "))}
      returning 1
    ),
    up as (
      insert into meeting_subunit_period as t (unit_id, period_kind, period_start, cells, ${list()})
      select a.id, d.period_kind, d.period_start, sum(d.d_cells), ${sql.raw(COUNTS.map((k) => `sum(d.d_${k})`).join(", "))}
      from delta d join unit cu on cu.id = d.cell_id cross join lateral ${strictAncestors("cu")} a(id)
      group by a.id, d.period_kind, d.period_start
      on conflict (unit_id, period_kind, period_start) do update set cells = t.cells + excluded.cells,
        ${sql.raw(COUNTS.map((k) => `${k} = t.${k} + excluded.${k}`).join(", "))}
      returning 1
    ),
    -- The ordered list of cells at risk follows the changed cell rows (disjoint sets: one statement
    -- must not delete and upsert the same row).
    risk_gone as (
      delete from meeting_cell_at_risk t using delta d
      where t.cell_id = d.cell_id and t.period_kind = d.period_kind and t.period_start = d.period_start and not (d.in_new and d.at_risk = 1)
      returning 1
    ),
    risk_put as (
      insert into meeting_cell_at_risk (cell_id, period_kind, period_start, regime_ok, held, unexcused, sort_key)
      select d.cell_id, d.period_kind, d.period_start, d.regime_ok, d.held, d.unexcused, cu.sort_key
      from delta d join unit cu on cu.id = d.cell_id where d.in_new and d.at_risk = 1
      on conflict (cell_id, period_kind, period_start) do update set regime_ok = excluded.regime_ok, held = excluded.held, unexcused = excluded.unexcused, sort_key = excluded.sort_key
      returning 1
    )
    select (select count(*) from gone) + (select count(*) from put) + (select count(*) from up)
      + (select count(*) from risk_gone) + (select count(*) from risk_put) as n`);
}

/**
 * The members' current runs of absences (the rules of `absenceStreaks` in rules.ts, in SQL):
 * over their held meetings, the absences after their last presence, and the unexcused absences
 * after their last presence or excused absence. Runs continue across a year's end; postponed
 * meetings do not count. Only members absent at their latest meeting keep a row. Per member it
 * reads back on (person, date) to the latest presence and then only the meetings after it, not
 * the member's whole history (a record's save refreshes its cell's members). `people`: a query of the ids.
 */
async function writeAbsenceRuns(tx: Executor, people: ReturnType<typeof sql>) {
  const since = (after: string) =>
    sql.raw(`select a.held_on, a.status from meeting_attendance a join meeting m on m.id = a.meeting_id and m.status = 'held'
      where a.person_id = p.id and (${after} is null or a.held_on > ${after})`);
  await tx.execute(sql`
    with ppl as materialized (${people}),
    fresh as materialized (
    select p.id, p.unit_id, least(r.absent_run, 32767) as absent_run, least(u.unexcused_run, 32767) as unexcused_run, r.last_held,
      (select c.sort_key from unit c where c.id = p.unit_id) as cell_sort_key, p.sort_key as person_sort_key
    from person p
    left join lateral (
      select a.held_on from meeting_attendance a join meeting m on m.id = a.meeting_id and m.status = 'held'
      where a.person_id = p.id and a.status = 'present' order by a.held_on desc limit 1
    ) lp on true
    cross join lateral (
      select count(*)::int as absent_run, max(x.held_on) as last_held,
        greatest(lp.held_on, max(x.held_on) filter (where x.status <> 'unexcused')) as last_counted
      from (${since("lp.held_on")}) x
    ) r
    cross join lateral (select count(*)::int as unexcused_run from (${since("r.last_counted")}) x) u
    where p.id in (select id from ppl) and p.active and r.absent_run > 0
    ),
    -- Upsert the runs and delete the rest (disjoint sets: one statement must not do both to a row).
    put as (
      insert into meeting_absence_run (person_id, cell_id, absent_run, unexcused_run, last_held_on, cell_sort_key, person_sort_key)
      select id, unit_id, absent_run, unexcused_run, last_held, cell_sort_key, person_sort_key from fresh
      on conflict (person_id) do update set cell_id = excluded.cell_id, absent_run = excluded.absent_run,
        unexcused_run = excluded.unexcused_run, last_held_on = excluded.last_held_on,
        cell_sort_key = excluded.cell_sort_key, person_sort_key = excluded.person_sort_key
      returning 1
    ),
    gone as (
      delete from meeting_absence_run t where t.person_id in (select id from ppl)
        and t.person_id not in (select id from fresh)
      returning 1
    ),
    -- The list's counts per unit move by new − old runs ≥ 2 per cell (the CTEs read the rows as
    -- they were before this statement), on the cell and every unit above it, in id order (locks).
    risk as (
      select cell_id, sum(n)::int as n from (
        select unit_id as cell_id, 1 as n from fresh where absent_run >= 2
        union all select cell_id, -1 from meeting_absence_run where person_id in (select id from ppl) and absent_run >= 2
      ) x group by cell_id having sum(n) <> 0
    ),
    counted as (
      insert into meeting_absence_count as t (unit_id, at_risk)
      select a.id, sum(r.n)::int from risk r join unit cu on cu.id = r.cell_id cross join lateral unit_path_ids(cu.path) a(id)
      group by a.id order by a.id
      on conflict (unit_id) do update set at_risk = t.at_risk + excluded.at_risk
      returning 1
    )
    select (select count(*) from put) + (select count(*) from gone) + (select count(*) from counted) as n`);
}

/** A cell's new name moves it in the ordered list of cells at risk (its copied sort key). */
export async function renameCellAtRisk(tx: Executor, input: { unitId: number }) {
  await tx.execute(sql`update meeting_cell_at_risk r set sort_key = u.sort_key from unit u where u.id = ${input.unitId} and r.cell_id = u.id`);
}

/**
 * A unit moved with its subtree (`path`: its new path): its cells' rows are unchanged, but the sums
 * of the units it left lose them and those it joined gain them. Units above both keep theirs.
 */
export async function moveSubtreeFigures(tx: Executor, input: { path: string; leftAncestorIds: number[]; joinedAncestorIds: number[] }) {
  if (!input.leftAncestorIds.length && !input.joinedAncestorIds.length) return;
  const units = intArray([...input.leftAncestorIds, ...input.joinedAncestorIds]);
  // The trees' locks, and the versions of the units whose sums change.
  await tx.execute(sql`select meeting_dashboard_bump(array(select path from unit where id = any(${units})))`);
  await tx.execute(sql`
    with s as (
      select c.period_kind, c.period_start, count(*)::int as cells, ${sql.raw(COUNTS.map((k) => `sum(c.${k})::int as ${k}`).join(", "))}
      from meeting_cell_period c join unit u on u.id = c.cell_id
      where u.path like ${`${input.path}%`}
      group by c.period_kind, c.period_start
    ),
    a as (
      select id, -1 as sign from unnest(${intArray(input.leftAncestorIds)}) id
      union all select id, 1 from unnest(${intArray(input.joinedAncestorIds)}) id
    )
    insert into meeting_subunit_period as t (unit_id, period_kind, period_start, cells, ${list()})
    select a.id, s.period_kind, s.period_start, a.sign * s.cells, ${sql.raw(COUNTS.map((k) => `a.sign * s.${k}`).join(", "))}
    from s cross join a
    on conflict (unit_id, period_kind, period_start) do update set cells = t.cells + excluded.cells,
      ${sql.raw(COUNTS.map((k) => `${k} = t.${k} + excluded.${k}`).join(", "))}`);
  // What a rebuild would hold: no row for a unit with no cell rows below it.
  await tx.execute(sql`delete from meeting_subunit_period where unit_id = any(${intArray(input.leftAncestorIds)}) and cells = 0`);
  // The members at risk of the subtree leave the counts of the units it left and join the others'.
  await tx.execute(sql`
    with s as (
      select count(*)::int as n from meeting_absence_run r join unit u on u.id = r.cell_id
      where u.path like ${`${input.path}%`} and r.absent_run >= 2
    )
    insert into meeting_absence_count as t (unit_id, at_risk)
    select a.id, a.sign * s.n from s cross join (
      select id, -1 as sign from unnest(${intArray(input.leftAncestorIds)}) id
      union all select id, 1 from unnest(${intArray(input.joinedAncestorIds)}) id
    ) a where s.n > 0
    order by a.id
    on conflict (unit_id) do update set at_risk = t.at_risk + excluded.at_risk`);
}
