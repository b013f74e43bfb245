/**
 * The bench scenarios. Each may `prepare` data (before the servers start) and
 * `run` load against them, returning rows of the result table.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type postgres from "postgres";
import {
  generateAdmin,
  generateCampaign,
  generateLearners,
  generateOpenContest,
  generateRankedContest,
  generateTree,
  NATION,
  PROVINCE,
  type GeneratedTree,
  type TreeSpec,
} from "./datasets";

const exec = promisify(execFile);

/** Config goes to the child process in a file: thousands of cookies overflow argv. */
function configFile(config: unknown) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-")), "config.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export interface Row {
  scenario: string;
  /** app processes (WEB_CONCURRENCY) the row was measured with */
  processes?: number;
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  /** the bare twin's figures from the same run, and the app's as a ratio of them */
  twin?: { rps: number; p99: number; errors: number };
  rpsRatio?: number;
  p99Ratio?: number;
  /** the ratio target and whether this row meets it */
  ratioTarget?: string;
  ratioMet?: boolean;
  /** the absolute target (issue 19's second column) */
  target?: string;
  note?: string;
}

export interface BenchContext {
  sql: postgres.Sql;
  appUrl: string;
  refUrl: string;
  /** how many app processes are running (WEB_CONCURRENCY) in this pass */
  processes: number;
  /** the first pass runs every selected scenario; later ones only the Node-bound */
  firstPass: boolean;
  datasets: { name: string; size: string; seconds: number }[];
  [key: string]: unknown;
}

export interface Scenario {
  id: string;
  title: string;
  /** Node-bound scenarios run again with more app processes (BENCH_PROCESSES). */
  nodeBound?: boolean;
  prepare?(context: BenchContext): Promise<void>;
  run(context: BenchContext): Promise<Row[]>;
}

/** Load duration of a page scenario; BENCH_SECONDS shortens it for smoke runs on a busy machine. */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, { count: number }>;
}

/** Runs autocannon in a second process (bench/load.ts). */
export async function load(config: {
  url: string;
  method?: "GET" | "POST";
  cookies?: string[];
  bodies?: string[];
  paths?: string[];
  connections: number;
  durationSeconds?: number;
  amount?: number;
}): Promise<LoadResult> {
  const { stdout } = await exec("npx", ["tsx", "bench/load.ts", configFile(config)], { maxBuffer: 64 * 1024 * 1024 });
  const line = stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(line) as LoadResult;
}

/** Signs users in by writing sessions straight into the database (the bench measures pages, not login). */
export async function sessionCookies(sql: postgres.Sql, userIds: string[]) {
  const ids = userIds.map(() => randomBytes(20).toString("hex"));
  // As long as a real session (14 days): a shorter one would make every request extend it (a write).
  const expires = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000).map((id, j) => ({ id, user_id: userIds[i + j]!, expires_at: expires }));
    await sql`insert into session ${sql(chunk)}`;
  }
  return ids.map((id) => `phien=${id}`);
}

export function row(scenario: string, result: LoadResult, extra: Partial<Row> = {}): Row {
  return { scenario, rps: result.rps, p50: result.p50, p99: result.p99, errors: result.errors, ...extra };
}

/** Issue 19's ratio target: throughput ≥ 33% of the twin's, p99 ≤ 3× the twin's, 0 errors. */
export const TWIN_TARGET = { rps: 0.33, p99: 3, label: "≥ 33% req/s, ≤ 3× p99, 0 errors" };

/**
 * The app's row with its bare twin's figures from the same run. A twin's p99 under 1 ms counts as
 * 1 ms (autocannon's resolution), so the ratio never divides by zero.
 */
function compared(scenario: string, context: BenchContext, app: LoadResult, twin: LoadResult, extra: Partial<Row> & { rpsTarget?: number } = {}): Row {
  const { rpsTarget = TWIN_TARGET.rps, ...rest } = extra;
  const rpsRatio = twin.rps > 0 ? app.rps / twin.rps : 0;
  const p99Ratio = app.p99 / Math.max(1, twin.p99);
  return row(scenario, app, {
    processes: context.processes,
    twin: { rps: twin.rps, p99: twin.p99, errors: twin.errors },
    rpsRatio,
    p99Ratio,
    ratioTarget: rpsTarget === TWIN_TARGET.rps ? TWIN_TARGET.label : `≥ ${Math.round(rpsTarget * 100)}% req/s`,
    ratioMet: rpsRatio >= rpsTarget && (rpsTarget !== TWIN_TARGET.rps || p99Ratio <= TWIN_TARGET.p99) && app.errors === 0 && twin.errors === 0,
    ...rest,
  });
}

