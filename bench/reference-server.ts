/**
 * The bare twins: node:http + postgres.js running the SQL the app sends for each hot page (captured
 * once with postgres.js `debug`, statement text kept verbatim so PostgreSQL does the same work) and
 * writing the same rows as plain HTML with template strings. No framework, no session or role
 * checks, no validation: what is left is the floor the app is measured against (bench/README.md).
 *
 *   POST /answer                       the autosave's single-row upsert (attemptId, questionId, selected)
 *   GET  /ket-qua?hoi-thi=&trang=      leaderboard page (contest, page, rounds, count, round scores)
 *   GET  /bao-cao?don-vi=&chien-dich=  dashboard of a unit (unit, campaigns, roll-up check, figures)
 *   GET  /hoc-tap/<slug>?nguoi-dung=&dang-vien=   module page (progress reads, visit write, static body)
 *   POST /bat-dau?hoi-thi=&vong=       synchronized start (the one guarded INSERT, session from the cookie)
 */
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
// The app's connection settings (db/client.server.ts), JIT off included.
const sql = postgres(url, { max: Number(process.env.POOL ?? 10), onnotice: () => {}, connection: { jit: "off" } });
// As drizzle configures the app's client: dates and times stay strings, JSON parameters go as written.
for (const type of [1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]) {
  sql.options.parsers[type] = (value: string) => value;
  sql.options.serializers[type] = (value: unknown) => value;
}
sql.options.serializers[114] = (value: unknown) => value;
sql.options.serializers[3802] = (value: unknown) => value;
const port = Number(process.env.PORT ?? 3901);

/** `$from, …, $(from + n - 1)` */
function placeholders(from: number, n: number) {
  return Array.from({ length: n }, (_, i) => `$${from + i}`).join(", ");
}

// The app's statements, as its postgres.js client sends them (prepared, one round trip once seen).
const CONTEST = `select "contest"."id", "contest"."name", "contest"."level", "contest"."unit_id", "contest"."starts_on", "contest"."ends_on", "contest"."rules", "contest"."prizes", "contest"."tie_breaks", "contest"."status", "contest"."frozen_at", "contest"."frozen_snapshot", "contest"."published_at", "contest"."standing_count", "contest"."created_by", "contest"."created_at", "contest"."updated_at", "unit"."name", "unit"."path" from "contest" inner join "unit" on "unit"."id" = "contest"."unit_id" where "contest"."id" = $1`;

const LEADERBOARD = `with page as (
            select s.contestant_id, s.sort_key from "contest_standing" s
            where s.contest_id = $1
            order by s.sort_key desc, s.contestant_id limit $2 offset $3
          ), ranked as (
            select page.*, (rank() over (order by page.sort_key desc))::int as r from page
          )
          select ranked.contestant_id as "contestantId",
            case when ranked.r = 1
    then ($4 + 1 - (select count(*) from contest_standing b,
      (select p0.contestant_id, p0.sort_key from page p0 order by p0.sort_key desc, p0.contestant_id limit 1) head
      where b.contest_id = $5 and b.sort_key = head.sort_key and b.contestant_id < head.contestant_id))::int
    else $6 + ranked.r end as rank,
            exists (select 1 from contest_standing o where o.contest_id = $7 and o.sort_key = ranked.sort_key and o.contestant_id <> ranked.contestant_id) as tied,
            t.total, concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as "fullName", u.name as "unitName"
          from ranked join "contest_standing" t on t.contest_id = $8 and t.contestant_id = ranked.contestant_id
          join "contest_contestant" c on c.id = ranked.contestant_id join "person" p on p.id = c.person_id join "unit" u on u.id = c.tccs_unit_id
          order by ranked.sort_key desc, ranked.contestant_id`;

const ROUNDS = `select "id", "position", "kind", "name", "max_points", "weight", "drop_extremes_from", "speed_bonus", "time_limit_minutes", "opens_at", "closes_at", "status", "answer_mode", (select count(*)::int from "contest_question" q where q.round_id = "contest_round".id), (select count(*)::int from "contest_situation" s where s.round_id = "contest_round".id), (select count(*)::int from "contest_criterion" c where c.round_id = "contest_round".id), (select count(*)::int from "contest_judge" j where j.round_id = "contest_round".id) from "contest_round" where "contest_round"."contest_id" = $1 order by "contest_round"."position" asc`;

