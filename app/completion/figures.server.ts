import { z } from "zod";
import { sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { percent, projectAtDeadline, STATUS_ORDER, unitStatus, type UnitStatus } from "./rules";
import { addDays, daysBetween, localDate } from "~/utils/dates";
import { COMPLETION_EVENTS } from "./events.server";
import { ensureCampaignFigures } from "./rollup.server";
import { fullNameSql, unitTrailSql } from "~/org/name-sql.server";

/**
 * Completion figures of a campaign over a unit's subtree, computed in SQL in one pass
 * (docs/decisions/007-completion-figures.md). Every query starts from the same per-person
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
 * CTE `st(person_id, unit_id, path, first_at, online_at, in_person_at)`: one row per person
 * of the audience. Online completions come from `training_completion`; in-person ones from
 * every class attendance (the completion table keeps only the earliest per method). A completion counts when its track fits one of the person's target
 * positions, its method is accepted by the campaign and it happened on or after the
 * campaign's start (a new campaign needs new training). Grouping is on integers only
 * (tracks as a bit mask: A = 1, B = 2) and paths are joined after: see ADR 007.
 */
function personStatusCte(input: { campaignId: number; path: string; today: string }): SQL {
  return sql`
    with c as (
      select id, accept_online, accept_in_person,
        (starts_on::timestamp at time zone 'Asia/Ho_Chi_Minh') as starts_at
      from campaign where id = ${input.campaignId}
    ),
    aud as (
      select p.id as person_id, p.unit_id,
        bit_or(case cp.track when 'A' then 1 when 'B' then 2 else 0 end) as tracks
      from person_position pp
      join campaign_position cp on cp.position = pp.position and cp.campaign_id = ${input.campaignId}
      join person p on p.id = pp.person_id and p.active
      join unit pu on pu.id = p.unit_id and pu.path like ${likePrefix(input.path)}
      -- A campaign's audience lives under its organising unit.
        and starts_with(pu.path, (select ou.path from campaign oc join unit ou on ou.id = oc.organising_unit_id where oc.id = ${input.campaignId}))
      where pp.ended_on is null or pp.ended_on >= ${input.today}::date
      group by p.id, p.unit_id
    ),
    done as (
      select x.person_id,
        min(x.at) as first_at,
        min(x.at) filter (where x.method = 'online') as online_at,
        min(x.at) filter (where x.method = 'in_person') as in_person_at
      from (
        ${COMPLETION_EVENTS}
      ) x
      join aud a on a.person_id = x.person_id
      cross join c
      where (a.tracks & case x.track when 'A' then 1 when 'B' then 2 else 0 end) <> 0
        and x.at >= c.starts_at
        and ((x.method = 'online' and c.accept_online) or (x.method = 'in_person' and c.accept_in_person))
      group by x.person_id
    ),
    st as (
      select a.person_id, a.unit_id, u.path, d.first_at, d.online_at, d.in_person_at
      from aud a
      join unit u on u.id = a.unit_id
      left join done d on d.person_id = a.person_id
    )`;
}

/** Target positions each person of `st` holds (joined again: cheaper than carrying arrays). */
function heldPositions(input: { campaignId: number; today: string }) {
  return sql`
    select pp.person_id, pp.position
    from person_position pp
    join campaign_position cp on cp.position = pp.position and cp.campaign_id = ${input.campaignId}
    where pp.ended_on is null or pp.ended_on >= ${input.today}::date`;
}

/** Start of the day after the deadline, local time: completions before it are on time. */
function deadlineEnd(campaign: CampaignRef) {
  return sql`((${campaign.deadlineOn}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
}

const RawFiguresRowSchema = z.object({
  unitId: z.number().nullable(),
  audience: z.number(),
  trainedOnTime: z.number(),
  trained: z.number(),
  online: z.number(),
  inPerson: z.number(),
  trainedInWindow: z.number(),
});

type RawFigures = z.infer<typeof RawFiguresRowSchema>;

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
    status: unitStatus({
      audience: raw.audience,
      trainedOnTime: raw.trainedOnTime,
      targetPercent: campaign.targetPercent,
      today,
      deadline: campaign.deadlineOn,
    }),
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

/** Statement fragments over the `st` CTE; the public functions and `getDashboard` compose them. */
function figuresSelect(input: { campaign: CampaignRef; unit: UnitRef; today: string }) {
  const windowStart = addDays(input.today, -PACE_WINDOW_DAYS + 1);
  const childIndex = input.unit.depth + 3; // "/1/5/23/": split_part index 2 is depth 0
  return sql`
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
    group by grouping sets ((g.child), ())`;
}

function positionsSelect(input: { campaign: CampaignRef; today: string }) {
  return sql`
    select hp.position, count(distinct st.person_id)::int as audience,
      count(distinct st.person_id) filter (where st.first_at < ${deadlineEnd(input.campaign)})::int as "trainedOnTime",
      count(distinct st.person_id) filter (where st.first_at is not null)::int as trained,
      count(distinct st.person_id) filter (where st.online_at is not null)::int as online,
      count(distinct st.person_id) filter (where st.in_person_at is not null)::int as "inPerson"
    from st join (${heldPositions({ campaignId: input.campaign.id, today: input.today })}) hp on hp.person_id = st.person_id
    group by hp.position order by hp.position`;
}

/** New people trained per local day, cumulated. */
function dailySelect() {
  return sql`
    select d.day, (sum(d.n) over (order by d.day))::int as trained
    from (
      select to_char(first_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, count(*) as n
      from st where first_at is not null group by 1
    ) d
    order by d.day`;
}

interface PeopleFilter {
  campaign: CampaignRef;
  position?: string | null;
  untrainedOnly: boolean;
  limit?: number;
  offset?: number;
}

/** Modules read and checks passed by the person `pk` (via their account), as `m.read` / `m.passed`. */
const moduleProgressJoin = sql`left join lateral (
      select count(mc.read_at) as read, count(mc.check_passed_at) as passed
      from "user" u join module_completion mc on mc.user_id = u.id
      where u.person_id = pk.person_id
    ) m on true`;

/** A listed person's cell, with its units below the viewed one: same-named cells ("Chi bộ Văn phòng") told apart. */
function cellLabel(viewedDepth: number) {
  return sql`concat_ws(' — ', cell.name, nullif(${unitTrailSql(sql.raw("cell"), viewedDepth)}, ''))`;
}

/** A page of people with the total matching count (`count(*) over ()`, before the limit). */
function peopleSelect(input: PeopleFilter & { today: string; unit: UnitRef }) {
  const where = [sql`true`];
  if (input.untrainedOnly) where.push(sql`st.first_at is null`);
  if (input.position) {
    where.push(
      sql`exists (select 1 from (${heldPositions({ campaignId: input.campaign.id, today: input.today })}) hp where hp.person_id = st.person_id and hp.position = ${input.position})`,
    );
  }
  const page = input.limit === undefined ? sql`` : sql`limit ${input.limit} offset ${input.offset ?? 0}`;
  return sql`
    select pk.person_id as "personId", p.member_code as "memberCode",
      ${fullNameSql()} as name,
      ${cellLabel(input.unit.depth)} as "cellName",
      array(select distinct hp.position from (${heldPositions({ campaignId: input.campaign.id, today: input.today })}) hp where hp.person_id = pk.person_id order by 1) as positions,
      to_char(pk.first_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "firstAt",
      to_char(pk.online_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "onlineAt",
      to_char(pk.in_person_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as "inPersonAt",
      coalesce(m.read, 0)::int as "modulesRead", coalesce(m.passed, 0)::int as "modulesPassed",
      pk.total
    from (
      select st.*, p.sort_key, (count(*) over ())::int as total
      from st join person p on p.id = st.person_id
      where ${sql.join(where, sql` and `)}
      order by p.sort_key collate "C", p.id
      ${page}
    ) pk
    join person p on p.id = pk.person_id
    join unit cell on cell.id = p.unit_id
    ${moduleProgressJoin}
    order by p.sort_key collate "C", p.id`;
}

const RawPositionRowSchema = z.object({
  position: z.string(),
  audience: z.number(),
  trainedOnTime: z.number(),
  trained: z.number(),
  online: z.number(),
  inPerson: z.number(),
});

type RawPosition = z.infer<typeof RawPositionRowSchema>;
type RawPerson = PersonRow & { total: number };

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

const ChildrenOfRowSchema = z.object({ id: z.number(), name: z.string(), kind: z.string() });

async function childrenOf(unitId: number) {
  return rowsOf(
    await getDb().execute(sql`select id, name, kind from unit where parent_id = ${unitId} and closed_at is null order by sort_key collate "C", id`),
    ChildrenOfRowSchema,
  );
}

function isLeafKind(kind: string) {
  return kind === "chi_bo" || kind === "chi_bo_co_so";
}

function toUnitFigures(input: { rows: RawFigures[]; children: { id: number; name: string; kind: string }[]; campaign: CampaignRef; today: string }) {
  const empty = { audience: 0, trainedOnTime: 0, trained: 0, online: 0, inPerson: 0, trainedInWindow: 0 };
  const total = input.rows.find((r) => r.unitId === null) ?? empty;
  const byChild = new Map(input.rows.filter((r) => r.unitId !== null).map((r) => [r.unitId, r]));
  return {
    today: input.today,
    total: describe(total, input.campaign, input.today),
    children: input.children.map((child): ChildFigures => ({
      ...child,
      isLeaf: isLeafKind(child.kind),
      ...describe(byChild.get(child.id) ?? empty, input.campaign, input.today),
    })),
  };
}

function toPositions(rows: RawPosition[]) {
  return rows.map((r) => ({ ...r, percentOnTime: percent(r.trainedOnTime, r.audience), percent: percent(r.trained, r.audience) }));
}

function toPeople(rows: RawPerson[]) {
  return { rows: rows.map(({ total: _total, ...row }): PersonRow => row), total: rows[0]?.total ?? 0 };
}

function withStatus(input: { campaign: CampaignRef; unit: UnitRef; today: string }, body: SQL) {
  return sql`${personStatusCte({ campaignId: input.campaign.id, path: input.unit.path, today: input.today })} ${body}`;
}

/**
 * Figures of `unit` and of each of its children in one scan: people are grouped by the
 * child of `unit` found in their cell's path (`split_part` at the child's depth), and
 * `grouping sets` adds the unit's own total in the same pass.
 */
export async function getUnitFigures(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  const rows = rowsOf(await getDb().execute(withStatus({ ...input, today }, figuresSelect({ ...input, today }))), RawFiguresRowSchema);
  return toUnitFigures({ rows, children: await childrenOf(input.unit.id), campaign: input.campaign, today });
}

/** Audience and trained per target position (a person holding two positions counts in both rows). */
export async function getPositionFigures(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  return toPositions(rowsOf(await getDb().execute(withStatus({ ...input, today }, positionsSelect({ ...input, today }))), RawPositionRowSchema));
}

const RawPersonRowSchema = z.object({
  personId: z.number(),
  memberCode: z.string(),
  name: z.string(),
  cellName: z.string(),
  positions: z.array(z.string()),
  firstAt: z.string().nullable(),
  onlineAt: z.string().nullable(),
  inPersonAt: z.string().nullable(),
  modulesRead: z.number(),
  modulesPassed: z.number(),
  total: z.number(),
});

/**
 * People of the audience under `unit` (optionally one position, optionally only those not
 * yet trained), sorted the Vietnamese way, with their progress in the modules.
 */
export async function listPeople(input: PeopleFilter & { unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  return toPeople(rowsOf(await getDb().execute(withStatus({ ...input, today }, peopleSelect({ ...input, today }))), RawPersonRowSchema));
}

/** The rows of a roll-up table for the cells under `unit` (the unit's path, joined on the cell). */
function underUnit(unit: UnitRef) {
  return sql`join unit u on u.id = r.cell_id and u.path like ${likePrefix(unit.path)}`;
}

/**
 * Roll-up rows covering the whole subtree of each unit `units` selects (ADR 014): the unit's
 * own cell rows plus its `campaign_subunit_*` row (everything strictly below it), keyed `unit_id`.
 */
function subtreeFigureRows(input: { campaignId: number; units: SQL; position: SQL }) {
  return sql`
    select cell_id as unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_cell_figure
    where campaign_id = ${input.campaignId} and ${input.position} and cell_id in (${input.units})
    union all
    select unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_subunit_figure
    where campaign_id = ${input.campaignId} and ${input.position} and unit_id in (${input.units})`;
}

function subtreeDayRows(input: { campaignId: number; units: SQL; from?: string }) {
  const from = input.from ? sql`and day >= ${input.from}::date` : sql``;
  return sql`
    select cell_id as unit_id, day, trained from campaign_cell_day where campaign_id = ${input.campaignId} and cell_id in (${input.units}) ${from}
    union all
    select unit_id, day, trained from campaign_subunit_day where campaign_id = ${input.campaignId} and unit_id in (${input.units}) ${from}`;
}

const ALL_POSITIONS = sql`position = ''`;
// '' is the all-positions row; a range keeps the primary key usable.
const EACH_POSITION = sql`position > ''`;

/**
 * CTEs `kids` (open children of the unit, as `childrenOf`), `sums` (figures per child and for
 * the unit itself, `unit_id` = the unit) and `fig` (every child with its figures, zeros when it
 * has no audience), from O(children) roll-up rows.
 */
function rolledFiguresCtes(input: { campaign: CampaignRef; unit: UnitRef; today: string }) {
  const windowStart = addDays(input.today, -PACE_WINDOW_DAYS + 1);
  const units = sql`select id from kids union all select ${input.unit.id}::int`;
  return sql`
    with kids as (select id, name, kind, sort_key from unit where parent_id = ${input.unit.id} and closed_at is null),
    sums as (
      select r.unit_id, sum(r.audience)::int as audience, sum(r.trained_on_time)::int as "trainedOnTime", sum(r.trained)::int as trained,
        sum(r.online)::int as online, sum(r.in_person)::int as "inPerson", sum(r.in_window)::int as "trainedInWindow"
      from (
        select unit_id, audience, trained_on_time, trained, online, in_person, 0 as in_window
        from (${subtreeFigureRows({ campaignId: input.campaign.id, units, position: ALL_POSITIONS })}) f
        union all
        select unit_id, 0, 0, 0, 0, 0, trained from (${subtreeDayRows({ campaignId: input.campaign.id, units, from: windowStart })}) d
      ) r
      group by r.unit_id
    ),
    fig as (
      select k.id, k.name, k.kind, k.sort_key, coalesce(s.audience, 0) as audience, coalesce(s."trainedOnTime", 0) as "trainedOnTime",
        coalesce(s.trained, 0) as trained, coalesce(s.online, 0) as online, coalesce(s."inPerson", 0) as "inPerson",
        coalesce(s."trainedInWindow", 0) as "trainedInWindow"
      from kids k left join sums s on s.unit_id = k.id
    )`;
}

const CHILD_COLUMNS = sql`f.id, f.name, f.kind, f.audience, f."trainedOnTime", f.trained, f.online, f."inPerson", f."trainedInWindow"`;

/** The sort keys of the children table (`sap-xep`), as `sortChildren` orders them in memory. */
export type ChildSort = "ten" | "doi-tuong" | "da-tap-huan" | "ty-le" | "muon" | "trang-thai";

interface ChildrenPage {
  sort?: ChildSort;
  direction?: "tang" | "giam";
  limit: number;
  offset: number;
}

/** ORDER BY of the children table over `fig f`: the same order as `sortChildren` (ties by name, then id). */
function childOrder(input: ChildrenPage & { campaign: CampaignRef; today: string }) {
  const rank = (status: UnitStatus) => sql`${STATUS_ORDER.indexOf(status)}::int`;
  const overdue = daysBetween(input.today, input.campaign.deadlineOn) < 0;
  const keys: Record<ChildSort, SQL> = {
    ten: sql`f.sort_key collate "C"`,
    "doi-tuong": sql`f.audience`,
    "da-tap-huan": sql`f."trainedOnTime"`,
    // percent() rounds down to 0.1%: the same order as whole permille; no audience sorts as 101%.
    "ty-le": sql`case when f.audience = 0 then 1010 else f."trainedOnTime"::bigint * 1000 / f.audience end`,
    muon: sql`f.trained - f."trainedOnTime"`,
    "trang-thai": sql`case when f.audience = 0 then ${rank("khong_doi_tuong")}
      when f."trainedOnTime"::bigint * 100 >= ${input.campaign.targetPercent}::bigint * f.audience then ${rank("dat")}
      else ${rank(overdue ? "qua_han" : "chua_dat")} end`,
  };
  return sql`${keys[input.sort ?? "ten"]} ${input.direction === "giam" ? sql`desc` : sql`asc`}, f.sort_key collate "C", f.id`;
}

function rolledPositionsSelect(input: { campaign: CampaignRef; unit: UnitRef }) {
  return sql`
    select r.position, sum(r.audience)::int as audience, sum(r.trained_on_time)::int as "trainedOnTime", sum(r.trained)::int as trained,
      sum(r.online)::int as online, sum(r.in_person)::int as "inPerson"
    from (${subtreeFigureRows({ campaignId: input.campaign.id, units: sql`${input.unit.id}::int`, position: EACH_POSITION })}) r
    group by r.position order by r.position`;
}

function rolledDailySelect(input: { campaign: CampaignRef; unit: UnitRef }) {
  return sql`
    select to_char(d.day, 'YYYY-MM-DD') as day, (sum(d.n) over (order by d.day))::int as trained
    from (
      select r.day, sum(r.trained) as n from (${subtreeDayRows({ campaignId: input.campaign.id, units: sql`${input.unit.id}::int` })}) r group by r.day
    ) d
    order by d.day`;
}

/**
 * A page of the people not yet trained, from `campaign_untrained`, sorted the Vietnamese way
 * (walks its (campaign, sort key) index: a top unit stops after the page). The total comes
 * from the figures (audience − trained), not from counting the rows.
 */
function rolledUntrainedSelect(input: { campaign: CampaignRef; unit: UnitRef; today: string; position?: string | null; limit?: number; offset?: number }) {
  const held = heldPositions({ campaignId: input.campaign.id, today: input.today });
  const byPosition = input.position ? sql`and exists (select 1 from (${held}) hp where hp.person_id = r.person_id and hp.position = ${input.position})` : sql``;
  const page = input.limit === undefined ? sql`` : sql`limit ${input.limit} offset ${input.offset ?? 0}`;
  return sql`
    select pk.person_id as "personId", p.member_code as "memberCode",
      ${fullNameSql()} as name,
      ${cellLabel(input.unit.depth)} as "cellName",
      array(select distinct hp.position from (${held}) hp where hp.person_id = pk.person_id order by 1) as positions,
      null as "firstAt", null as "onlineAt", null as "inPersonAt",
      coalesce(m.read, 0)::int as "modulesRead", coalesce(m.passed, 0)::int as "modulesPassed"
    from (
      select r.person_id, r.sort_key
      from campaign_untrained r ${underUnit(input.unit)}
      where r.campaign_id = ${input.campaign.id} ${byPosition}
      order by r.sort_key collate "C", r.person_id
      ${page}
    ) pk
    join person p on p.id = pk.person_id
    join unit cell on cell.id = p.unit_id
    ${moduleProgressJoin}
    order by pk.sort_key collate "C", pk.person_id`;
}

const RawChildRowSchema = RawFiguresRowSchema.omit({ unitId: true }).extend({ id: z.number(), name: z.string(), kind: z.string() });

type RawChild = z.infer<typeof RawChildRowSchema>;

function toChild(raw: RawChild, campaign: CampaignRef, today: string): ChildFigures {
  const { id, name, kind, ...figures } = raw;
  return { id, name, kind, isLeaf: isLeafKind(kind), ...describe(figures, campaign, today) };
}

const DashboardRowSchema = z.object({
  total: RawFiguresRowSchema.omit({ unitId: true }).nullable(),
  childOffset: z.number(),
  page: z.array(RawChildRowSchema),
  children: z.array(RawChildRowSchema),
  positions: z.array(RawPositionRowSchema),
  daily: z.array(z.object({ day: z.string(), trained: z.number() })),
  untrained: z.array(RawPersonRowSchema.omit({ total: true })),
});

/**
 * Everything the dashboard shows, in one statement over the roll-up (rebuilt first if it is from
 * another day): the unit's total, positions and burn-up from its own subtree rows, one page of its
 * children sorted in SQL, every child's figures for the at-risk list (O(children) rows, ADR 014),
 * and the untrained page. A cell's own list of people is still computed live (one cell is cheap).
 */
export async function getDashboard(input: {
  campaign: CampaignRef;
  unit: UnitRef;
  children: ChildrenPage;
  untrained: Omit<PeopleFilter, "campaign">;
  withCellPeople: boolean;
  now?: Date;
}) {
  const today = localDate(input.now ?? new Date());
  await ensureCampaignFigures({ campaignId: input.campaign.id, today });
  const base = { campaign: input.campaign, unit: input.unit, today };
  const json = (body: SQL) => sql`(select coalesce(json_agg(x), '[]'::json) from (${body}) x)`;
  // A page past the end shows the last one (a stale link after a unit closed).
  const { limit } = input.children;
  const offset = sql`least(${input.children.offset}::int, greatest(0, ((select count(*)::int from kids) - 1) / ${limit}::int * ${limit}::int))`;
  const [row] = rowsOf(
    await getDb().execute(
      sql`${rolledFiguresCtes(base)}
        select
          (select row_to_json(s) from sums s where s.unit_id = ${input.unit.id}) as total,
          ${offset}::int as "childOffset",
          ${json(sql`select ${CHILD_COLUMNS} from fig f order by ${childOrder({ ...input.children, ...base })} limit ${limit}::int offset ${offset}`)} as page,
          ${json(sql`select ${CHILD_COLUMNS} from fig f order by f.sort_key collate "C", f.id`)} as children,
          ${json(rolledPositionsSelect(base))} as positions,
          ${json(rolledDailySelect(base))} as daily,
          ${json(rolledUntrainedSelect({ ...base, ...input.untrained }))} as untrained`,
    ),
    DashboardRowSchema,
  );
  const cellPeople = input.withCellPeople
    ? (await listPeople({ campaign: input.campaign, unit: input.unit, untrainedOnly: false, now: input.now })).rows
    : null;
  const empty = { audience: 0, trainedOnTime: 0, trained: 0, online: 0, inPerson: 0, trainedInWindow: 0 };
  const total = describe(row!.total ?? empty, input.campaign, today);
  const atRisk = row!.children
    .map((c) => toChild(c, input.campaign, today))
    .filter((c) => c.projection.atRisk)
    .sort((a, b) => (a.projection.projectedPercent ?? 0) - (b.projection.projectedPercent ?? 0));
  const counted = input.untrained.position ? row!.positions.find((p) => p.position === input.untrained.position) : total;
  return {
    figures: {
      today,
      total,
      children: row!.page.map((c) => toChild(c, input.campaign, today)),
      childOffset: row!.childOffset,
      childCount: row!.children.length,
      atRisk,
    },
    positions: toPositions(row!.positions),
    burnUp: { audience: total.audience, today, points: row!.daily },
    untrained: { rows: row!.untrained, total: counted ? counted.audience - counted.trained : 0 },
    cellPeople,
  };
}

const BurnUpRowSchema = z.object({ daily: z.array(z.object({ day: z.string(), trained: z.number() })), audience: z.number() });

/** Cumulative people trained per local day (for the burn-up chart), with the audience size. */
export async function getBurnUp(input: { campaign: CampaignRef; unit: UnitRef; now?: Date }) {
  const today = localDate(input.now ?? new Date());
  const base = { ...input, today };
  const [row] = rowsOf(
    await getDb().execute(
      withStatus(
        base,
        sql`select (select coalesce(json_agg(x order by x.day), '[]'::json) from (${dailySelect()}) x) as daily, (select count(*)::int from st) as audience`,
      ),
    ),
    BurnUpRowSchema,
  );
  return { audience: row?.audience ?? 0, today, points: row?.daily ?? [] };
}
