/**
 * Deterministic bench datasets, generated inside PostgreSQL with generate_series
 * (no row-by-row inserts from JS). Every figure depends only on the arguments.
 */
import type postgres from "postgres";

export interface TreeSpec {
  name: string;
  /** fan-out per level below the root; the last level holds the cells */
  fanout: number[];
  kinds: string[];
  people: number;
}

export const PROVINCE: TreeSpec = {
  name: "Tỉnh (bench)",
  fanout: [400, 19],
  kinds: ["dang_bo_co_so", "chi_bo"],
  people: 100_000,
};

export const NATION: TreeSpec = {
  name: "Toàn quốc (bench)",
  fanout: [63, 790, 5],
  kinds: ["dang_bo_khoi", "dang_bo_co_so", "chi_bo"],
  people: 5_000_000,
};

export interface GeneratedTree {
  rootId: number;
  rootPath: string;
  units: number;
  cells: number;
  people: number;
  firstCellId: number;
  firstPersonId: number;
  seconds: number;
}

/** Creates a tree under a new root: units level by level, then people spread over the cells. */
export async function generateTree(sql: postgres.Sql, spec: TreeSpec, codePrefix: string): Promise<GeneratedTree> {
  const started = Date.now();
  const [baseRow] = await sql<{ base: number }[]>`select coalesce(max(id), 0)::int + 1 as base from unit`;
  const base = baseRow!.base;
  const rootId = base;
  await sql`insert into unit (id, parent_id, kind, name, path, depth)
            values (${rootId}, null, 'dang_bo_khoi', ${spec.name}, ${`/${rootId}/`}, 0)`;
  let parentOffset = rootId;
  let parentCount = 1;
  let nextId = rootId + 1;
  let units = 1;
  for (let level = 0; level < spec.fanout.length; level++) {
    const fan = spec.fanout[level]!;
    const count = parentCount * fan;
    const offset = nextId;
    await sql`
      insert into unit (id, parent_id, kind, name, path, depth)
      select ${offset}::int + j, p.id, ${spec.kinds[level]!}, ${`Đơn vị cấp ${level + 1} số `} || (j + 1), p.path || (${offset}::int + j) || '/', p.depth + 1
      from generate_series(0, ${count - 1}::int) j
      join unit p on p.id = ${parentOffset}::int + j / ${fan}::int`;
    parentOffset = offset;
    parentCount = count;
    nextId = offset + count;
    units += count;
  }
  await sql`select setval(pg_get_serial_sequence('unit', 'id'), (select max(id) from unit))`;
  const cells = parentCount;
  const firstCellId = parentOffset;
  const [pbaseRow] = await sql<{ pbase: number }[]>`select coalesce(max(id), 0)::int + 1 as pbase from person`;
  const pbase = pbaseRow!.pbase;
  // Person i sits in cell i mod cells: the first `cells` people are the secretaries, the next their deputies.
  await sql`
    insert into person (id, member_code, family_name, middle_name, given_name, sort_key, unit_id, active)
    select ${pbase}::int + i, ${codePrefix} || i, 'Nguyễn', 'Văn', 'Thử ' || i, lpad(i::text, 8, '0'), ${firstCellId}::int + i % ${cells}::int, true
    from generate_series(0, ${spec.people - 1}::int) i`;
  await sql`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`;
  await sql`
    insert into person_position (person_id, position, unit_id)
    select ${pbase}::int + i, case when i < ${cells}::int then 'bi_thu_chi_bo' else 'pho_bi_thu_chi_bo' end, ${firstCellId}::int + i % ${cells}::int
    from generate_series(0, least(${2 * cells}::int, ${spec.people}::int) - 1) i`;
  await sql.unsafe("analyze unit; analyze person; analyze person_position");
  return {
    rootId,
    rootPath: `/${rootId}/`,
    units,
    cells,
    people: spec.people,
    firstCellId,
    firstPersonId: pbase,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * A campaign on a generated tree: its target audience is every cell's secretary and deputy
 * (track B); about 60% of them completed online, spread over the campaign's first 60 days.
 * Returns the campaign id.
 */
export async function generateCampaign(sql: postgres.Sql, tree: GeneratedTree, name: string) {
  const [row] = await sql<{ id: number }[]>`
    insert into campaign (name, legal_basis, organising_unit_id, target_percent, starts_on, deadline_on)
    values (${name}, 'Đề án 01-ĐA/ĐUK (bench)', ${tree.rootId}, 100, current_date - 60, current_date + 30)
    returning id`;
  const campaignId = row!.id;
  await sql`insert into campaign_position (campaign_id, position, track)
            values (${campaignId}, 'bi_thu_chi_bo', 'B'), (${campaignId}, 'pho_bi_thu_chi_bo', 'B')`;
  const audience = Math.min(2 * tree.cells, tree.people);
  await sql`
    insert into training_completion (person_id, track, method, completed_at, evidence)
    select ${tree.firstPersonId}::int + i, 'B', 'online',
      now() - ((i::bigint * 7919) % 60) * interval '1 day', 'bench:' || ${campaignId}::int
    from generate_series(0, ${audience - 1}::int) i
    where (i::bigint * 7919) % 100 < 60`;
  await sql.unsafe("analyze training_completion; analyze campaign_position; analyze campaign");
  return campaignId;
}

/** An org_admin account granted on `unitId`; returns its user id. */
export async function generateAdmin(sql: postgres.Sql, unitId: number, username: string) {
  const id = `bench-${username}`;
  await sql`insert into "user" (id, username, password_hash, display_name) values (${id}, ${username}, 'x', ${username})`;
  await sql`insert into role_grant (user_id, role, unit_id) values (${id}, 'org_admin', ${unitId})`;
  return id;
}

/** People in the demo bloc's cells (round robin), each with a learner account; returns their user ids. */
export async function generateLearners(sql: postgres.Sql, count: number, codePrefix: string) {
  await sql`
    with cells as (
      select id, row_number() over (order by id) - 1 as n, count(*) over () as total
      from unit where kind in ('chi_bo', 'chi_bo_co_so') and path like '/1/%')
    insert into person (member_code, family_name, middle_name, given_name, sort_key, unit_id)
    select ${codePrefix} || i, 'Lê', 'Văn', 'Thí sinh ' || i, lpad(i::text, 8, '0'), c.id
    from generate_series(0, ${count - 1}::int) i join cells c on c.n = i % c.total`;
  const users = await sql<{ id: string }[]>`
    insert into "user" (id, username, password_hash, person_id, display_name)
    select 'u-' || lower(p.member_code), lower(p.member_code), 'x', p.id, p.given_name
    from person p where p.member_code like ${`${codePrefix}%`}
    returning id`;
  await sql`
    insert into role_grant (user_id, role, unit_id)
    select u.id, 'learner', p.unit_id from "user" u join person p on p.id = u.person_id where p.member_code like ${`${codePrefix}%`}`;
  return users.map((u) => u.id);
}

/** A running bloc contest whose knowledge round (30 questions, 30 minutes) is open now. */
export async function generateOpenContest(sql: postgres.Sql, codePrefix: string) {
  const [c] = await sql<{ id: number }[]>`
    insert into contest (name, level, unit_id, starts_on, ends_on, status)
    values ('Hội thi bench (vòng kiến thức)', 'khoi', 1, current_date, current_date + 1, 'running') returning id`;
  const [r] = await sql<{ id: number }[]>`
    insert into contest_round (contest_id, position, kind, name, max_points, weight, time_limit_minutes, opens_at, closes_at, status)
    values (${c!.id}, 1, 'knowledge', 'Kiến thức', 100, 1, 30, now(), now() + interval '2 hours', 'open') returning id`;
  await sql`
    insert into contest_question (round_id, code, position, type, stem, options, correct)
    select ${r!.id}, 'B' || i, i, 'single', 'Câu hỏi thử số ' || i,
      '[{"id":"a","text":"Phương án A"},{"id":"b","text":"Phương án B"},{"id":"c","text":"Phương án C"},{"id":"d","text":"Phương án D"}]'::jsonb,
      '["b"]'::jsonb
    from generate_series(1, 30) i`;
  await sql`
    insert into contest_contestant (contest_id, person_id, tccs_unit_id)
    select ${c!.id}, p.id, split_part(u.path, '/', 3)::int
    from person p join unit u on u.id = p.unit_id where p.member_code like ${`${codePrefix}%`}`;
  return { contestId: c!.id, roundId: r!.id };
}

/** A contest with `count` contestants whose totals are already computed. */
export async function generateRankedContest(sql: postgres.Sql, count: number, codePrefix: string) {
  await sql`
    with cells as (
      select id, row_number() over (order by id) - 1 as n, count(*) over () as total
      from unit where kind in ('chi_bo', 'chi_bo_co_so') and path like '/1/%')
    insert into person (member_code, family_name, middle_name, given_name, sort_key, unit_id)
    select ${codePrefix} || i, 'Phạm', 'Thị', 'Dự thi ' || i, lpad(i::text, 8, '0'), c.id
    from generate_series(0, ${count - 1}::int) i join cells c on c.n = i % c.total`;
  const [c] = await sql<{ id: number }[]>`
    insert into contest (name, level, unit_id, starts_on, ends_on, status, standing_count)
    values ('Hội thi bench (100.000 thí sinh)', 'khoi', 1, current_date - 1, current_date, 'running', ${count}) returning id`;
  await sql`
    insert into contest_contestant (contest_id, person_id, tccs_unit_id)
    select ${c!.id}, p.id, split_part(u.path, '/', 3)::int
    from person p join unit u on u.id = p.unit_id where p.member_code like ${`${codePrefix}%`}`;
  // One judged round whose score is the total, from a fixed hash of the id (ranks are counted when read).
  const [round] = await sql<{ id: number }[]>`
    insert into contest_round (contest_id, position, kind, name, max_points, weight, drop_extremes_from, status)
    values (${c!.id}, 1, 'presentation', 'Giới thiệu', 100, 1, null, 'open') returning id`;
  await sql`
    insert into contest_round_score (round_id, contestant_id, score, sort_key)
    select ${round!.id}, s.id, s.total, array[s.total, '-Infinity'::float8]
    from (select id, ((id * 7919) % 10000) / 100.0 as total from contest_contestant where contest_id = ${c!.id}) s`;
  await sql`
    insert into contest_standing (contest_id, contestant_id, total, sort_key)
    select ${c!.id}, s.contestant_id, s.score, array[s.score]
    from contest_round_score s where s.round_id = ${round!.id}`;
  await sql.unsafe("analyze person; analyze contest_contestant");
  // As autovacuum leaves a settled board: the visibility map set, so pages of the board are index-only scans.
  await sql.unsafe("vacuum analyze contest_round_score");
  await sql.unsafe("vacuum analyze contest_standing");
  return { contestId: c!.id, roundId: round!.id };
}