const STANDING_COUNT = `select "standing_count", "prizes" from "contest" where "contest"."id" = $1`;

/** drizzle writes `in ($1, …, $n)` with one parameter per id. */
const roundScores = (n: number) =>
  `
      select s.round_id as "roundId", s.contestant_id as "contestantId", s.score,
        null::int as rank
      from "contest_round_score" s where s.contestant_id in (${placeholders(1, n)})`;

/** The unit and its ancestors (the app's report pages, one statement since session 8). */
const UNIT_TRAIL = `select "id", "name", "kind", "path", "parent_id", "depth", "closed_at" from "unit" where "unit"."id" in (select unit_path_ids((select t.path from unit t where t.id = $1))) order by "unit"."depth"`;

const CAMPAIGNS = `select "campaign"."id", "campaign"."name", "campaign"."legal_basis", "campaign"."organising_unit_id", "unit"."name", "unit"."path", "campaign"."target_percent", "campaign"."starts_on", "campaign"."deadline_on", "campaign"."accept_online", "campaign"."accept_in_person" from "campaign" inner join "unit" on "unit"."id" = "campaign"."organising_unit_id" where ($1 like "unit"."path" || '%' or "unit"."path" like $2 || '%') order by "campaign"."deadline_on" desc, "campaign"."id" asc`;

/** A campaign with its positions (one statement since session 8). */
const CAMPAIGN = `select "campaign"."id", "campaign"."name", "campaign"."legal_basis", "campaign"."organising_unit_id", "unit"."name", "unit"."path", "campaign"."target_percent", "campaign"."starts_on", "campaign"."deadline_on", "campaign"."accept_online", "campaign"."accept_in_person", coalesce((select json_agg(json_build_object('position', p.position, 'track', p.track)
        order by p.position) from "campaign_position" p where p.campaign_id = "campaign"."id"), '[]'::json) from "campaign" inner join "unit" on "unit"."id" = "campaign"."organising_unit_id" where "campaign"."id" = $1`;

const FIGURE_STATE = `select built_on = $1::date as ok from campaign_figure_state where campaign_id = $2`;

