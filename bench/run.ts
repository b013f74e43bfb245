/**
 * `npm run bench`: builds the app, starts it in production mode on a real
 * PostgreSQL (BENCH_DATABASE_URL), loads the datasets, runs each scenario from a
 * separate load process (autocannon) and prints one table. See bench/README.md.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "../db/client.server";
import { seedDemo } from "../db/seed-runner";
import { NATION, PROVINCE } from "./datasets";
import { meetingsScenario } from "./meetings";
import { scenarios as pageScenarios, type BenchContext, type Row } from "./scenarios";

const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3900);
const REF_PORT = Number(process.env.BENCH_REF_PORT ?? APP_PORT + 1);
/** App process counts to run the Node-bound scenarios with (WEB_CONCURRENCY), "1,2" by default. */
const PROCESSES = (process.env.BENCH_PROCESSES ?? "1,2").split(",").map(Number);
if (!PROCESSES.length || PROCESSES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("BENCH_PROCESSES: comma-separated whole numbers ≥ 1");

function databaseUrl(name: string) {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freshDatabase(name: string) {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return databaseUrl(name);
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${path.basename(args[args.length - 1] ?? command)}] ${d}`));
  return child;
}

/** Refuses a port something else listens on: on a shared machine the bench would measure that server. */
async function assertFree(port: number) {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new Error(`port ${port} is in use: choose BENCH_APP_PORT / BENCH_REF_PORT`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

async function waitFor(url: string, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

// The bench wants an otherwise idle machine: its load average is printed and kept with the results.
const loadAtStart = os.loadavg();
console.log(`Máy: ${machine()}; tải trung bình ${loadAtStart.map((l) => l.toFixed(2)).join(" / ")}`);
console.log("Dựng ứng dụng (npm run build)…");
execFileSync("npm", ["run", "build"], { stdio: "ignore" });

const url = await freshDatabase(process.env.BENCH_DB_NAME ?? "bench");
const setupStarted = Date.now();
{
  const database = await openDatabase({ url });
  await database.migrate();
  await seedDemo(database.db);
  await database.close();
}
console.log(`Dữ liệu mẫu (khối 4.921 đảng viên) nạp trong ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

await assertFree(APP_PORT);
await assertFree(REF_PORT);
const sql = postgres(url, { max: 4, onnotice: () => {} });
const context: BenchContext = {
  sql,
  appUrl: `http://127.0.0.1:${APP_PORT}`,
  refUrl: `http://127.0.0.1:${REF_PORT}`,
  dbUrl: url,
  processes: PROCESSES[0]!,
  firstPass: true,
  datasets: [],
};

// Datasets first (they need the database to themselves), then the servers.
const scenarios = [
  meetingsScenario("meetings-province", "province", PROVINCE),
  // ~80 million attendance rows: only when asked for by name (BENCH_ONLY=meetings-nation).
  ...(process.env.BENCH_ONLY?.split(",").includes("meetings-nation") ? [meetingsScenario("meetings-nation", "national", NATION)] : []),
  ...pageScenarios,
];
const selected = scenarios.filter((s) => !only || only.includes(s.id));
for (const scenario of selected) await scenario.prepare?.(context);

/** The app in production mode with `processes` workers (each with its own pool of BENCH_POOL). */
function startApp(processes: number) {
  return start(process.execPath, ["build/server.js"], {
    NODE_ENV: "production",
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? "10",
    WEB_CONCURRENCY: String(processes),
    PORT: String(APP_PORT),
    HOST: "127.0.0.1",
    SEED: "0",
    LOGIN_DELAY_STEP_MS: "0",
  });
}

// The twins (and the autosave's reference) are one process throughout: the floor a single Node
// process reaches with the same SQL.
const reference = start(process.execPath, ["--import", "tsx", "bench/reference-server.ts"], {
  DATABASE_URL: url,
  PORT: String(REF_PORT),
  POOL: process.env.BENCH_POOL ?? "10",
});
const rows: Row[] = [];
try {
  await waitFor(`${context.refUrl}/`);
  for (const [pass, processes] of PROCESSES.entries()) {
    const passScenarios = selected.filter((s) => pass === 0 || s.nodeBound);
    if (!passScenarios.length) continue;
    const app = startApp(processes);
    try {
      await waitFor(`${context.appUrl}/dang-nhap`);
      context.processes = processes;
      context.firstPass = pass === 0;
      for (const scenario of passScenarios) {
        console.log(`Kịch bản ${scenario.id} (${processes} tiến trình): ${scenario.title}…`);
        rows.push(...(await scenario.run(context)));
      }
    } finally {
      await stop(app);
    }
  }
} finally {
  await stop(reference);
  await sql.end();
}

function cell(value: number | string | undefined, digits = 0) {
  if (value === undefined) return "";
  return typeof value === "number" ? value.toFixed(digits) : value;
}
function verdict(r: Row) {
  if (r.ratioMet === undefined) return "";
  return `${r.ratioMet ? "met" : "missed"} (${r.ratioTarget})`;
}
const header = [
  "scenario",
  "procs",
  "req/s",
  "p50 ms",
  "p99 ms",
  "errors",
  "twin req/s",
  "twin p99 ms",
  "req/s vs twin",
  "p99 vs twin",
  "ratio target",
  "absolute target",
  "note",
];
const table = [
  header,
  ...rows.map((r) => [
    r.scenario,
    cell(r.processes),
    cell(r.rps),
    cell(r.p50),
    cell(r.p99),
    cell(r.errors),
    cell(r.twin?.rps),
    cell(r.twin?.p99),
    r.rpsRatio === undefined ? "" : `${(r.rpsRatio * 100).toFixed(0)}%`,
    r.p99Ratio === undefined ? "" : `${r.p99Ratio.toFixed(1)}×`,
    verdict(r),
    r.target ?? "",
    r.note ?? "",
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
const lines = table.map((row) => `| ${row.map((c, i) => String(c).padEnd(widths[i]!)).join(" | ")} |`);
lines.splice(1, 0, `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
console.log(`\n${lines.join("\n")}\n`);
for (const d of context.datasets) console.log(`Dataset ${d.name}: ${d.size}, nạp trong ${d.seconds.toFixed(1)} s`);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
  `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  JSON.stringify(
    {
      machine: machine(),
      loadAtStart,
      loadAtEnd: os.loadavg(),
      seconds: Number(process.env.BENCH_SECONDS ?? 10),
      processes: PROCESSES,
      rows,
      datasets: context.datasets,
    },
    null,
    2,
  ),
);