/**
 * Measures `appUrl` and then its twin at `twinUrl` with the same load, each warmed first. The twin
 * is measured again in every pass so that the two figures of a row come from the same minutes.
 */
async function pagePair(appUrl: string, cookie: string, twinUrl: string) {
  await warmUp(appUrl, cookie);
  const app = await load({ url: appUrl, cookies: [cookie], connections: 4, durationSeconds: SECONDS });
  await warmUp(twinUrl, "");
  const twin = await load({ url: twinUrl, connections: 4, durationSeconds: SECONDS });
  return { app, twin };
}

const login: Scenario = {
  id: "login",
  title: "Đăng nhập (argon2id, chi phí có chủ đích)",
  async run(context) {
    const result = await load({
      url: `${context.appUrl}/dang-nhap`,
      method: "POST",
      bodies: ["login=hocvien&password=Demo%402022&redirectTo=%2F"],
      // The cookie the login page sets: without it the login is refused before any password check.
      cookies: ["kiem-tra-cookie=1"],
      connections: 4,
      durationSeconds: SECONDS,
    });
    // A successful login answers 302: count only 5xx and transport errors.
    const errors = result.errors - (result.statusCodes["302"]?.count ?? 0);
    return [row("(5) login", result, { errors, target: "report only", note: "argon2id m=19 MiB, t=2" })];
  },
};

/**
 * Requests a page until the server is warm: the first requests after a start run cold JIT code
 * (and a dashboard's first read of the day rebuilds its roll-up), which a 10-second run would
 * otherwise count in its p99.
 */
export async function warmUp(url: string, cookie: string, times = 20) {
  for (let i = 0; i < times; i++) {
    const response = await fetch(url, { headers: cookie ? { cookie } : {} });
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    await response.arrayBuffer();
  }
}

const modulePage: Scenario = {
  id: "module",
  title: "Trang chuyên đề (đã làm ấm)",
  nodeBound: true,
  async run(context) {
    const [cookie] = await sessionCookies(context.sql, ["u-hocvien"]);
    const [learner] = await context.sql<{ personId: number }[]>`select person_id as "personId" from "user" where id = 'u-hocvien'`;
    const slug = "dieu-hanh-sinh-hoat-thuong-ky";
    // The first requests may also compile the module (or read it from .cache/mdx).
    const { app, twin } = await pagePair(
      `${context.appUrl}/hoc-tap/${slug}`,
      cookie!,
      `${context.refUrl}/hoc-tap/${slug}?nguoi-dung=u-hocvien&dang-vien=${learner!.personId}`,
    );
    return [compared("(4) warm module page", context, app, twin, { target: "p99 < 50 ms" })];
  },
};

function dashboardScenario(id: string, label: string, spec: TreeSpec, target: string): Scenario {
  return {
    id,
    title: `Bảng theo dõi tập huấn, đơn vị cấp cao nhất (${label})`,
    nodeBound: true,
    async prepare(context) {
      const tree = await generateTree(context.sql, spec, `${id.toUpperCase()}-`);
      const started = Date.now();
      const campaignId = await generateCampaign(context.sql, tree, `Chiến dịch bench ${label}`);
      const adminId = await generateAdmin(context.sql, tree.rootId, `bench_${id}`);
      context.datasets.push({
        name: label,
        size: `${tree.units.toLocaleString("en")} units, ${tree.people.toLocaleString("en")} people, ${(2 * tree.cells).toLocaleString("en")} in the audience`,
        seconds: tree.seconds + (Date.now() - started) / 1000,
      });
      context[id] = { tree, campaignId, adminId };
    },
    async run(context) {
      const { tree, campaignId, adminId } = context[id] as { tree: GeneratedTree; campaignId: number; adminId: string };
      const [cookie] = await sessionCookies(context.sql, [adminId]);
      const query = `don-vi=${tree.rootId}&chien-dich=${campaignId}`;
      // The app goes first: its first read of the day builds the roll-up the twin only reads.
      const { app, twin } = await pagePair(`${context.appUrl}/bao-cao?${query}`, cookie!, `${context.refUrl}/bao-cao?${query}`);
      return [compared(`(3) dashboard, ${label}`, context, app, twin, { target })];
    },
  };
}

const CONTESTANTS = 3000;
const AUTOSAVERS = 2000;

interface OpenContest {
  contestId: number;
  roundId: number;
  cookies: string[];
}