const DASHBOARD = `
    with kids as (select id, name, kind, sort_key from unit where parent_id = $1 and closed_at is null),
    sums as (
      select r.unit_id, sum(r.audience)::int as audience, sum(r.trained_on_time)::int as "trainedOnTime", sum(r.trained)::int as trained,
        sum(r.online)::int as online, sum(r.in_person)::int as "inPerson", sum(r.in_window)::int as "trainedInWindow"
      from (
        select unit_id, audience, trained_on_time, trained, online, in_person, 0 as in_window
        from (
    select cell_id as unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_cell_figure
    where campaign_id = $2 and position = '' and cell_id in (select id from kids union all select $3::int)
    union all
    select unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_subunit_figure
    where campaign_id = $4 and position = '' and unit_id in (select id from kids union all select $5::int)) f
        union all
        select unit_id, 0, 0, 0, 0, 0, trained from (
    select cell_id as unit_id, day, trained from campaign_cell_day where campaign_id = $6 and cell_id in (select id from kids union all select $7::int) and day >= $8::date
    union all
    select unit_id, day, trained from campaign_subunit_day where campaign_id = $9 and unit_id in (select id from kids union all select $10::int) and day >= $11::date) d
      ) r
      group by r.unit_id
    ),
    fig as (
      select k.id, k.name, k.kind, k.sort_key, coalesce(s.audience, 0) as audience, coalesce(s."trainedOnTime", 0) as "trainedOnTime",
        coalesce(s.trained, 0) as trained, coalesce(s.online, 0) as online, coalesce(s."inPerson", 0) as "inPerson",
        coalesce(s."trainedInWindow", 0) as "trainedInWindow"
      from kids k left join sums s on s.unit_id = k.id
    )
        select
          (select row_to_json(s) from sums s where s.unit_id = $12) as total,
          least($13::int, greatest(0, ((select count(*)::int from kids) - 1) / $14::int * $15::int)) as "childOffset",
          (select coalesce(json_agg(x), '[]'::json) from (select f.id, f.name, f.kind, f.audience, f."trainedOnTime", f.trained, f.online, f."inPerson", f."trainedInWindow" from fig f order by f.sort_key collate "C" asc, f.sort_key collate "C", f.id limit $16::int offset least($17::int, greatest(0, ((select count(*)::int from kids) - 1) / $18::int * $19::int))) x) as page,
          (select coalesce(json_agg(x), '[]'::json) from (select f.id, f.name, f.kind, f.audience, f."trainedOnTime", f.trained, f.online, f."inPerson", f."trainedInWindow" from fig f order by f.sort_key collate "C", f.id) x) as children,
          (select coalesce(json_agg(x), '[]'::json) from (
    select r.position, sum(r.audience)::int as audience, sum(r.trained_on_time)::int as "trainedOnTime", sum(r.trained)::int as trained,
      sum(r.online)::int as online, sum(r.in_person)::int as "inPerson"
    from (
    select cell_id as unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_cell_figure
    where campaign_id = $20 and position > '' and cell_id in ($21::int)
    union all
    select unit_id, position, audience, trained_on_time, trained, online, in_person from campaign_subunit_figure
    where campaign_id = $22 and position > '' and unit_id in ($23::int)) r
    group by r.position order by r.position) x) as positions,
          (select coalesce(json_agg(x), '[]'::json) from (
    select to_char(d.day, 'YYYY-MM-DD') as day, (sum(d.n) over (order by d.day))::int as trained
    from (
      select r.day, sum(r.trained) as n from (
    select cell_id as unit_id, day, trained from campaign_cell_day where campaign_id = $24 and cell_id in ($25::int) 
    union all
    select unit_id, day, trained from campaign_subunit_day where campaign_id = $26 and unit_id in ($27::int) ) r group by r.day
    ) d
    order by d.day) x) as daily,
          (select coalesce(json_agg(x), '[]'::json) from (
    select pk.person_id as "personId", p.member_code as "memberCode",
      concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as name,
      cell.name as "cellName",
      array(select distinct hp.position from (
    select pp.person_id, pp.position
    from person_position pp
    join campaign_position cp on cp.position = pp.position and cp.campaign_id = $28
    where pp.ended_on is null or pp.ended_on >= $29::date) hp where hp.person_id = pk.person_id order by 1) as positions,
      null as "firstAt", null as "onlineAt", null as "inPersonAt",
      coalesce(m.read, 0)::int as "modulesRead", coalesce(m.passed, 0)::int as "modulesPassed"
    from (
      select r.person_id, r.sort_key
      from campaign_untrained r join unit u on u.id = r.cell_id and u.path like $30
      where r.campaign_id = $31 
      order by r.sort_key collate "C", r.person_id
      limit $32 offset $33
    ) pk
    join person p on p.id = pk.person_id
    join unit cell on cell.id = p.unit_id
    left join lateral (
      select count(mc.read_at) as read, count(mc.check_passed_at) as passed
      from "user" u join module_completion mc on mc.user_id = u.id
      where u.person_id = pk.person_id
    ) m on true
    order by pk.sort_key collate "C", pk.person_id) x) as untrained`;

const PROGRESS = `select "module_slug", array_agg("section_id"), (extract(epoch from max("completed_at")) * 1000)::float8 from "module_progress" where ("module_progress"."user_id" = $1 and "module_progress"."module_slug" in ($2)) group by "module_progress"."module_slug"`;

const VISITS = `select "module_slug", "visited_at" from "module_visit" where ("module_visit"."user_id" = $1 and "module_visit"."module_slug" in ($2))`;

const COMPLETIONS = `select "module_slug" from "module_completion" where ("module_completion"."user_id" = $1 and "module_completion"."module_slug" in ($2) and "module_completion"."check_passed_at" is not null)`;

const POSITIONS = `select distinct "position" from "person_position" where ("person_position"."person_id" = $1 and "person_position"."ended_on" is null)`;

const RECORD_VISIT = `insert into "module_visit" ("user_id", "module_slug", "visited_at") values ($1, $2, default) on conflict ("user_id","module_slug") do update set "visited_at" = now() where "module_visit"."visited_at" < now() - interval '1 minute'`;

const FROZEN_ROUND = `
      select (r.updated_at::text || '|' || (select count(*) || '/' || coalesce(max(q.updated_at)::text, '')
  from "contest_question" q where q.round_id = r.id)) as version, r.status = 'open' and ct.status <> 'draft' as open,
        r.time_limit_minutes as "timeLimitMinutes", (extract(epoch from r.closes_at) * 1000)::float8 as "closesMs",
        (select coalesce(json_agg(json_build_object('id', q.id, 'type', q.type, 'stem', q.stem, 'options', q.options,
            'correct', q.correct, 'explanation', q.explanation, 'source', q.source) order by q.position), '[]'::json)
          from "contest_question" q where q.round_id = r.id) as questions
      from "contest_round" r join "contest" ct on ct.id = r.contest_id
      where r.id = $1 and r.contest_id = $2 and r.kind = 'knowledge'`;

