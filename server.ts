/**
 * The HTTP server: Express + Remix. It owns the database handle (opened,
 * migrated and, when empty, seeded at start) and closes both on SIGTERM/SIGINT.
 * With WEB_CONCURRENCY=N (PostgreSQL only) it runs N such servers as one (node:cluster):
 * the primary migrates and seeds once, forks N workers on the same port and replaces any that dies.
 */
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { openDefaultDatabase, setDatabase, type Database } from "./db/client.server";
import { seedIfEmpty } from "./db/seed-runner";
import { gradeExpiredAttempts } from "./app/quiz/engine.server";
import { autosaveTarget, handleAutosave } from "./app/quiz/autosave-endpoint.server";
import { handleStart, startTarget } from "./app/contest/start-endpoint.server";
import { DRAIN_INTERVAL_MS, drainScoreQueue } from "./app/contest/score-queue.server";
import { refreshStaleCampaigns } from "./app/completion/rollup.server";
import { env, type Env } from "./app/env.server";
import { applySecurityHeaders, arrivedOverHttps } from "./app/http/security-headers.server";
import { CROSS_SITE_MESSAGE, isCrossSite } from "./app/http/same-origin.server";
import { wireSubscriptions } from "./app/subscriptions.server";
import { openRequestScope } from "./app/http/request-scope.server";

// A call, not a bare import: package.json says "sideEffects": false, so bundlers drop side-effect-only imports.
wireSubscriptions();

installGlobals({ nativeFetch: true });

let config: Env;
try {
  config = env();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const mode = config.NODE_ENV === "production" ? "production" : "development";
const port = config.PORT;
const host = config.HOST;
const buildPath = path.resolve("build/index.js");

/** The primary of a cluster: prepares the database once, then keeps `count` workers running. */
async function supervise(count: number) {
  if (!config.DATABASE_URL) {
    console.error(
      `WEB_CONCURRENCY=${count} cần PostgreSQL (DATABASE_URL): cơ sở dữ liệu nhúng (PGlite) chỉ mở được trong một tiến trình. ` +
        "Hãy đặt DATABASE_URL=postgres://… hoặc bỏ WEB_CONCURRENCY.",
    );
    process.exit(1);
  }
  const database = await openDefaultDatabase();
  await database.migrate();
  if (config.SEED === "1") await seedIfEmpty(database.db);
  await database.close();
  let closing = false;
  cluster.on("exit", (worker, code, signal) => {
    if (closing) return;
    console.error(`Tiến trình ${worker.process.pid} dừng (${signal ?? code}); đang khởi động tiến trình thay thế.`);
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: đang dừng ${count} tiến trình…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const exit = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    }, 100);
    exit.unref();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

const workers = config.WEB_CONCURRENCY;
if (cluster.isPrimary && workers > 1) await supervise(workers);
else await serve();

async function serve() {
  const database = await openDefaultDatabase();
  // A cluster's primary has migrated and seeded already.
  if (cluster.isPrimary) {
    await database.migrate();
    if (config.SEED === "1") await seedIfEmpty(database.db);
  }
  setDatabase(database);

  async function loadBuild(): Promise<ServerBuild> {
    // A query string busts Node's module cache so dev rebuilds are picked up.
    const suffix = mode === "development" ? `?t=${Date.now()}` : "";
    return (await import(`${buildPath}${suffix}`)) as ServerBuild;
  }

  const app = express();
  app.disable("x-powered-by");
  // Pages are large (a module is ~90 KB of HTML): compress for phones, but never
  // buffer server-sent events (the live scoreboard).
  app.use(
    compression({
      filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").includes("text/event-stream") && compression.filter(req, res),
    }),
  );
  const trustProxy = config.TRUST_PROXY === "1";
  app.set("trust proxy", trustProxy);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only paths with a file extension can be files of public/: a page request skips the stat() of a
  // file that cannot exist (it showed in the leaderboard's CPU profile).
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));

  // The client address for login throttling, from the socket (or a trusted proxy), never from the client.
  app.use((req, res, next) => {
    req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "";
    // One scope per request for what every loader would otherwise read again (the session user).
    openRequestScope(req, res);
    next();
  });

  let build = await loadBuild();
  app.all(
    "*",
    mode === "development"
      ? async (req, res, next) => {
          build = await loadBuild();
          return createRequestHandler({ build, mode })(req, res, next);
        }
      : createRequestHandler({ build, mode }),
  );

  // When a province starts a round at the same minute, thousands of connections arrive within a
  // second: a short accept queue (Node's default is 511) drops their SYNs and the browsers retry
  // after 1, 3, 7 s. The kernel caps this at net.core.somaxconn.
  const LISTEN_BACKLOG = 4096;
  // The autosave and synchronized-start hot paths are served before Express and Remix
  // (app/quiz/autosave-endpoint.server.ts, app/contest/start-endpoint.server.ts).
  const server = http.createServer((req, res) => {
    applySecurityHeaders(req, res, { trustProxy });
    const attemptId = autosaveTarget(req.method, req.url);
    if (isCrossSite(req, { trustProxy })) {
      // The autosave's page reads JSON replies; every other refusal is read by a person.
      if (attemptId !== null)
        res.writeHead(403, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ ok: false, message: CROSS_SITE_MESSAGE }));
      else res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end(CROSS_SITE_MESSAGE);
      return;
    }
    const start = attemptId === null ? startTarget(req.method, req.url) : null;
    if (attemptId !== null) handleAutosave(req, res, attemptId);
    else if (start !== null) handleStart(req, res, start, { secure: arrivedOverHttps(req, trustProxy) });
    else app(req, res);
  });
  server.listen(port, host, LISTEN_BACKLOG, () => {
    console.log(`Bí thư chi bộ giỏi: http://localhost:${port} (${mode}, ${database.driver})`);
  });

  const timers = [
    // Attempts whose time ran out are graded even when the learner never comes back, so that
    // completions count; each is one short transaction, and an idle minute costs one indexed query.
    every(database, 60_000, "Không chấm được các bài quá hạn:", "job:grade-expired", () => gradeExpiredAttempts()),
    // Each running campaign's roll-up is rebuilt for a new day here, not by the morning's first dashboard read.
    every(database, 5 * 60_000, "Không cập nhật được số liệu tập huấn:", "job:campaign-rollup", () => refreshStaleCampaigns()),
    // Knowledge-round hand-ins reach the standings and scoreboards within seconds, in batches.
    every(database, DRAIN_INTERVAL_MS, "Không cập nhật được bảng điểm:", "job:score-queue", () => drainScoreQueue()),
  ];

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    console.log(`${signal}: đang dừng máy chủ…`);
    for (const timer of timers) clearInterval(timer);
    server.close();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * Runs `task` every `ms` in the background, never two runs at once, in this process or in any other
 * app server on the same database (an advisory lock named `name`); a failure is logged, not fatal.
 */
function every(database: Database, ms: number, failure: string, name: string, task: () => Promise<unknown>) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    database
      .exclusively(name, task)
      .catch((error: unknown) => console.error(failure, error))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return timer;
}
