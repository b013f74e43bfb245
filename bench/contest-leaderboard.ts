/**
 * Contest at national scale: 100,000 contestants, 2 judged rounds × 2 judges (400,000 sheets).
 * Measures the recompute after one score change and the leaderboard page query (p50/p99).
 * Run: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/contest-leaderboard.ts
 * (without the URL it runs on an in-memory PGlite).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, setDatabase } from "../db/client.server";
import { seedDemo } from "../db/seed-runner";
import { createContest, addRound, addCriterion, getContest, advanceContestStatus } from "../app/contest/contests.server";
import { getLeaderboard, recomputeNow } from "../app/contest/results.server";
import { submitBallot } from "../app/contest/ballots.server";
import { loadGrants } from "../app/auth/session.server";

const N = Number(process.env.BENCH_CONTESTANTS ?? 100_000);
const SKIP_RECOMPUTE_TIMING = false;
void SKIP_RECOMPUTE_TIMING;
const url = process.env.BENCH_DATABASE_URL;
const name = `bench_${randomBytes(4).toString("hex")}`;
if (url) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
}
const target = url ? Object.assign(new URL(url), { pathname: `/${name}` }).toString() : undefined;
const database = await openDatabase(target ? { url: target, max: 10 } : {});
setDatabase(database);
const db = database.db;
const time = async <T>(label: string, run: () => Promise<T>) => {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
};
try {
  await database.migrate();
  await seedDemo(db);
  await time(`insert ${N} people`, () =>
    db.execute(sql`insert into person (member_code, family_name, middle_name, given_name, sort_key, unit_id)
      select 'BENCH' || i, 'Nguyễn', 'Văn', 'Người' || i, 'nguoi' || lpad(i::text, 7, '0'),
        (select id from unit where kind = 'chi_bo' order by id offset (i % 300) limit 1)
      from generate_series(1, ${N}) i`),
  );
  const organiser = { id: "u-hoithi", username: "hoithi", displayName: "", personId: null, grants: await loadGrants("u-hoithi") };
  const created = await createContest({ user: organiser, name: "Bench", level: "khoi", unitId: 1, startsOn: "2022-01-01", endsOn: "2022-01-02", rules: "", prizes: [{ label: "Giải Nhất", count: 1 }] });
  if (!created.ok) throw new Error(created.error);
  const contest = (await getContest(created.id))!;
  const rounds: number[] = [];
  for (const kind of ["situation", "presentation"] as const) {
    const round = await addRound({ contest, round: { kind, name: kind, maxPoints: 100, weight: 1, dropExtremesFrom: 5, speedBonus: 0 } });
    if (!round.ok) throw new Error(round.error);
    await addCriterion({ contest, roundId: round.id, label: "Tổng", maxPoints: 100 });
    rounds.push(round.id);
  }
  await db.execute(sql`insert into "user" (id, username, password_hash, display_name) values ('u-b1', 'b1', 'x', 'B1'), ('u-b2', 'b2', 'x', 'B2')`);
  await db.execute(sql`insert into role_grant (user_id, role, unit_id) values ('u-b1', 'judge', 1), ('u-b2', 'judge', 1)`);
  await db.execute(sql`insert into contest_judge (round_id, user_id) select r, u from unnest(${`{${rounds.join(",")}}`}::int[]) r, unnest(array['u-b1', 'u-b2']) u`);
  await time(`register ${N} contestants`, () =>
    db.execute(sql`insert into contest_contestant (contest_id, person_id, tccs_unit_id)
      select ${contest.id}, p.id, (select t.id from unit t where cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') limit 1)
      from person p join unit cu on cu.id = p.unit_id where p.member_code like 'BENCH%'`),
  );
  await advanceContestStatus({ contestId: contest.id, from: "draft" });
  await advanceContestStatus({ contestId: contest.id, from: "registration" });
  await time(`insert ${N * 4} sheets`, () =>
    db.execute(sql`insert into contest_ballot (round_id, contestant_id, judge_user_id, scores, total, status, entered_by, submitted_at)
      select r, c.id, u, '{}'::jsonb, (random() * 100)::int, 'submitted', u, now()
      from contest_contestant c, unnest(${`{${rounds.join(",")}}`}::int[]) r, unnest(array['u-b1', 'u-b2']) u
      where c.contest_id = ${contest.id} and c.id <> (select min(id) from contest_contestant where contest_id = ${contest.id})`),
  );
  await db.execute(sql`analyze`);
  await time("full recompute", () => recomputeNow(contest.id));
  const [first] = await db.execute(sql`select min(id) as id from contest_contestant where contest_id = ${contest.id}`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows));
  const criterion = await db.execute(sql`select id from contest_criterion where round_id = ${rounds[0]!}`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows));
  await time("one judge's sheet submitted (incl. recompute + notify)", () =>
    submitBallot({ roundId: rounds[0]!, contestantId: Number((first as { id: number }).id), judgeUserId: "u-b1", scores: { [String((criterion[0] as { id: number }).id)]: 50 }, total: 50 }),
  );
  if (process.env.BENCH_EXPLAIN) {
    const plan = await db.execute(sql`explain analyze select pg.contestant_id, pg.rank, p.given_name, u.name
      from (select contestant_id, rank from contest_standing where contest_id = ${contest.id} order by rank, contestant_id limit 50 offset 49950) pg
      join contest_contestant c on c.id = pg.contestant_id join person p on p.id = c.person_id join unit u on u.id = c.tccs_unit_id order by pg.rank, pg.contestant_id`);
    console.log((Array.isArray(plan) ? plan : (plan as { rows: unknown[] }).rows).map((r) => Object.values(r as object)[0]).join("\n"));
  }
  for (const page of [1, 1000]) {
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await getLeaderboard({ contestId: contest.id, page });
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    console.log(`leaderboard page ${page}: p50 ${samples[100]!.toFixed(1)} ms, p99 ${samples[197]!.toFixed(1)} ms`);
  }
} finally {
  await database.close();
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
