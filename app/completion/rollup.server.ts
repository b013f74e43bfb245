import { z } from "zod";
import { sql } from "drizzle-orm";
import { getDb, intArray, rowsOf, type Executor } from "#db/client.server";
import { COMPLETION_EVENTS } from "./events.server";
import { localDate } from "~/utils/dates";

/**
 * The per-cell roll-up of campaign figures (tables in db/schema/completion-rollup.ts, ADR 007
 * "Computation at scale"). Every write that changes who is in an audience or who is trained
 * calls `refreshCellFigures` in its own transaction with the cells it touched (a moved person:
 * both cells); a campaign edit refreshes the whole campaign. The audience depends on today
 * (positions end), so a campaign's roll-up is also rebuilt whole on the first read of a new day
 * (`ensureCampaignFigures`). The same refresh keeps the second level (per unit, everything below
 * it: `campaign_subunit_*`, ADR 014) exact in the same transaction.
 */

/** Advisory lock keys: cell refreshes share `REBUILD`, a whole-campaign rebuild holds it alone. */
const LOCK_SPACE = 40_404;
const REBUILD = 0;
/** Per tree root: serializes the ancestor-row updates of refreshes in the same tree (ADR 014). */
const ROOT_LOCK_SPACE = 40_405;

interface RefreshScope {
  /** Only these cells (all campaigns unless `campaignIds`); omitted = every cell. */
  cellIds?: number[];
  /** Only these campaigns; omitted = every campaign. */
  campaignIds?: number[];
  /** Local day the audience is taken on (default today). */
  today?: string;
  /**
   * Empty both levels of the campaigns in scope first and build them anew (repair, and the
   * reference the tests compare the incremental tables with). Only without `cellIds`.
   */
  fromScratch?: boolean;
}

function where(column: string, ids: number[] | undefined) {
  return ids ? sql`${sql.raw(column)} in ${ids}` : sql`true`;
}

/** The ids of the units strictly above `unit` (a `unit` row alias), from its path of ids. */
function strictAncestors(unit: string) {
  return sql.raw(`unnest((string_to_array(trim(both '/' from ${unit}.path), '/')::int[])[1:${unit}.depth])`);
}

/**
 * Recomputes the roll-up rows of the cells and campaigns in `scope` from the base tables (the
 * same rules as `personStatusCte` in figures.server.ts, for many campaigns at once), writes only
 * the cell rows that changed, and moves the second level (`campaign_subunit_*`, ADR 014) by the
 * difference between the cells' old and new rows. A whole-campaign refresh (the daily one) works
 * the same way: most cells do not change from one day to the next.
 */
