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
 * (`ensureCampaignFigures`).
 */

/** Advisory lock keys: cell refreshes share `REBUILD`, a whole-campaign rebuild holds it alone. */
const LOCK_SPACE = 40_404;
const REBUILD = 0;

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

/**
 * Recomputes the roll-up rows of the cells and campaigns in `scope` from the base tables (the
 * same rules as `personStatusCte` in figures.server.ts, for many campaigns at once): deletes
 * them, then one statement computes each person's status once and writes the three tables.
 */
export async function refreshCellFigures(tx: Executor, scope: RefreshScope) {
  const cellIds = scope.cellIds ? [...new Set(scope.cellIds)].sort((a, b) => a - b) : undefined;
  if (cellIds && !cellIds.length) return;
  if (scope.campaignIds && !scope.campaignIds.length) return;
  const today = scope.today ?? localDate(new Date());
  if (cellIds) {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK_SPACE}::int, ${REBUILD}::int)`);
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, id) from unnest(${sql.raw(`'{${cellIds.join(",")}}'::int[]`)}) id order by id`);
  } else {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${REBUILD}::int)`);
  }
  const inScope = sql`${where("campaign_id", scope.campaignIds)} and ${where("cell_id", cellIds)}`;
  await tx.execute(sql`delete from campaign_cell_figure where ${inScope}`);
  await tx.execute(sql`delete from campaign_cell_day where ${inScope}`);
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
    figures as (
      insert into campaign_cell_figure (campaign_id, cell_id, position, audience, trained_on_time, trained, online, in_person)
      select campaign_id, unit_id, '', count(*), count(*) filter (where first_at < due_at), count(first_at), count(online_at), count(in_person_at)
      from st group by campaign_id, unit_id
      union all
      select st.campaign_id, st.unit_id, h.position, count(*), count(*) filter (where st.first_at < st.due_at),
        count(st.first_at), count(st.online_at), count(st.in_person_at)
      from st join (select distinct campaign_id, person_id, position from hp) h on h.campaign_id = st.campaign_id and h.person_id = st.person_id
      group by st.campaign_id, st.unit_id, h.position
      returning 1
    ),
    days as (
      insert into campaign_cell_day (campaign_id, cell_id, day, trained)
      select campaign_id, unit_id, (first_at at time zone 'Asia/Ho_Chi_Minh')::date, count(*)
      from st where first_at is not null group by 1, 2, 3
      returning 1
    ),
    untrained as (
      insert into campaign_untrained (campaign_id, person_id, cell_id, sort_key)
      select st.campaign_id, st.person_id, st.unit_id, p.sort_key from st join person p on p.id = st.person_id where st.first_at is null
      on conflict (campaign_id, person_id) do update set cell_id = excluded.cell_id, sort_key = excluded.sort_key
      returning 1
    )
    select (select count(*) from figures) + (select count(*) from days) + (select count(*) from untrained) as n`);
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
  await getDb().execute(sql`analyze campaign_cell_figure, campaign_cell_day, campaign_untrained`);
}

