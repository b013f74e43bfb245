import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Two app servers on one PostgreSQL behave as one (issue 19): sessions, the login lockout, the
 * live scoreboard and the background jobs. Real processes over real HTTP on loopback; runs when
 * TEST_DATABASE_URL names a PostgreSQL server (PGlite cannot be shared between processes) and the
 * production build exists (`npm test` builds before vitest).
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const built = existsSync(path.resolve("build/index.js")) && existsSync(path.resolve("build/server.js"));
const PASSWORD = "Demo@2022";

interface Server {
  origin: string;
  process: ChildProcess;
  output: string[];
}

async function waitUntilUp(server: Server, deadline: number) {
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`server exited: ${server.output.join("")}`);
    try {
      const response = await fetch(`${server.origin}/dang-nhap`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not start: ${server.output.join("")}`);
}

async function startServer(databaseUrl: string, port: number, seed: boolean): Promise<Server> {
  const child = spawn(process.execPath, [path.resolve("build/server.js")], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SEED: seed ? "1" : "0",
      LOGIN_DELAY_STEP_MS: "0",
      WEB_CONCURRENCY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: Server = { origin: `http://127.0.0.1:${port}`, process: child, output: [] };
  child.stdout?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  await waitUntilUp(server, Date.now() + 90_000);
  return server;
}

/** The cookies a response set, as a Cookie header (name=value pairs only). */
function cookiesOf(response: Response, previous = "") {
  const jar = new Map(previous ? previous.split("; ").map((pair) => pair.split("=", 2) as [string, string]) : []);
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!, value.join("="));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

async function login(server: Server, username: string, password = PASSWORD) {
  const page = await fetch(`${server.origin}/dang-nhap`);
  const cookie = cookiesOf(page);
  const response = await fetch(`${server.origin}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.origin, Cookie: cookie },
    body: new URLSearchParams({ login: username, password, redirectTo: "/" }),
  });
  return { status: response.status, cookie: cookiesOf(response, cookie), text: response.status === 302 ? "" : await response.text() };
}

describe.skipIf(!baseUrl || !built)("two app servers on one PostgreSQL", () => {
  const name = `test_two_${randomBytes(5).toString("hex")}`;
  let databaseUrl = "";
  let a: Server;
  let b: Server;
  let sql: postgres.Sql;

  beforeAll(async () => {
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(baseUrl!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    // The first server migrates and seeds; the second starts on the prepared database.
    a = await startServer(databaseUrl, 3520 + Math.floor(Math.random() * 200), true);
    b = await startServer(databaseUrl, 3730 + Math.floor(Math.random() * 200), false);
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  }, 200_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.process.kill("SIGTERM");
    await Promise.all(
      [a, b].map((server) => server && new Promise((resolve) => (server.process.exitCode !== null ? resolve(null) : server.process.once("exit", resolve)))),
    );
    await sql?.end();
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }, 60_000);

  it("a session made on one server works on the other", async () => {
    const session = await login(a, "hocvien");
    expect(session.status).toBe(302);
    const home = await fetch(`${b.origin}/`, { headers: { Cookie: session.cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Xin chào");
    // And logging out on the second ends it on the first.
    const out = await fetch(`${b.origin}/dang-xuat`, { method: "POST", redirect: "manual", headers: { Cookie: session.cookie, Origin: b.origin } });
    expect(out.status).toBe(302);
    const after = await fetch(`${a.origin}/hoc-tap`, { redirect: "manual", headers: { Cookie: session.cookie } });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/dang-nhap");
  });

  it("the login lockout counts failures made on both servers", async () => {
    for (const server of [a, b, a, b, a]) {
      const attempt = await login(server, "giamkhao3", "sai-mat-khau");
      expect(attempt.status).toBe(400);
    }
    // Five failures in all: locked on both, even with the right password.
    for (const server of [a, b]) {
      const attempt = await login(server, "giamkhao3");
      expect(attempt.status).toBe(400);
      expect(attempt.text).toContain("tạm bị khóa");
    }
  });

  it("a score change made through one server reaches the live scoreboard streamed by the other", async () => {
    const [row] = await sql<{ id: number }[]>`select id from contest where status in ('running', 'published') order by id limit 1`;
    expect(row).toBeDefined();
    const contestId = row!.id;
    const organiser = await login(a, "hoithi");
    expect(organiser.status).toBe(302);
    const stream = await fetch(`${b.origin}/hoi-thi/${contestId}/su-kien`, { redirect: "manual", headers: { Cookie: organiser.cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const events: string[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        events.push(decoder.decode(value));
        if (events.join("").includes("event: score")) return;
      }
    })();
    // Let the stream's LISTEN start before the change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const recompute = await fetch(`${a.origin}/hoi-thi/${contestId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: organiser.cookie, Origin: a.origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "recompute" }),
    });
    expect(recompute.status).toBeLessThan(400);
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await reader.cancel();
    expect(events.join("")).toContain("event: score");
  });

  it("a question set changed through one server is not served stale by the other, which had cached it", async () => {
    // The demo's running contest: its knowledge round is open, its contestants have accounts.
    const [round] = await sql<{ contestId: number; roundId: number; questionId: number; correct: string[]; other: string }[]>`
      select r.contest_id as "contestId", r.id as "roundId", q.id as "questionId", q.correct,
        (select o->>'id' from jsonb_array_elements(q.options) o where not (q.correct ? (o->>'id')) limit 1) as other
      from contest_round r join contest ct on ct.id = r.contest_id
      join contest_question q on q.round_id = r.id and q.type <> 'multiple'
      where r.kind = 'knowledge' and r.status = 'open' and ct.status = 'running' order by q.position limit 1`;
    expect(round).toBeDefined();
    const { contestId, roundId, questionId } = round!;
    const starters = await sql<{ id: string }[]>`
      select u.id from contest_contestant c join "user" u on u.person_id = c.person_id
      where c.contest_id = ${contestId} and c.status = 'registered' and u.disabled_at is null
        and exists (select 1 from role_grant g where g.user_id = u.id)
        and not exists (select 1 from quiz_attempt a where a.user_id = u.id and a.quiz_key = ${`contest-round:${roundId}`})
      order by u.id limit 2`;
    expect(starters).toHaveLength(2);
    const cookies: string[] = [];
    for (const starter of starters) {
      const id = randomBytes(20).toString("hex");
      await sql`insert into session (id, user_id, expires_at) values (${id}, ${starter.id}, now() + interval '1 day')`;
      cookies.push(`phien=${id}`);
    }
    const start = (cookie: string) =>
      fetch(`${b.origin}/hoi-thi/${contestId}/lam-bai/${roundId}/bat-dau`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: b.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=start",
      });
    const keyOf = async (userId: string) => {
      const [attempt] = await sql<{ correct: string[] }[]>`
        select q->'correct' as correct from quiz_attempt a, jsonb_array_elements(a.questions) q
        where a.user_id = ${userId} and a.quiz_key = ${`contest-round:${roundId}`} and q->>'id' = ${`cq-${questionId}`}`;
      return attempt?.correct;
    };
    // The first start on B caches the round's set there (one statement: 303).
    expect((await start(cookies[0]!)).status).toBe(303);
    expect(await keyOf(starters[0]!.id)).toEqual(round!.correct);

    // The organiser changes the question's key through A (the round page's action).
    const organiser = await login(a, "hoithi");
    const change = await fetch(`${a.origin}/hoi-thi/${contestId}/vong/${roundId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: organiser.cookie, Origin: a.origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "changeKey", questionId: String(questionId), correct: round!.other, reason: "Đáp án cũ nhầm" }),
    });
    expect(change.status).toBe(302);

    // The next start on B gets the new key: B's cached version no longer matches, so its start refused the copy
    // (307 to the round page's action, which reloads the set), never a stale one.
    const second = await start(cookies[1]!);
    expect([303, 307]).toContain(second.status);
    if (second.status === 307) {
      const repeated = await fetch(`${b.origin}${second.headers.get("location")}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies[1]!, Origin: b.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=start",
      });
      expect(repeated.status).toBe(302);
    }
    expect(await keyOf(starters[1]!.id)).toEqual([round!.other]);
  });

  it("a background job never runs on two servers at once: while one holds it, no server drains the score queue", async () => {
    const [round] = await sql<{ id: number }[]>`select id from contest_round order by id limit 1`;
    const [someone] = await sql<{ id: string }[]>`select id from "user" order by id limit 1`;
    const lock = await sql.reserve();
    try {
      const [held] = await lock<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext('job:score-queue')) as locked`;
      expect(held!.locked).toBe(true);
      await sql`insert into contest_score_queue (round_id, user_id) values (${round!.id}, ${someone!.id}) on conflict do nothing`;
      // Both servers tick every 2 s: neither may drain while the job is held elsewhere.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const [waiting] = await sql<{ n: number }[]>`select count(*)::int as n from contest_score_queue`;
      expect(waiting!.n).toBeGreaterThan(0);
    } finally {
      await lock`select pg_advisory_unlock(hashtext('job:score-queue'))`;
      lock.release();
    }
    const deadline = Date.now() + 15_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from contest_score_queue`;
      left = row!.n;
    }
    expect(left).toBe(0);
  }, 60_000);
});