const START = `
      -- The account first (one primary-key lookup), whatever the statistics say of the other tables.
      with w as materialized (select u.id as user_id, u.person_id from session s join "user" u on u.id = s.user_id
    where s.id = $1 and s.expires_at > now() and u.disabled_at is null)
      insert into quiz_attempt (user_id, quiz_key, attempt_no, status, questions, deadline, grace_seconds, pass_percent, max_score)
      select w.user_id, $2,
        coalesce((select max(attempt_no) from quiz_attempt where user_id = w.user_id and quiz_key = $3), 0) + 1,
        'open', $4::jsonb,
        least(now() + make_interval(secs => $5::int + o.extra_seconds), $6::timestamptz),
        $7::int, $8::int, $9::int
      from w
      cross join lateral (
        select coalesce(sum(extra_seconds), 0)::int as extra_seconds, coalesce(sum(extra_attempts), 0)::int as extra_attempts
        from quiz_override where user_id = w.user_id and quiz_key = $10
      ) o
      where ($11::int is null
          or (select count(*) from quiz_attempt where user_id = w.user_id and quiz_key = $12) < $13::int + o.extra_attempts)
        and ($14::timestamptz is null or now() < $15::timestamptz)
        and exists (select 1 from role_grant g where g.user_id = w.user_id and g.role in ($16, $17, $18, $19))
      and exists (select 1 from "contest_contestant" c
        where c.contest_id = $20 and c.person_id = w.person_id and c.status = 'registered')
      and exists (select 1 from "contest_round" r join "contest" ct on ct.id = r.contest_id
        where r.id = $21 and r.contest_id = $22 and r.kind = 'knowledge' and r.status = 'open'
          and ct.status <> 'draft' and (r.updated_at::text || '|' || (select count(*) || '/' || coalesce(max(q.updated_at)::text, '')
  from "contest_question" q where q.round_id = r.id)) = $23)
      on conflict (user_id, quiz_key) where status = 'open' do nothing
      returning id`;

/** A statement drizzle builds with `select(…)`: postgres.js returns it as arrays (`.values()`). */
function values(text: string, parameters: unknown[]) {
  return sql.unsafe(text, parameters as never[], { prepare: true }).values() as Promise<unknown[][]>;
}
/** A statement the app runs with `db.execute(sql…)`: rows as objects. */
function rows<T>(text: string, parameters: unknown[]) {
  return sql.unsafe(text, parameters as never[], { prepare: true }) as unknown as Promise<T[]>;
}

const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
const fmt = (n: unknown) => number.format(Number(n ?? 0));
/** dd/mm/yyyy of a `date` column ("yyyy-mm-dd", kept a string as in the app). */
const dmy = (day: unknown) =>
  String(day ?? "")
    .slice(0, 10)
    .split("-")
    .reverse()
    .join("/");
