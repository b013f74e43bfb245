import { sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { COMPLETION_EVENTS } from "./figures.server";
import { localDate } from "./rules";

/**
 * The per-cell roll-up of campaign figures (tables in db/schema/completion-rollup.ts, ADR 007
 * "Computation at scale"). Every write that changes who is in an audience or who is trained
 * calls `refreshCellFigures` in its own transaction with the cells it touched (a moved person:
 * both cells); a campaign edit refreshes the whole campaign. The audience depends on today
 * (positions end), so a campaign's roll-up is also rebuilt whole on the first read of a new day
 * (`ensureCampaignFigures`). The same refresh keeps the second level (per unit, everything below
 * it: `campaign_subunit_*`, ADR 013) exact in the same transaction.
 */

/** Advisory lock keys: cell refreshes share `REBUILD`, a whole-campaign rebuild holds it alone. */
const LOCK_SPACE = 40_404;
const REBUILD = 0;
/** Per tree root: serializes the ancestor-row updates of refreshes in the same tree (ADR 013). */
const ROOT_LOCK_SPACE = 40_405;

export interface RefreshScope {
  /** Only these cells (all campaigns unless `campaignIds`); omitted = every cell. */
  cellIds?: number[];
  /** Only these campaigns; omitted = every campaign. */
  campaignIds?: number[];
  /** Local day the audience is taken on (default today). */
  today?: string;
}

function where(column: string, ids: number[] | undefined) {
  return ids ? sql`${sql.raw(column)} in ${ids}` : sql`true`;
}

function intArray(ids: number[]) {
  return sql.raw(`'{${ids.join(",")}}'::int[]`);
}

/** The ids of the units strictly above `unit` (a `unit` row alias), from its path of ids. */
function strictAncestors(unit: string) {
  return sql.raw(`unnest((string_to_array(trim(both '/' from ${unit}.path), '/')::int[])[1:${unit}.depth])`);
}

/**
 * Recomputes the roll-up rows of the cells and campaigns in `scope` from the base tables (the
 * same rules as `personStatusCte` in figures.server.ts, for many campaigns at once) and moves
 * the second level (`campaign_subunit_*`, ADR 013) by the difference between the cells' old and
 * new rows. A whole rebuild (no `cellIds`) empties both levels of its campaigns first, so the
 * difference is the new rows themselves.
 */
export async function refreshCellFigures(tx: Executor, scope: RefreshScope) {
  const cellIds = scope.cellIds ? [...new Set(scope.cellIds)].sort((a, b) => a - b) : undefined;
  if (cellIds && !cellIds.length) return;
  if (scope.campaignIds && !scope.campaignIds.length) return;
  const today = scope.today ?? localDate(new Date());
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
    for (const table of ["campaign_cell_figure", "campaign_cell_day", "campaign_subunit_figure", "campaign_subunit_day"]) {
      await tx.execute(sql`delete from ${sql.raw(table)} where ${inCampaigns}`);
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
    -- The statement's snapshot still shows the cells' old rows: replace them in place (rows
    -- that no longer exist are deleted, the others upserted) and keep the difference.
    old_fig as (
      select campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person from campaign_cell_figure where ${inScope}
    ),
    old_day as (
      select campaign_id, cell_id, day, trained from campaign_cell_day where ${inScope}
    ),
    gone_fig as (
      delete from campaign_cell_figure f where ${inScope}
        and not exists (select 1 from new_fig n where n.campaign_id = f.campaign_id and n.cell_id = f.cell_id and n.position = f.position)
      returning 1
    ),
    put_fig as (
      insert into campaign_cell_figure (campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person)
      select * from new_fig
      on conflict (campaign_id, position, cell_id) do update set audience = excluded.audience, trained_on_time = excluded.trained_on_time,
        trained = excluded.trained, online = excluded.online, in_person = excluded.in_person
      returning 1
    ),
    gone_day as (
      delete from campaign_cell_day d where ${inScope}
        and not exists (select 1 from new_day n where n.campaign_id = d.campaign_id and n.cell_id = d.cell_id and n.day = d.day)
      returning 1
    ),
    put_day as (
      insert into campaign_cell_day (campaign_id, cell_id, day, trained) select * from new_day
      on conflict (campaign_id, cell_id, day) do update set trained = excluded.trained
      returning 1
    ),
    fig_delta as (
      select campaign_id, cell_id, position, sum(audience) as audience, sum(trained_on_time) as trained_on_time, sum(trained) as trained,
        sum(online) as online, sum(in_person) as in_person
      from (
        select * from new_fig
        union all
        select campaign_id, cell_id, position, -audience, -trained_on_time, -trained, -online, -in_person from old_fig
      ) d
      group by campaign_id, cell_id, position
      having sum(audience) <> 0 or sum(trained_on_time) <> 0 or sum(trained) <> 0 or sum(online) <> 0 or sum(in_person) <> 0
    ),
    day_delta as (
      select campaign_id, cell_id, day, sum(trained) as trained
      from (select * from new_day union all select campaign_id, cell_id, day, -trained from old_day) d
      group by campaign_id, cell_id, day having sum(trained) <> 0
    ),
    up_fig as (
      insert into campaign_subunit_figure as t (campaign_id, unit_id, position, audience, trained_on_time, trained, online, in_person)
      select d.campaign_id, a.id, d.position, sum(d.audience), sum(d.trained_on_time), sum(d.trained), sum(d.online), sum(d.in_person)
      from fig_delta d join unit cu on cu.id = d.cell_id cross join lateral ${strictAncestors("cu")} a(id)
      group by d.campaign_id, a.id, d.position
      on conflict (campaign_id, unit_id, position) do update set audience = t.audience + excluded.audience,
        trained_on_time = t.trained_on_time + excluded.trained_on_time, trained = t.trained + excluded.trained,
        online = t.online + excluded.online, in_person = t.in_person + excluded.in_person
      returning 1
    ),
    up_day as (
      insert into campaign_subunit_day as t (campaign_id, unit_id, day, trained)
      select d.campaign_id, a.id, d.day, sum(d.trained)
      from day_delta d join unit cu on cu.id = d.cell_id cross join lateral ${strictAncestors("cu")} a(id)
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
  if (cellIds) {
    // A unit whose subtree lost its last audience member keeps a zero row: drop it, so the
    // table holds exactly what a rebuild would.
    const above = sql`(select ${strictAncestors("u")} from unit u where u.id in ${cellIds})`;
    await tx.execute(sql`delete from campaign_subunit_figure where unit_id in ${above} and audience = 0`);
    await tx.execute(sql`delete from campaign_subunit_day where unit_id in ${above} and trained = 0`);
  }
}

/** The cells the given people sit in now (call before and after a move). */
export async function cellsOfPeople(tx: Executor, personIds: number[]) {
  if (!personIds.length) return [];
  return rowsOf<{ id: number }>(await tx.execute(sql`select distinct unit_id as id from person where id in ${personIds}`)).map((r) => r.id);
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

/** Makes sure the campaign's roll-up was built for `today` (first read of a day, or never built). */
export async function ensureCampaignFigures(input: { campaignId: number; today: string }) {
  const fresh = async (db: Executor) =>
    rowsOf<{ ok: boolean }>(await db.execute(sql`select built_on = ${input.today}::date as ok from campaign_figure_state where campaign_id = ${input.campaignId}`))[0]?.ok === true;
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

