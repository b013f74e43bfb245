/**
 * The load generator, run as a separate process by bench/run.ts so that it does
 * not share an event loop with the servers it measures. Input: a JSON config as
 * a JSON file named by argv[2]; output: one JSON line with the summary.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

interface LoadConfig {
  url: string;
  method?: "GET" | "POST";
  /** Cookies to rotate through, one per request (each a different signed-in user). */
  cookies?: string[];
  /** Form bodies to rotate through, aligned with cookies when both are given. */
  bodies?: string[];
  /** Request paths to rotate through (aligned the same way), instead of the url's own path. */
  paths?: string[];
  connections: number;
  durationSeconds?: number;
  amount?: number;
}

const config = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as LoadConfig;
let next = 0;

function setupRequest(request: autocannon.Request) {
  const i = next++;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers ?? {})) if (typeof value === "string") headers[key] = value;
  if (config.cookies?.length) headers.cookie = config.cookies[i % config.cookies.length]!;
  const path = config.paths?.length ? { path: config.paths[i % config.paths.length]! } : {};
  if (!config.bodies?.length) return { ...request, ...path, headers };
  headers["content-type"] = "application/x-www-form-urlencoded";
  return { ...request, ...path, headers, body: config.bodies[i % config.bodies.length]! };
}

function report(error: unknown, result: autocannon.Result) {
  if (error) throw error;
  const non2xx = result.non2xx ?? 0;
  const summary = {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + non2xx,
    non2xx,
    statusCodes: result.statusCodeStats,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

autocannon(
  {
    url: config.url,
    connections: config.connections,
    ...(config.amount ? { amount: config.amount } : { duration: config.durationSeconds ?? 10 }),
    timeout: 10,
    requests: [{ method: config.method ?? "GET", setupRequest }],
  },
  report,
);
