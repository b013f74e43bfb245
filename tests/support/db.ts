import { z } from "zod";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, rowsOf, setDatabase, type Database } from "#db/client.server";
import { seedDemo } from "#db/seed-runner";

export interface DbTarget {
  name: string;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

function pgliteTarget(): DbTarget {
  let database: Database | undefined;
  return {
    name: "PGlite",
    async open() {
      database = await openDatabase({});
      await database.migrate();
      return database;
    },
    async dispose() {
      await database?.close();
    },
  };
}

/** A throw-away database on the real server, so parallel runs never collide. */
function postgresTarget(url: string): DbTarget {
  const name = `test_${randomBytes(6).toString("hex")}`;
  let database: Database | undefined;
  return {
    name: "PostgreSQL",
    async open() {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const target = new URL(url);
      target.pathname = `/${name}`;
      database = await openDatabase({ url: target.toString(), max: 20 });
      await database.migrate();
      return database;
    },
    async dispose() {
      await database?.close();
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is set. */
export function dbTargets(): DbTarget[] {
  const targets = [pgliteTarget()];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push(postgresTarget(url));
  return targets;
}

/**
 * Opens a fresh migrated database for the enclosing describe block and makes it the
 * app's database; `seed: true` loads the demo bloc once for the block.
 */
export function useTestDatabase(target: DbTarget, options: { seed?: boolean } = {}) {
  const handle = {} as { database: Database };
  beforeAll(async () => {
    handle.database = await target.open();
    setDatabase(handle.database);
    if (options.seed) await seedDemo(handle.database.db);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await target.dispose();
  });
  return handle;
}

/** Empties every table of the public schema (between tests that need a clean slate). */
export async function truncateAll(database: Database) {
  const tables = rowsOf(await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`), z.object({ tablename: z.string() }));
  if (!tables.length) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(", ");
  await database.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}
