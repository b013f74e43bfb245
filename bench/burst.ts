/**
 * A synchronized start: N different users each send one request, all within one
 * second (as when an organiser opens a round and everyone presses "Bắt đầu").
 * Runs as its own process; input: a JSON file named by argv[2], one JSON line out.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

interface BurstConfig {
  url: string;
  cookies: string[];
  body: string;
  windowMs: number;
  /** statuses that count as success (e.g. 302 after starting an attempt) */
  ok: number[];
}

const config = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as BurstConfig;
const target = new URL(config.url);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function once(cookie: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        agent,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(config.body) },
        timeout: 30_000,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
      },
    );
    request.on("error", () => resolve({ ms: performance.now() - started, status: 0 }));
    request.on("timeout", () => request.destroy());
    request.end(config.body);
  });
}

const started = performance.now();
const results = await Promise.all(
  config.cookies.map(
    (cookie, i) =>
      new Promise<{ ms: number; status: number }>((resolve) =>
        setTimeout(() => void once(cookie).then(resolve), (i / config.cookies.length) * config.windowMs),
      ),
  ),
);
const elapsed = (performance.now() - started) / 1000;
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const statuses: Record<string, number> = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
const errors = results.filter((r) => !config.ok.includes(r.status)).length;
process.stdout.write(
  `${JSON.stringify({ requests: results.length, rps: results.length / elapsed, p50: pct(50), p99: pct(99), max: pct(100), errors, statuses, seconds: elapsed })}\n`,
);
