/**
 * The bench scenarios. Each may `prepare` data (before the servers start) and
 * `run` load against them, returning rows of the result table.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type postgres from "postgres";

const exec = promisify(execFile);

export interface Row {
  scenario: string;
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  ratio?: number;
  target?: string;
  note?: string;
}

export interface BenchContext {
  sql: postgres.Sql;
  appUrl: string;
  refUrl: string;
  datasets: { name: string; size: string; seconds: number }[];
  [key: string]: unknown;
}

export interface Scenario {
  id: string;
  title: string;
  prepare?(context: BenchContext): Promise<void>;
  run(context: BenchContext): Promise<Row[]>;
}

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
  connections: number;
  durationSeconds?: number;
  amount?: number;
}): Promise<LoadResult> {
  const { stdout } = await exec("npx", ["tsx", "bench/load.ts", JSON.stringify(config)], { maxBuffer: 64 * 1024 * 1024 });
  const line = stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(line) as LoadResult;
}

/** Signs users in by writing sessions straight into the database (the bench measures pages, not login). */
export async function sessionCookies(sql: postgres.Sql, userIds: string[]) {
  const ids = userIds.map(() => randomBytes(20).toString("hex"));
  const expires = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000).map((id, j) => ({ id, user_id: userIds[i + j]!, expires_at: expires }));
    await sql`insert into session ${sql(chunk)}`;
  }
  return ids.map((id) => `phien=${id}`);
}

function row(scenario: string, result: LoadResult, extra: Partial<Row> = {}): Row {
  return { scenario, rps: result.rps, p50: result.p50, p99: result.p99, errors: result.errors, ...extra };
}

const login: Scenario = {
  id: "login",
  title: "Đăng nhập (argon2id, chi phí có chủ đích)",
  async run(context) {
    const result = await load({
      url: `${context.appUrl}/dang-nhap`,
      method: "POST",
      bodies: ["login=hocvien&password=Demo%402022&redirectTo=%2F"],
      connections: 4,
      durationSeconds: 10,
    });
    // A successful login answers 302: count only 5xx and transport errors.
    const errors = result.errors - (result.statusCodes["302"]?.count ?? 0);
    return [row("(5) login", result, { errors, target: "report only", note: "argon2id m=19 MiB, t=2" })];
  },
};

const modulePage: Scenario = {
  id: "module",
  title: "Trang chuyên đề (đã làm ấm)",
  async run(context) {
    const [cookie] = await sessionCookies(context.sql, ["u-hocvien"]);
    const url = `${context.appUrl}/hoc-tap/dieu-hanh-sinh-hoat-thuong-ky`;
    // Warm: the first request may compile the module (or read it from .cache/mdx).
    for (let i = 0; i < 5; i++) {
      const response = await fetch(url, { headers: { cookie: cookie! } });
      if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
    const result = await load({ url, cookies: [cookie!], connections: 4, durationSeconds: 10 });
    return [row("(4) warm module page", result, { target: "p99 < 50 ms" })];
  },
};

export const scenarios: Scenario[] = [modulePage, login];
