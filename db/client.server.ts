import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { z } from "zod";
import { env } from "../app/env.server";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: feature commands accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** LISTEN on a channel (postgres: real LISTEN; pglite: its own listen). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs `task` unless another process holds `key` (a PostgreSQL advisory lock on a reserved
   * connection): several app servers never run one background job at the same time. False when
   * skipped. PGlite lives in one process, so there it just runs.
   */
  exclusively(key: string, task: () => Promise<unknown>): Promise<boolean>;
}

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/**
 * drizzle's postgres-js driver sends each statement unprepared, which postgres.js does in two
 * round trips (describe, then bind and execute) and PostgreSQL parses and plans every time.
 * Prepared (postgres.js's own default), a statement already seen on a connection is one round
 * trip. postgres.js keeps one entry per distinct statement text per connection, and connections
 * are replaced after 30–60 minutes (its max_lifetime), which bounds that cache.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      // Transactions and savepoints hand their callback a client of their own: prepare there too.
      if (property === "begin" || property === "savepoint") {
        const original = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const callback = args.pop() as (inner: postgres.Sql) => unknown;
          return original.call(target, ...args, (inner: postgres.Sql) => callback(preparing(inner)));
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** Opens PostgreSQL when `url` is given, else PGlite in `dataDir` (or in memory). */
export async function openDatabase(options: { url?: string; dataDir?: string; max?: number }): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // Short statements: PostgreSQL's JIT compiler costs more (100–200 ms) than a page's statements
      // take once their estimated cost crosses jit_above_cost. PGlite is built without it.
      connection: { jit: "off" },
    });
    const db = drizzlePostgres(preparing(client), { schema, casing: "snake_case" });
    return {
      db,
      driver: "postgres",
      migrate: () => migratePostgres(db, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
      async listen(channel, onMessage) {
        const sub = await client.listen(channel, onMessage);
        return () => sub.unlisten();
      },
      async exclusively(key, task) {
        const reserved = await client.reserve();
        try {
          const [row] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext(${key})) as locked`;
          if (!row?.locked) return false;
          try {
            await task();
          } finally {
            await reserved`select pg_advisory_unlock(hashtext(${key}))`;
          }
          return true;
        } finally {
          reserved.release();
        }
      },
    };
  }
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
    async listen(channel, onMessage) {
      const unsub = await client.listen(channel, onMessage);
      return () => unsub();
    },
    async exclusively(_key, task) {
      await task();
      return true;
    },
  };
}

/**
 * The process-wide database. Kept on globalThis because the Remix server build
 * and server.ts are separate module graphs that must share one handle.
 */
const holder = globalThis as unknown as { __appDatabase?: Database };

export function setDatabase(database: Database | undefined) {
  holder.__appDatabase = database;
}

export function getDatabase(): Database {
  const database = holder.__appDatabase;
  if (!database) throw new Error("Database not initialised: call setDatabase() first");
  return database;
}

export function getDb(): Db {
  return getDatabase().db;
}

/**
 * A list of ids as one `int[]` parameter: the statement's text is the same for every list, so it is
 * prepared once per connection (as a literal, each distinct list was a new prepared statement kept for
 * the connection's life). A generic plan assumes 10 elements: a statement whose plan depends on the
 * list's length forces custom plans (figures-rollup.server.ts).
 */
export function intArray(ids: number[]) {
  return sql`${`{${ids.map((i) => Math.trunc(i)).join(",")}}`}::int[]`;
}

/**
 * Rows of a raw `db.execute()` on either driver, checked against `schema` (a row's zod object).
 * Both drivers hand back timestamps and dates as strings (drizzle sets those parsers), numeric as
 * a string, but int8 (`count(*)`, `sum`) as a number on PGlite and a string on postgres.js: cast
 * in the SQL (`::int`) or coerce in the schema.
 *
 * Outside production every row is parsed. In production only the first is: the rows of one query
 * share one shape, so the first catches a renamed or missing column without paying for thousands
 * of rows. A schema that changes a value (a coercion) is parsed on every row, else the rows after
 * the first would keep the raw value.
 */
export function rowsOf<Row extends z.AnyZodObject>(result: unknown, schema: Row): z.output<Row>[] {
  const raw = Array.isArray(result) ? result : (result as { rows?: unknown }).rows;
  if (!Array.isArray(raw)) throw new Error("rowsOf: the result carries no rows");
  const rows: unknown[] = raw;
  if (process.env.NODE_ENV !== "production" || rows.length === 0) return rows.map((row) => schema.parse(row));
  const first: Record<string, unknown> = schema.parse(rows[0]);
  const original = rows[0] as Record<string, unknown>;
  if (Object.keys(first).some((key) => typeof first[key] !== typeof original[key])) return rows.map((row) => schema.parse(row));
  return rows as z.output<Row>[];
}

/** Opens the database the environment names: DATABASE_URL, else PGlite under ./data/. */
export function openDefaultDatabase() {
  const { DATABASE_URL: url, DATABASE_POOL_SIZE: max, PGLITE_DIR } = env();
  if (url) return openDatabase({ url, max });
  const dataDir = PGLITE_DIR ?? path.resolve(process.cwd(), "data/pglite");
  return openDatabase({ dataDir });
}

export { schema };
