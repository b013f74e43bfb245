import { sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { addDays, localDate, percent, projectAtDeadline, unitStatus } from "./rules";

/**
 * Completion figures of a campaign over a unit's subtree, computed in SQL in one pass
 * (docs/decisions/004-completion-figures.md). Every query starts from the same per-person
 * status: the audience (active people of the subtree holding a target position) and their
 * earliest accepted completion of a track that fits one of their target positions.
 */

export interface CampaignRef {
  id: number;
  targetPercent: number;
  startsOn: string;
  deadlineOn: string;
}

export interface UnitRef {
  id: number;
  path: string;
  depth: number;
}

/** Days of the pace window used for the at-risk projection. */
export const PACE_WINDOW_DAYS = 28;

function likePrefix(path: string) {
  return `${path.replace(/[%_\\]/g, "\\$&")}%`;
}

/**
 * CTE `st(person_id, path, positions, first_at, online_at, in_person_at)`: one row per
 * person of the audience. A completion counts when its track fits one of the person's
 * target positions, its method is accepted by the campaign and it happened on or after
 * the campaign's start (a new campaign needs new training).
 */
function personStatusCte(input: { campaignId: number; path: string; today: string }): SQL {
  return sql`
    with aud as (
      select p.id as person_id, pu.path as path,
        array_agg(distinct cp.track) as tracks, array_agg(distinct pp.position) as positions
      from person p
      join unit pu on pu.id = p.unit_id
      join person_position pp on pp.person_id = p.id
      join campaign_position cp on cp.position = pp.position and cp.campaign_id = ${input.campaignId}
      where p.active and pu.path like ${likePrefix(input.path)}
        and (pp.ended_on is null or pp.ended_on >= ${input.today}::date)
      group by p.id, pu.path
    ),
    st as (
      select a.person_id, a.path, a.positions,
        min(tc.completed_at) as first_at,
        min(tc.completed_at) filter (where tc.method = 'online') as online_at,
        min(tc.completed_at) filter (where tc.method = 'in_person') as in_person_at
      from aud a
      join campaign c on c.id = ${input.campaignId}
      left join training_completion tc on tc.person_id = a.person_id
        and tc.track = any(a.tracks)
        and tc.completed_at >= (c.starts_on::timestamp at time zone 'Asia/Ho_Chi_Minh')
        and ((tc.method = 'online' and c.accept_online) or (tc.method = 'in_person' and c.accept_in_person))
      group by a.person_id, a.path, a.positions
    )`;
}

/** Start of the day after the deadline, local time: completions before it are on time. */
function deadlineEnd(campaign: CampaignRef) {
  return sql`((${campaign.deadlineOn}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
}

interface RawFigures {
  unitId: number | null;
  audience: number;
  trainedOnTime: number;
  trained: number;
  online: number;
  inPerson: number;
  trainedInWindow: number;
}

export interface Figures {
  audience: number;
  trainedOnTime: number;
  trainedLate: number;
  trained: number;
  online: number;
  inPerson: number;
  percentOnTime: number | null;
  percent: number | null;
  status: ReturnType<typeof unitStatus>;
  projection: ReturnType<typeof projectAtDeadline>;
}

function describe(raw: Omit<RawFigures, "unitId">, campaign: CampaignRef, today: string): Figures {
  return {
    audience: raw.audience,
    trainedOnTime: raw.trainedOnTime,
    trainedLate: raw.trained - raw.trainedOnTime,
    trained: raw.trained,
    online: raw.online,
    inPerson: raw.inPerson,
    percentOnTime: percent(raw.trainedOnTime, raw.audience),
    percent: percent(raw.trained, raw.audience),
    status: unitStatus({ audience: raw.audience, trainedOnTime: raw.trainedOnTime, targetPercent: campaign.targetPercent, today, deadline: campaign.deadlineOn }),
    projection: projectAtDeadline({
      audience: raw.audience,
      trained: raw.trained,
      trainedInWindow: raw.trainedInWindow,
      windowDays: PACE_WINDOW_DAYS,
      targetPercent: campaign.targetPercent,
      today,
      deadline: campaign.deadlineOn,
    }),
  };
}

export interface ChildFigures extends Figures {
  id: number;
  name: string;
  kind: string;
  isLeaf: boolean;
}

/**
 * Figures of `unit` and of each of its children in one scan: people are grouped by the
 * child of `unit` found in their cell's path (`split_part` at the child's depth), and
 * `grouping sets` adds the unit's own total in the same pass.
 */
export async function getUnitFigures(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  const windowStart = addDays(today, -PACE_WINDOW_DAYS + 1);
  const childIndex = input.unit.depth + 3; // "/1/5/23/": split_part index 2 is depth 0
  const result = await getDb().execute(sql`
    ${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })}
    select
      case when grouping(g.child) = 1 then null else g.child end as "unitId",
      count(*)::int as audience,
      count(*) filter (where g.first_at < ${deadlineEnd(input.campaign)})::int as "trainedOnTime",
      count(g.first_at)::int as trained,
      count(g.online_at)::int as online,
      count(g.in_person_at)::int as "inPerson",
      count(*) filter (where g.first_at >= (${windowStart}::date::timestamp at time zone 'Asia/Ho_Chi_Minh'))::int as "trainedInWindow"
    from (
      select st.*, nullif(split_part(st.path, '/', ${childIndex}), '')::int as child from st
    ) g
    group by grouping sets ((g.child), ())
  `);
  const rows = rowsOf<RawFigures>(result);
  const empty = { audience: 0, trainedOnTime: 0, trained: 0, online: 0, inPerson: 0, trainedInWindow: 0 };
  const total = rows.find((r) => r.unitId === null) ?? empty;
  const byChild = new Map(rows.filter((r) => r.unitId !== null).map((r) => [r.unitId, r]));
  const children = rowsOf<{ id: number; name: string; kind: string }>(
    await getDb().execute(sql`select id, name, kind from unit where parent_id = ${input.unit.id} and closed_at is null order by name`),
  );
  return {
    today,
    total: describe(total, input.campaign, today),
    children: children.map(
      (child): ChildFigures => ({
        ...child,
        isLeaf: child.kind === "chi_bo" || child.kind === "chi_bo_co_so",
        ...describe(byChild.get(child.id) ?? empty, input.campaign, today),
      }),
    ),
  };
}

/** Audience and trained per target position (a person holding two positions counts in both rows). */
export async function getPositionFigures(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  const rows = rowsOf<{ position: string; audience: number; trainedOnTime: number; trained: number; online: number; inPerson: number }>(
    await getDb().execute(sql`
      ${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })}
      select pos as position, count(*)::int as audience,
        count(*) filter (where st.first_at < ${deadlineEnd(input.campaign)})::int as "trainedOnTime",
        count(st.first_at)::int as trained, count(st.online_at)::int as online, count(st.in_person_at)::int as "inPerson"
      from st cross join lateral unnest(st.positions) as pos
      group by pos order by pos
    `),
  );
  return rows.map((r) => ({ ...r, percentOnTime: percent(r.trainedOnTime, r.audience), percent: percent(r.trained, r.audience) }));
}

/** Cumulative people trained per local day (for the burn-up chart), with the audience size. */
export async function getBurnUp(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  const rows = rowsOf<{ day: string; trained: number; audience: number }>(
    await getDb().execute(sql`
      ${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })},
      daily as (
        select to_char(first_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, count(*) as n
        from st where first_at is not null group by 1
      )
      select d.day, (sum(d.n) over (order by d.day))::int as trained, (select count(*) from st)::int as audience
      from daily d order by d.day
    `),
  );
  const audience = rows[0]?.audience ?? rowsOf<{ n: number }>(
    await getDb().execute(sql`${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })} select count(*)::int as n from st`),
  )[0]?.n ?? 0;
  return { audience, today, points: rows.map(({ day, trained }) => ({ day, trained })) };
}

export interface PersonRow {
  personId: number;
  memberCode: string;
  name: string;
  cellName: string;
  positions: string[];
  firstAt: string | null;
  onlineAt: string | null;
  inPersonAt: string | null;
  modulesRead: number;
  modulesPassed: number;
}

/**
 * People of the audience under `unit` (optionally one position, optionally only those not
 * yet trained), sorted the Vietnamese way, with their progress in the modules.
 */
export async function listPeople(input: {
  campaign: CampaignRef;
  unit: UnitRef;
  position?: string | null;
  untrainedOnly: boolean;
  limit?: number;
  offset?: number;
  now?: Date;
}) {
  const today = localDate(input.now ?? new Date());
  const where = [sql`true`];
  if (input.untrainedOnly) where.push(sql`st.first_at is null`);
  if (input.position) where.push(sql`${input.position} = any(st.positions)`);
  const condition = sql.join(where, sql` and `);
  const page = input.limit === undefined ? sql`` : sql`limit ${input.limit} offset ${input.offset ?? 0}`;
  const result = await getDb().execute(sql`
    ${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })},
    picked as (
      select st.* from st join person p on p.id = st.person_id
      where ${condition}
      order by p.sort_key collate "C", p.id
      ${page}
    )
    select pk.person_id as "personId", p.member_code as "memberCode",
      trim(both ' ' from p.family_name || ' ' || p.middle_name || ' ' || p.given_name) as name,
      cell.name as "cellName", pk.positions,
      to_char(pk.first_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "firstAt",
      to_char(pk.online_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "onlineAt",
      to_char(pk.in_person_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "inPersonAt",
      coalesce(m.read, 0)::int as "modulesRead", coalesce(m.passed, 0)::int as "modulesPassed"
    from picked pk
    join person p on p.id = pk.person_id
    join unit cell on cell.id = p.unit_id
    left join lateral (
      select count(mc.read_at) as read, count(mc.check_passed_at) as passed
      from "user" u join module_completion mc on mc.user_id = u.id
      where u.person_id = pk.person_id
    ) m on true
    order by p.sort_key collate "C", p.id
  `);
  const rows = rowsOf<PersonRow>(result);
  const [count] = rowsOf<{ n: number }>(
    await getDb().execute(sql`
      ${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today })}
      select count(*)::int as n from st where ${condition}
    `),
  );
  return { rows, total: count?.n ?? 0 };
}