const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => escapes[c]!);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head><body><main>${body}</main></body></html>`;

const LEADERBOARD_PAGE_SIZE = 50;

async function leaderboardPage(query: URLSearchParams) {
  const contestId = Number(query.get("hoi-thi"));
  const pageNo = Math.max(1, Number(query.get("trang")) || 1);
  const offset = (pageNo - 1) * LEADERBOARD_PAGE_SIZE;
  const [[contest], board, rounds, [count]] = await Promise.all([
    values(CONTEST, [contestId]),
    rows<{ contestantId: number; rank: number; tied: boolean; total: number; fullName: string; unitName: string }>(LEADERBOARD, [
      contestId,
      LEADERBOARD_PAGE_SIZE,
      offset,
      offset,
      contestId,
      offset,
      contestId,
      contestId,
    ]),
    values(ROUNDS, [contestId]),
    values(STANDING_COUNT, [contestId]),
  ]);
  if (!contest) return null;
  const ids = board.map((r) => r.contestantId);
  const scores = ids.length ? await values(roundScores(ids.length), ids) : [];
  const scoreOf = new Map(scores.map(([roundId, contestantId, score]) => [`${roundId}:${contestantId}`, score]));
  const total = Number(count?.[0] ?? 0);
  const tiers = (count?.[1] ?? []) as { label: string; count: number }[];
  // The prize of a rank, as the app derives it (app/contest/scoring.ts prizeForRank).
  const prizeOf = (rank: number, points: number) => {
    let upTo = 0;
    for (const tier of tiers) if (points > 0 && rank <= (upTo += tier.count)) return tier.label;
    return "";
  };
  const [, name, level, , startsOn, endsOn] = contest;
  const unitName = contest[17];
  const body = board
    .map(
      (r) =>
        `<tr><td>${r.rank}${r.tied ? " (đồng hạng)" : ""}</td><td>${esc(r.fullName)}</td><td>${esc(r.unitName)}</td>${rounds
          .map(([roundId]) => `<td>${scoreOf.has(`${roundId}:${r.contestantId}`) ? fmt(scoreOf.get(`${roundId}:${r.contestantId}`)) : "—"}</td>`)
          .join("")}<td>${fmt(r.total)}</td><td>${esc(prizeOf(Number(r.rank), Number(r.total)))}</td></tr>`,
    )
    .join("");
  return page(
    `Kết quả ${name}`,
    `<h1>Kết quả ${esc(name)}</h1><p>${esc(level)} · ${esc(unitName)} · ${dmy(startsOn)} – ${dmy(endsOn)}</p>` +
      `<h2>Bảng xếp hạng chung (${fmt(total)} thí sinh)</h2><table><thead><tr><th scope="col">Hạng</th><th scope="col">Họ và tên</th><th scope="col">Đơn vị</th>${rounds
        .map(([, , , roundName]) => `<th scope="col">${esc(roundName)}</th>`)
        .join("")}<th scope="col">Tổng điểm</th><th scope="col">Giải</th></tr></thead><tbody>${body}</tbody></table>` +
      `<nav aria-label="Phân trang">Trang ${fmt(pageNo)} / ${fmt(Math.max(1, Math.ceil(total / LEADERBOARD_PAGE_SIZE)))}</nav>`,
  );
}

const PACE_WINDOW_DAYS = 28;
const CHILD_PAGE_SIZE = 50;
const PAGE_SIZE = 50;
const localDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" });
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const percent = (part: unknown, whole: unknown) => (Number(whole) > 0 ? `${fmt(Math.round((Number(part) / Number(whole)) * 10_000) / 100)}%` : "—");

interface Figures {
  audience: number;
  trained: number;
  trainedOnTime: number;
  online: number;
  inPerson: number;
}
interface Dashboard {
  total: Figures | null;
  page: (Figures & { id: number; name: string })[];
  positions: (Figures & { position: string })[];
  daily: { day: string; trained: number }[];
  untrained: { memberCode: string; name: string; cellName: string; positions: string[]; modulesRead: number; modulesPassed: number }[];
}

async function dashboardPage(query: URLSearchParams) {
  const unitId = Number(query.get("don-vi"));
  const campaignId = Number(query.get("chien-dich"));
  const trail = await values(UNIT_TRAIL, [unitId]);
  const unit = trail.at(-1);
  if (!unit || unit[0] !== unitId) return null;
  const unitPath = String(unit[3]);
  const ancestry = trail;
  const today = localDay.format(new Date());
  const [campaigns, [campaign], [state]] = await Promise.all([
    values(CAMPAIGNS, [unitPath, unitPath]),
    values(CAMPAIGN, [campaignId]),
    rows<{ ok: boolean }>(FIGURE_STATE, [today, campaignId]),
  ]);
  if (!campaign) return null;
  // The app rebuilds a stale roll-up on read; the twin only reads (the bench warms the app first).
  if (!state?.ok) throw new Error("campaign roll-up not built for today");
  const from = addDays(today, -PACE_WINDOW_DAYS + 1);
  const [d] = await rows<Dashboard>(DASHBOARD, [
    unitId,
    campaignId,
    unitId,
    campaignId,
    unitId,
    campaignId,
    unitId,
    from,
    campaignId,
    unitId,
    from,
    unitId,
    0,
    CHILD_PAGE_SIZE,
    CHILD_PAGE_SIZE,
    CHILD_PAGE_SIZE,
    0,
    CHILD_PAGE_SIZE,
    CHILD_PAGE_SIZE,
    campaignId,
    unitId,
    campaignId,
    unitId,
    campaignId,
    unitId,
    campaignId,
    unitId,
    campaignId,
    today,
    `${unitPath}%`,
    campaignId,
    PAGE_SIZE,
    0,
  ]);
  const t = d?.total;
  const figureCells = (f: Figures) =>
    `<td>${fmt(f.audience)}</td><td>${fmt(f.trained)}</td><td>${percent(f.trained, f.audience)}</td><td>${fmt(f.online)}</td><td>${fmt(f.inPerson)}</td>`;
  const figureHead = `<th scope="col">Đối tượng</th><th scope="col">Đã tập huấn</th><th scope="col">Tỷ lệ</th><th scope="col">Trực tuyến</th><th scope="col">Trực tiếp</th>`;
  return page(
    "Báo cáo tiến độ tập huấn",
    `<h1>Báo cáo tiến độ tập huấn</h1><nav aria-label="Vị trí"><ol>${ancestry.map(([, name]) => `<li>${esc(name)}</li>`).join("")}</ol></nav>` +
      `<form><label>Chiến dịch <select name="chien-dich">${campaigns.map(([id, name]) => `<option value="${id}"${id === campaignId ? " selected" : ""}>${esc(name)}</option>`).join("")}</select></label></form>` +
      `<h2>${esc(campaign[1])}</h2><p>${esc(campaign[2])} · hạn ${dmy(campaign[8])} · ${(campaign[11] as { position: string; track: string }[]).map(({ position, track }) => `${esc(position)} (${esc(track)})`).join(", ")}</p>` +
      `<p>${esc(unit[1])}: ${t ? `${fmt(t.trained)} / ${fmt(t.audience)} đồng chí đã tập huấn (${percent(t.trained, t.audience)})` : "chưa có số liệu"}</p>` +
      `<table><caption>Đơn vị trực thuộc</caption><thead><tr><th scope="col">Đơn vị</th>${figureHead}</tr></thead><tbody>${(d?.page ?? []).map((c) => `<tr><td>${esc(c.name)}</td>${figureCells(c)}</tr>`).join("")}</tbody></table>` +
      `<table><caption>Theo chức vụ</caption><thead><tr><th scope="col">Chức vụ</th>${figureHead}</tr></thead><tbody>${(d?.positions ?? []).map((p) => `<tr><td>${esc(p.position)}</td>${figureCells(p)}</tr>`).join("")}</tbody></table>` +
      `<table><caption>Tích lũy theo ngày</caption><tbody>${(d?.daily ?? []).map((x) => `<tr><td>${dmy(x.day)}</td><td>${fmt(x.trained)}</td></tr>`).join("")}</tbody></table>` +
      `<table><caption>Chưa tập huấn</caption><thead><tr><th scope="col">Mã</th><th scope="col">Họ và tên</th><th scope="col">Chi bộ</th><th scope="col">Chức vụ</th><th scope="col">Chuyên đề đã học</th></tr></thead><tbody>${(
        d?.untrained ?? []
      )
        .map(
          (p) =>
            `<tr><td>${esc(p.memberCode)}</td><td>${esc(p.name)}</td><td>${esc(p.cellName)}</td><td>${p.positions.map(esc).join(", ")}</td><td>${fmt(p.modulesRead)} / ${fmt(p.modulesPassed)}</td></tr>`,
        )
        .join("")}</tbody></table>`,
  );
}

/** Module bodies as escaped text, read once: the app serves its compiled MDX from memory too. */
const moduleDir = path.resolve("content/modules");
const moduleBodies = new Map<string, string>();
function moduleBody(slug: string) {
  let body = moduleBodies.get(slug);
  if (body === undefined) {
    const file = readdirSync(moduleDir).find((f) => f.endsWith(`-${slug}.mdx`));
    if (!file) return null;
    body = `<pre>${esc(readFileSync(path.join(moduleDir, file), "utf8"))}</pre>`;
    moduleBodies.set(slug, body);
  }
  return body;
}

async function modulePage(slug: string, query: URLSearchParams) {
  const body = moduleBody(slug);
  if (body === null) return null;
  const userId = query.get("nguoi-dung") ?? "";
  const personId = Number(query.get("dang-vien"));
  const [progress, visits, completions, positions] = await Promise.all([
    values(PROGRESS, [userId, slug]),
    values(VISITS, [userId, slug]),
    values(COMPLETIONS, [userId, slug]),
    values(POSITIONS, [personId]),
    rows(RECORD_VISIT, [userId, slug]),
  ]);
  const done = (progress[0]?.[1] as string[] | undefined) ?? [];
  return page(
    slug,
    `<nav aria-label="Tiến độ"><p>Đồng chí đã học ${fmt(done.length)} mục${completions.length ? ", đã đạt bài kiểm tra" : ""}${visits.length ? "" : " (lần đầu)"}.</p><p>${positions.map(([p]) => esc(p)).join(", ")}</p></nav><article>${body}</article>`,
  );
}

interface FrozenRound {
  version: string;
  open: boolean;
  timeLimitMinutes: number | null;
  closesMs: number | null;
  questions: { id: number; type: string; stem: string; options: { id: string; text: string }[]; correct: string[]; explanation: string; source: string }[];
}
/** The round's question set, loaded once per round as the app caches it. */
const frozenRounds = new Map<number, Promise<FrozenRound | undefined>>();

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const ROLES_WITH_CONTEST_VIEW = ["learner", "judge", "contest_organizer", "sysadmin"];
const GRACE_SECONDS = 15;

/** Location of the round page when the attempt was created, null when nothing was inserted. */
async function start(query: URLSearchParams, cookie: string | undefined) {
  const contestId = Number(query.get("hoi-thi"));
  const roundId = Number(query.get("vong"));
  const sessionId = /(?:^|;\s*)phien=([^;]+)/.exec(cookie ?? "")?.[1];
  if (!sessionId) return null;
  let entry = frozenRounds.get(roundId);
  if (!entry) {
    entry = rows<FrozenRound>(FROZEN_ROUND, [roundId, contestId]).then(([r]) => r);
    frozenRounds.set(roundId, entry);
  }
  const round = await entry;
  if (!round?.open || round.closesMs === null) return null;
  const key = `contest-round:${roundId}`;
  const closesAt = new Date(Number(round.closesMs)).toISOString();
  const questions = shuffle(round.questions).map((q) => ({
    id: `cq-${q.id}`,
    type: q.type,
    stem: q.stem,
    options: q.type === "truefalse" ? q.options : shuffle(q.options),
    correct: q.correct,
    explanation: q.explanation,
    source: q.source,
  }));
  const [inserted] = await rows<{ id: number }>(START, [
    sessionId,
    key,
    key,
    JSON.stringify(questions),
    (round.timeLimitMinutes ?? 30) * 60,
    closesAt,
    GRACE_SECONDS,
    0,
    questions.length,
    key,
    1,
    key,
    1,
    closesAt,
    closesAt,
    ...ROLES_WITH_CONTEST_VIEW,
    contestId,
    roundId,
    contestId,
    round.version,
  ]);
  return inserted ? `/hoi-thi/${contestId}/lam-bai/${roundId}` : null;
}

function readBody(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

async function answer(body: string) {
  const form = new URLSearchParams(body);
  await sql`
    insert into quiz_answer (attempt_id, question_id, selected, saved_at)
    values (${Number(form.get("attemptId"))}, ${form.get("questionId") ?? ""}, ${JSON.stringify(form.getAll("selected"))}, now())
    on conflict (attempt_id, question_id) do update set selected = excluded.selected, saved_at = excluded.saved_at`;
}

const html = { "content-type": "text/html; charset=utf-8" };

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const { pathname, searchParams } = new URL(req.url ?? "/", "http://twin");
  if (req.method === "POST" && pathname === "/answer") {
    await answer(await readBody(req));
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    return;
  }
  if (req.method === "POST" && pathname === "/bat-dau") {
    await readBody(req);
    const location = await start(searchParams, req.headers.cookie);
    if (location) res.writeHead(303, { location }).end();
    else res.writeHead(409, html).end("Không bắt đầu được bài thi.");
    return;
  }
  const found =
    pathname === "/ket-qua"
      ? await leaderboardPage(searchParams)
      : pathname === "/bao-cao"
        ? await dashboardPage(searchParams)
        : pathname.startsWith("/hoc-tap/")
          ? await modulePage(pathname.slice("/hoc-tap/".length), searchParams)
          : pathname === "/"
            ? "ok"
            : null;
  if (found === null) res.writeHead(404, html).end("Không tìm thấy.");
  else res.writeHead(200, html).end(found);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  });
});
server.listen(port, "127.0.0.1", 4096, () => console.log(`reference listening on ${port}`));
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