/** (0) 3,000 contestants start the knowledge round within one second. */
const syncStart: Scenario = {
  id: "start",
  title: "Khởi động đồng loạt vòng thi kiến thức (3.000 thí sinh trong 1 giây)",
  nodeBound: true,
  async prepare(context) {
    const started = Date.now();
    const userIds = await generateLearners(context.sql, CONTESTANTS, "BC");
    const contest = await generateOpenContest(context.sql, "BC");
    context.datasets.push({
      name: "open knowledge round",
      size: `${CONTESTANTS} contestants with accounts, 30 questions`,
      seconds: (Date.now() - started) / 1000,
    });
    context.openContest = { ...contest, cookies: await sessionCookies(context.sql, userIds) } satisfies OpenContest;
    // As autovacuum would have done in the days between registration and the round.
    await context.sql`analyze`;
  },
  async run(context) {
    const contest = context.openContest as OpenContest;
    const key = `contest-round:${contest.roundId}`;
    // Each burst starts from no attempts (the app's, then the twin's, then the next pass's).
    async function burst(url: string) {
      await context.sql`delete from quiz_attempt where quiz_key = ${key}`;
      const { stdout } = await exec(
        "npx",
        ["tsx", "bench/burst.ts", configFile({ url, cookies: contest.cookies, body: "intent=start", windowMs: 1000, ok: [302, 303] })],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as LoadResult & { seconds: number; statuses: Record<string, number> };
      const [attempts] = await context.sql<{ n: number }[]>`select count(*)::int as n from quiz_attempt where quiz_key = ${key}`;
      // Status 0 is a transport error or the burst client's 30-second timeout.
      const failed = Object.entries(result.statuses)
        .filter(([status]) => status !== "302" && status !== "303")
        .map(([status, n]) => `${n}× ${status}`);
      return { result, attempts: attempts?.n ?? 0, failed: failed.length ? ` (${failed.join(", ")})` : "" };
    }
    // Where the round page's "Bắt đầu làm bài" posts: the start endpoint served before Remix.
    const app = await burst(`${context.appUrl}/hoi-thi/${contest.contestId}/lam-bai/${contest.roundId}/bat-dau`);
    // The twin runs last so that the attempts the autosave scenario answers are open.
    const twin = await burst(`${context.refUrl}/bat-dau?hoi-thi=${contest.contestId}&vong=${contest.roundId}`);
    return [
      compared(`(0) synchronized start, ${CONTESTANTS.toLocaleString("en")}`, context, app.result, twin.result, {
        target: "0 errors, p99 < 2000 ms",
        note: `attempts created: app ${app.attempts}${app.failed}, twin ${twin.attempts}${twin.failed}; app burst ${app.result.seconds.toFixed(1)} s`,
      }),
    ];
  },
};

/** (1) Autosave in the open round by 2,000 contestants, against the bare reference. */
const autosave: Scenario = {
  id: "autosave",
  title: "Tự động lưu câu trả lời (2.000 thí sinh) và máy chủ tham chiếu",
  async run(context) {
    const contest = context.openContest as OpenContest | undefined;
    if (!contest) throw new Error("autosave needs the 'start' scenario (BENCH_ONLY=start,autosave)");
    const attempts = await context.sql<{ id: number; userId: string; questionId: string; optionId: string }[]>`
      select a.id, a.user_id as "userId", a.questions -> 0 ->> 'id' as "questionId", a.questions -> 0 -> 'options' -> 0 ->> 'id' as "optionId"
      from quiz_attempt a where a.quiz_key = ${`contest-round:${contest.roundId}`} and a.status = 'open'
      order by a.id limit ${AUTOSAVERS}`;
    if (attempts.length < AUTOSAVERS) throw new Error(`only ${attempts.length} open attempts`);
    const cookieOf = new Map<string, string>();
    const sessions = await sessionCookies(
      context.sql,
      attempts.map((a) => a.userId),
    );
    attempts.forEach((a, i) => cookieOf.set(a.userId, sessions[i]!));
    // What the contest page sends on each click: one question's answer to the autosave endpoint.
    const appBodies = attempts.map((a) => `questionId=${encodeURIComponent(a.questionId)}&${encodeURIComponent(`q.${a.questionId}`)}=${a.optionId}`);
    const app = await load({
      url: `${context.appUrl}/api/bai-lam/0/luu`,
      method: "POST",
      cookies: attempts.map((a) => cookieOf.get(a.userId)!),
      bodies: appBodies,
      paths: attempts.map((a) => `/api/bai-lam/${a.id}/luu`),
      connections: 50,
      durationSeconds: SECONDS * 1.5,
    });
    const reference = await load({
      url: `${context.refUrl}/answer`,
      method: "POST",
      bodies: attempts.map((a) => `attemptId=${a.id}&questionId=${encodeURIComponent(a.questionId)}&selected=${a.optionId}`),
      connections: 50,
      durationSeconds: SECONDS * 1.5,
    });
    return [compared("(1) answer autosave", context, app, reference, { rpsTarget: 0.4, target: "p99 < 100 ms, 0 errors" })];
  },
};

/** Sheets timed per kind of move; BENCH_SHEETS shortens it for smoke runs (each takes seconds). */
const SHEETS = Number(process.env.BENCH_SHEETS ?? 100);

/**
 * A judge's sheet changing one contestant's score in the 100,000 contest: the transaction the
 * ballot module runs (write the sheet, recompute that contestant; ranks are not stored),
 * timed one after another against the bench database.
 */
async function sheetChanges(context: BenchContext, contestId: number, roundId: number): Promise<Row[]> {
  const { openDatabase } = await import("#db/client.server");
  const { contestBallot } = await import("#db/schema");
  const { recomputeScores } = await import("~/contest/recompute.server");
  const database = await openDatabase({ url: context.dbUrl as string, max: 2 });
  const contestants = await context.sql<{ id: number; score: number }[]>`
    select s.contestant_id as id, s.score from contest_round_score s
    where s.round_id = ${roundId} order by (s.contestant_id::bigint * 104729) % 100003 limit ${2 * SHEETS}`;
  const rows: Row[] = [];
  for (const [label, slice, totalOf] of [
    // A sheet moves its contestant a point or two (a judged round among many scores).
    ["small moves", contestants.slice(0, SHEETS), (c: { score: number }, i: number) => Math.min(100, Math.round(c.score) + (i % 3))],
    // Worst case: from anywhere to anywhere (stored ranks made this rewrite a third of the board).
    ["moves across the board", contestants.slice(SHEETS), (_: { score: number }, i: number) => (i * 37) % 101],
  ] as const) {
    const times: number[] = [];
    const started = Date.now();
    for (const [i, c] of slice.entries()) {
      const t0 = performance.now();
      await database.db.transaction(async (tx) => {
        await tx
          .insert(contestBallot)
          .values({ roundId, contestantId: c.id, judgeUserId: "u-giamkhao", scores: {}, total: totalOf(c, i), status: "submitted", enteredBy: "u-giamkhao" });
        await recomputeScores(tx, { contestId, pairs: [{ roundId, contestantId: c.id }] });
      });
      times.push(performance.now() - t0);
    }
    const seconds = (Date.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
    rows.push({
      scenario: `(2b) judge's sheet, 100,000 contest, ${label}`,
      rps: Math.round(times.length / seconds),
      p50: at(0.5),
      p99: at(0.99),
      errors: 0,
      target: "report only",
      note: "sheet + recompute, one transaction (ranks read, not written)",
    });
  }
  await database.close();
  return rows;
}

/** (2) The leaderboard of a contest with 100,000 contestants. */
const leaderboard: Scenario = {
  id: "leaderboard",
  title: "Bảng xếp hạng hội thi 100.000 thí sinh",
  nodeBound: true,
  async prepare(context) {
    const started = Date.now();
    const { contestId, roundId } = await generateRankedContest(context.sql, 100_000, "BL");
    context.datasets.push({ name: "ranked contest", size: "100,000 contestants with totals", seconds: (Date.now() - started) / 1000 });
    context.rankedContest = contestId;
    context.rankedRound = roundId;
  },
  async run(context) {
    const contestId = context.rankedContest as number;
    const [cookie] = await sessionCookies(context.sql, ["u-hoithi"]);
    const rows: Row[] = [];
    for (const [label, page] of [
      ["page 1", 1],
      ["page 2,000", 2000],
    ] as const) {
      const { app, twin } = await pagePair(
        `${context.appUrl}/hoi-thi/${contestId}/ket-qua?trang=${page}`,
        cookie!,
        `${context.refUrl}/ket-qua?hoi-thi=${contestId}&trang=${page}`,
      );
      rows.push(compared(`(2) leaderboard 100,000, ${label}`, context, app, twin, { target: "p99 < 50 ms" }));
    }
    // Database-bound: measured once, in the first pass.
    if (context.firstPass) rows.push(...(await sheetChanges(context, contestId, context.rankedRound as number)));
    return rows;
  },
};

/** The scenarios of this module; `bench/run.ts` puts the meetings' ones (bench/meetings.ts) first. */
export const scenarios: Scenario[] = [
  syncStart,
  autosave,
  leaderboard,
  dashboardScenario("province", "province", PROVINCE, "p99 < 100 ms"),
  dashboardScenario("nation", "national", NATION, "p99 < 1000 ms"),
  modulePage,
  login,
];