export async function refreshCellFigures(tx: Executor, scope: RefreshScope) {
  const cellIds = scope.cellIds ? [...new Set(scope.cellIds)].sort((a, b) => a - b) : undefined;
  if (cellIds && !cellIds.length) return;
  if (scope.campaignIds && !scope.campaignIds.length) return;
  const today = scope.today ?? localDate(new Date());
  const fromScratch = !cellIds && scope.fromScratch === true;
  const inCampaigns = where("campaign_id", scope.campaignIds);
  if (cellIds) {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK_SPACE}::int, ${REBUILD}::int)`);
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, id) from unnest(${intArray(cellIds)}) id order by id`);
    // Every refresh in a tree updates the rows of its root (and other shared ancestors) in two
    // tables: one lock per root, in id order, keeps concurrent writers from deadlocking there.
    await tx.execute(sql`select pg_advisory_xact_lock(${ROOT_LOCK_SPACE}::int, r.id)
      from (select distinct split_part(path, '/', 2)::int as id from unit where id in ${cellIds}) r order by r.id`);
  } else {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${REBUILD}::int)`);
    // A whole campaign groups every audience member and cell row: with the default 4 MB the
    // aggregates spill to disk (national tree: 750,000 cell rows).
    await tx.execute(sql`set local work_mem = '64MB'`);
    if (fromScratch) {
      for (const table of ["campaign_cell_figure", "campaign_cell_day", "campaign_subunit_figure", "campaign_subunit_day"]) {
        await tx.execute(sql`delete from ${sql.raw(table)} where ${inCampaigns}`);
      }
    }
  }
  const inScope = sql`${inCampaigns} and ${where("cell_id", cellIds)}`;
  await tx.execute(sql`delete from campaign_untrained where ${inScope}`);
  await tx.execute(sql`
    with c as (
      select campaign.id, accept_online, accept_in_person, ou.path as org_path,
        (starts_on::timestamp at time zone 'Asia/Ho_Chi_Minh') as starts_at,
        ((deadline_on + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh') as due_at
      from campaign join unit ou on ou.id = campaign.organising_unit_id where ${where("campaign.id", scope.campaignIds)}
    ),
    hp as (
      select distinct cp.campaign_id, p.id as person_id, p.unit_id, pp.position,
        case cp.track when 'A' then 1 when 'B' then 2 else 0 end as track
      from person_position pp
      join campaign_position cp on cp.position = pp.position
      join c on c.id = cp.campaign_id
      join person p on p.id = pp.person_id and p.active
      -- A campaign's audience lives under its organising unit.
      join unit pu on pu.id = p.unit_id and starts_with(pu.path, c.org_path)
      where (pp.ended_on is null or pp.ended_on >= ${today}::date) and ${where("p.unit_id", cellIds)}
    ),
    aud as (
      select campaign_id, person_id, unit_id, bit_or(track) as tracks from hp group by campaign_id, person_id, unit_id
    ),
    done as (
      select a.campaign_id, a.person_id,
        min(x.at) as first_at,
        min(x.at) filter (where x.method = 'online') as online_at,
        min(x.at) filter (where x.method = 'in_person') as in_person_at
      from (
        ${COMPLETION_EVENTS}
      ) x
      join aud a on a.person_id = x.person_id
      join c on c.id = a.campaign_id
      where (a.tracks & case x.track when 'A' then 1 when 'B' then 2 else 0 end) <> 0
        and x.at >= c.starts_at
        and ((x.method = 'online' and c.accept_online) or (x.method = 'in_person' and c.accept_in_person))
      group by a.campaign_id, a.person_id
    ),
    st as materialized (
      select a.campaign_id, a.person_id, a.unit_id, c.due_at, d.first_at, d.online_at, d.in_person_at
      from aud a join c on c.id = a.campaign_id
      left join done d on d.campaign_id = a.campaign_id and d.person_id = a.person_id
    ),
    new_fig as materialized (
      select campaign_id, unit_id as cell_id, '' as position, count(*)::int as audience, count(*) filter (where first_at < due_at)::int as trained_on_time,
        count(first_at)::int as trained, count(online_at)::int as online, count(in_person_at)::int as in_person
      from st group by campaign_id, unit_id
      union all
      select st.campaign_id, st.unit_id, h.position, count(*)::int, count(*) filter (where st.first_at < st.due_at)::int,
        count(st.first_at)::int, count(st.online_at)::int, count(st.in_person_at)::int
      from st join (select distinct campaign_id, person_id, position from hp) h on h.campaign_id = st.campaign_id and h.person_id = st.person_id
      group by st.campaign_id, st.unit_id, h.position
    ),
    new_day as materialized (
      select campaign_id, unit_id as cell_id, (first_at at time zone 'Asia/Ho_Chi_Minh')::date as day, count(*)::int as trained
      from st where first_at is not null group by 1, 2, 3
    ),
    -- The statement's snapshot still shows the cells' old rows. Each key of old and new rows is
    -- compared in one hash aggregate (joining CTEs would get nested loops: CTEs have no statistics):
    -- new values and new − old, which moves the second level. A new row always has audience ≥ 1,
    -- so a key only in the new rows has a non-zero difference.
    old_fig as (
      select campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person from campaign_cell_figure where ${inScope}
    ),
    fig_cmp as materialized (
      select campaign_id, cell_id, position, bool_or(is_new) as in_new,
        max(audience) filter (where is_new) as audience, max(trained_on_time) filter (where is_new) as trained_on_time,
        max(trained) filter (where is_new) as trained, max(online) filter (where is_new) as online, max(in_person) filter (where is_new) as in_person,
        sum(case when is_new then audience else -audience end) as d_audience,
        sum(case when is_new then trained_on_time else -trained_on_time end) as d_trained_on_time,
        sum(case when is_new then trained else -trained end) as d_trained,
        sum(case when is_new then online else -online end) as d_online,
        sum(case when is_new then in_person else -in_person end) as d_in_person
      from (select *, true as is_new from new_fig union all select *, false from old_fig) x
      group by campaign_id, cell_id, position
    ),
    fig_delta as (
      select * from fig_cmp where d_audience <> 0 or d_trained_on_time <> 0 or d_trained <> 0 or d_online <> 0 or d_in_person <> 0
    ),
    old_day as (
      select campaign_id, cell_id, day, trained from campaign_cell_day where ${inScope}
    ),
    day_cmp as materialized (
      select campaign_id, cell_id, day, bool_or(is_new) as in_new, max(trained) filter (where is_new) as trained,
        sum(case when is_new then trained else -trained end) as d_trained
      from (select *, true as is_new from new_day union all select *, false from old_day) x
      group by campaign_id, cell_id, day
    ),
    gone_fig as (
      delete from campaign_cell_figure f using fig_cmp d
      where f.campaign_id = d.campaign_id and f.position = d.position and f.cell_id = d.cell_id and not d.in_new
      returning 1
    ),
    -- Only changed rows are written (a daily refresh of a whole campaign rewrote every row before).
    put_fig as (
      insert into campaign_cell_figure (campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person)
      select campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person from fig_delta where in_new
      on conflict (campaign_id, position, cell_id) do update set audience = excluded.audience, trained_on_time = excluded.trained_on_time,
        trained = excluded.trained, online = excluded.online, in_person = excluded.in_person
      returning 1
    ),
    gone_day as (
      delete from campaign_cell_day t using day_cmp d
      where t.campaign_id = d.campaign_id and t.cell_id = d.cell_id and t.day = d.day and not d.in_new
      returning 1
    ),
    put_day as (
      insert into campaign_cell_day (campaign_id, cell_id, day, trained)
      select campaign_id, cell_id, day, trained from day_cmp where in_new and d_trained <> 0
      on conflict (campaign_id, cell_id, day) do update set trained = excluded.trained
      returning 1
    ),
    up_fig as (
      insert into campaign_subunit_figure as t (campaign_id, unit_id, position, audience, trained_on_time, trained, online, in_person)
      select d.campaign_id, a.id, d.position, sum(d.d_audience), sum(d.d_trained_on_time), sum(d.d_trained), sum(d.d_online), sum(d.d_in_person)
      from fig_delta d join unit cu on cu.id = d.cell_id cross join lateral ${strictAncestors("cu")} a(id)
      group by d.campaign_id, a.id, d.position
      on conflict (campaign_id, unit_id, position) do update set audience = t.audience + excluded.audience,
        trained_on_time = t.trained_on_time + excluded.trained_on_time, trained = t.trained + excluded.trained,
        online = t.online + excluded.online, in_person = t.in_person + excluded.in_person
      returning 1
    ),
    up_day as (
      insert into campaign_subunit_day as t (campaign_id, unit_id, day, trained)
      select d.campaign_id, a.id, d.day, sum(d.d_trained)
      from day_cmp d join unit cu on cu.id = d.cell_id cross join lateral ${strictAncestors("cu")} a(id)
      where d.d_trained <> 0
      group by d.campaign_id, a.id, d.day
      on conflict (campaign_id, unit_id, day) do update set trained = t.trained + excluded.trained
      returning 1
    ),
    untrained as (
      insert into campaign_untrained (campaign_id, person_id, cell_id, sort_key)
      select st.campaign_id, st.person_id, st.unit_id, p.sort_key from st join person p on p.id = st.person_id where st.first_at is null
      on conflict (campaign_id, person_id) do update set cell_id = excluded.cell_id, sort_key = excluded.sort_key
      returning 1
    )
    select (select count(*) from gone_fig) + (select count(*) from put_fig) + (select count(*) from gone_day) + (select count(*) from put_day)
      + (select count(*) from up_fig) + (select count(*) from up_day) + (select count(*) from untrained) as n`);
  if (!fromScratch) {
    // A unit whose subtree lost its last audience member keeps a zero row: drop it, so the
    // table holds exactly what a rebuild from scratch would.
    const above = cellIds ? sql`unit_id in (select ${strictAncestors("u")} from unit u where u.id in ${cellIds})` : inCampaigns;
    await tx.execute(sql`delete from campaign_subunit_figure where ${above} and audience = 0`);
    await tx.execute(sql`delete from campaign_subunit_day where ${above} and trained = 0`);
  }
}

const CellsOfPeopleRowSchema = z.object({ id: z.number() });

/**
 * A unit moved with its subtree (`path`: its new path). Its cells' rows move from the sums of the
 * units it left to those it joined; then the cells are refreshed, since a campaign's audience is
 * the people under its organising unit and the subtree may have entered or left one.
 */
export async function moveSubtreeFigures(tx: Executor, input: { path: string; leftAncestorIds: number[]; joinedAncestorIds: number[] }) {
  const cellIds = rowsOf(await tx.execute(sql`select id from unit where path like ${`${input.path}%`} order by id`), CellsOfPeopleRowSchema).map((r) => r.id);
  const units = [...input.leftAncestorIds, ...input.joinedAncestorIds];
  if (!cellIds.length) return;
  // The locks of a cell refresh, in its order (cells, then roots), so a move and a refresh cannot deadlock.
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK_SPACE}::int, ${REBUILD}::int)`);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, id) from unnest(${intArray(cellIds)}) id order by id`);
  await tx.execute(sql`select pg_advisory_xact_lock(${ROOT_LOCK_SPACE}::int, r.id)
    from (select distinct split_part(path, '/', 2)::int as id from unit where id in ${[...cellIds, ...units]}) r order by r.id`);
  if (units.length) {
    const signs = sql`(select id, -1 as sign from unnest(${intArray(input.leftAncestorIds)}) id union all select id, 1 from unnest(${intArray(input.joinedAncestorIds)}) id) a`;
    const inSubtree = sql`cell_id in (select id from unit where path like ${`${input.path}%`})`;
    await tx.execute(sql`
      insert into campaign_subunit_figure as t (campaign_id, unit_id, position, audience, trained_on_time, trained, online, in_person)
      select s.campaign_id, a.id, s.position, a.sign * s.audience, a.sign * s.trained_on_time, a.sign * s.trained, a.sign * s.online, a.sign * s.in_person
      from (select campaign_id, position, sum(audience)::int as audience, sum(trained_on_time)::int as trained_on_time, sum(trained)::int as trained,
          sum(online)::int as online, sum(in_person)::int as in_person
        from campaign_cell_figure where ${inSubtree} group by campaign_id, position) s cross join ${signs}
      on conflict (campaign_id, unit_id, position) do update set audience = t.audience + excluded.audience,
        trained_on_time = t.trained_on_time + excluded.trained_on_time, trained = t.trained + excluded.trained,
        online = t.online + excluded.online, in_person = t.in_person + excluded.in_person`);
    await tx.execute(sql`
      insert into campaign_subunit_day as t (campaign_id, unit_id, day, trained)
      select s.campaign_id, a.id, s.day, a.sign * s.trained
      from (select campaign_id, day, sum(trained)::int as trained from campaign_cell_day where ${inSubtree} group by campaign_id, day) s cross join ${signs}
      on conflict (campaign_id, unit_id, day) do update set trained = t.trained + excluded.trained`);
    if (input.leftAncestorIds.length) {
      await tx.execute(sql`delete from campaign_subunit_figure where unit_id in ${input.leftAncestorIds} and audience = 0`);
      await tx.execute(sql`delete from campaign_subunit_day where unit_id in ${input.leftAncestorIds} and trained = 0`);
    }
  }
  await refreshCellFigures(tx, { cellIds });
}

/** The cells the given people sit in now (call before and after a move). */
export async function cellsOfPeople(tx: Executor, personIds: number[]) {
  if (!personIds.length) return [];
  return rowsOf(await tx.execute(sql`select distinct unit_id as id from person where id in ${personIds}`), CellsOfPeopleRowSchema).map((r) => r.id);
}

/** Refreshes the cells of `personIds` (their current cells plus `extraCellIds`). */
export async function refreshPeopleFigures(tx: Executor, input: { personIds: number[]; extraCellIds?: number[] }) {
  await refreshCellFigures(tx, { cellIds: [...(await cellsOfPeople(tx, input.personIds)), ...(input.extraCellIds ?? [])] });
}

/** Rebuilds a whole campaign's roll-up for `today` and records it. */
export async function rebuildCampaignFigures(tx: Executor, input: { campaignId: number; today?: string }) {
  const today = input.today ?? localDate(new Date());
  await refreshCellFigures(tx, { campaignIds: [input.campaignId], today });
  await tx.execute(sql`insert into campaign_figure_state (campaign_id, built_on) values (${input.campaignId}, ${today}::date)
    on conflict (campaign_id) do update set built_on = excluded.built_on`);
}

const FreshRowSchema = z.object({ ok: z.boolean() });

/** Makes sure the campaign's roll-up was built for `today` (first read of a day, or never built). */
export async function ensureCampaignFigures(input: { campaignId: number; today: string }) {
  const fresh = async (db: Executor) =>
    rowsOf(
      await db.execute(sql`select built_on = ${input.today}::date as ok from campaign_figure_state where campaign_id = ${input.campaignId}`),
      FreshRowSchema,
    )[0]?.ok === true;
  if (await fresh(getDb())) return;
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${REBUILD}::int)`);
    if (await fresh(tx)) return; // another request rebuilt it meanwhile
    await rebuildCampaignFigures(tx, { campaignId: input.campaignId, today: input.today });
  });
  // A whole rebuild rewrites most rows: fresh statistics keep the planner on the indexes
  // (PGlite has no autovacuum; on PostgreSQL it would come minutes later).
  await getDb().execute(sql`analyze campaign_cell_figure, campaign_cell_day, campaign_untrained, campaign_subunit_figure, campaign_subunit_day`);
}

/**
 * Builds today's roll-up of every campaign still running whose roll-up is from an earlier day,
 * one after another. The server runs it every few minutes, so the first person to open a
 * dashboard in the morning does not wait for the rebuild (18 s on a national tree); a read
 * before it has run still rebuilds on the spot (`ensureCampaignFigures`). Returns the campaigns built.
 */
export async function refreshStaleCampaigns(input: { today?: string } = {}) {
  const today = input.today ?? localDate(new Date());
  const stale = rowsOf(
    await getDb().execute(sql`
      select c.id from campaign c left join campaign_figure_state s on s.campaign_id = c.id
      where c.deadline_on >= ${today}::date and (s.built_on is null or s.built_on <> ${today}::date)
      order by c.id`),
    CellsOfPeopleRowSchema,
  );
  for (const { id } of stale) await ensureCampaignFigures({ campaignId: id, today });
  return stale.map((c) => c.id);
}
