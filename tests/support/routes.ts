import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { cookieFor, settle } from "./requests";

/**
 * The route manifest as the app sees it: every module of app/routes, so that the authorization
 * matrix and the fuzz test cover a route the day it is added.
 */
type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>;
export interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}", { eager: true });
const sources = import.meta.glob<string>("../../app/routes/*.{ts,tsx}", { eager: true, query: "?raw", import: "default" });
// A feature's form components (e.g. app/contest/situation-admin.tsx) post intents to the route that renders them.
const components = import.meta.glob<string>("../../app/*/*.tsx", { eager: true, query: "?raw", import: "default" });
const importsOf = (source: string) =>
  [...source.matchAll(/from "~\/([\w-]+\/[\w-]+)"/g)].map((m) => `../../app/${m[1]}.tsx`).filter((path) => path in components);
const importers = new Map<string, number>();
for (const source of Object.values(sources)) for (const path of new Set(importsOf(source))) importers.set(path, (importers.get(path) ?? 0) + 1);

/**
 * The route's source and that of the feature components only it imports: where its forms' intents
 * are written (a component shared by several routes cannot say which one its forms post to).
 */
function formSources(source: string) {
  return [
    source,
    ...importsOf(source)
      .filter((path) => importers.get(path) === 1)
      .map((path) => components[path]),
  ].join("\n");
}

export interface RouteEntry {
  /** The file name without its extension, e.g. `hoi-thi.$contestId.cham.$roundId`. */
  file: string;
  module: RouteModule;
  /** URL pattern with `:param` placeholders (`*` for a splat). */
  pattern: string;
  params: string[];
  /** An `_index` route: its actions are posted with `?index`. */
  index: boolean;
  /** The intents the route's action accepts, read from its source (schemas and forms). */
  intents: string[];
  /** The module's source text (for the field names its forms use). */
  source: string;
}

/** Splits a flat-route file name on the dots that are not escaped in brackets (brackets kept). */
function segmentsOf(file: string) {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of file) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  return segments;
}

/** URL pattern and params of a Remix v2 flat-route file name. */
export function patternOf(file: string) {
  const params: string[] = [];
  const parts: string[] = [];
  let index = false;
  for (const segment of segmentsOf(file)) {
    if (segment === "_index") index = true;
    else if (segment === "$") {
      params.push("*");
      parts.push("*");
    } else if (segment.startsWith("$")) {
      // `$contestantId[.]pdf`: the param ends where the escaped text begins.
      const name = segment.slice(1).replace(/\[.*$/, "");
      params.push(name);
      parts.push(`:${name}${segment.slice(1 + name.length).replace(/[[\]]/g, "")}`);
    } else if (!segment.startsWith("_")) parts.push(segment.replace(/[[\]]/g, ""));
  }
  return { pattern: "/" + parts.join("/"), params, index };
}

const INTENT_PATTERNS = [
  /intent: z\.literal\("([^"]+)"\)/g,
  /intent: z\.enum\(\[([^\]]+)\]/g,
  /name="intent" value="([^"]+)"/g,
  /intent="([^"]+)"/g,
  /get\("intent"\) === "([^"]+)"/g,
  /\.intent === "([^"]+)"/g,
  /name="intent" value=\{[^}]*\}/g,
  // A form that toggles between two intents: `const intent = closed ? "reopen-unit" : "close-unit"`.
  /const intent = [^;\n]*\? "[^"]+" : "[^"]+"/g,
];

function intentsOf(source: string) {
  const found = new Set<string>();
  for (const pattern of INTENT_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      // An enum list or a conditional value names several intents.
      for (const literal of (match[1] ?? match[0]).matchAll(/"([a-zA-Z-]+)"/g)) {
        if (literal[1] !== "intent") found.add(literal[1]!);
      }
      if (match[1] && !match[1].includes('"')) found.add(match[1]);
    }
  }
  return [...found].sort();
}

export const ROUTES: RouteEntry[] = Object.entries(modules)
  .map(([path, module]) => {
    const file = path.replace(/^.*\/routes\//, "").replace(/\.tsx?$/, "");
    const source = sources[path] ?? "";
    return { file, module, ...patternOf(file), intents: module.action ? intentsOf(formSources(source)) : [], source };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

/** The URL of `route` with `params` filled in (encoded), plus `?index` for an index route's action. */
export function urlOf(route: RouteEntry, params: Record<string, string>, options: { action?: boolean; query?: string } = {}) {
  const path = route.pattern.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => encodeURIComponent(params[name ?? "*"] ?? ""));
  const query = [options.action && route.index ? "index" : "", options.query ?? ""].filter(Boolean).join("&");
  return path + (query ? `?${query}` : "");
}

/** The demo accounts the matrix signs in as (null: anonymous). */
export const ROLES = {
  anonymous: null,
  hocvien: "u-hocvien",
  giamkhao: "u-giamkhao",
  hoithi: "u-hoithi",
  bantochuc: "u-bantochuc",
  donvi: "u-donvi",
  quantri: "u-quantri",
  thisinh1: "u-thisinh1",
} as const;
export type RoleName = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];

/** A fresh session cookie for `role` (a new one each time: logout and revocation end sessions). */
export async function cookieOf(role: RoleName) {
  const userId = ROLES[role];
  return userId ? await cookieFor(userId) : undefined;
}

export type Outcome =
  | { kind: "login"; status: number }
  | { kind: "forbidden"; status: 403 }
  | { kind: "not-found"; status: 404 }
  | { kind: "served"; status: number; location: string | null; detail?: string }
  | { kind: "server-error"; status: number; error?: unknown };

/** Runs a loader or action as the server would and classifies the answer (a thrown error is a 500). */
export async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  let settled: Awaited<ReturnType<typeof settle>>;
  try {
    settled = await settle(run);
  } catch (error) {
    return { kind: "server-error", status: 500, error };
  }
  const { status, location, value } = settled;
  if (value instanceof Response && value.body) await value.body.cancel().catch(() => {});
  if (status >= 500) return { kind: "server-error", status };
  if (status >= 300 && status < 400 && location?.startsWith("/dang-nhap")) return { kind: "login", status };
  if (status === 401) return { kind: "login", status };
  if (status === 403) return { kind: "forbidden", status };
  if (status === 404) return { kind: "not-found", status };
  // What a refused form was told, for the failure message.
  const detail = status >= 400 && !(value instanceof Response) ? JSON.stringify(value).slice(0, 300) : undefined;
  return { kind: "served", status, location, detail };
}

/** A refusal: sent to log in, forbidden, or told there is no such page. */
export function isRefusal(outcome: Outcome) {
  return outcome.kind === "login" || outcome.kind === "forbidden" || outcome.kind === "not-found";
}

/** Real ids of the seeded demo data that route params are filled with. */
export interface DemoIds {
  bithuCell: number;
  blocContest: number;
  blocKnowledgeRound: number;
  blocSituationRound: number;
  blocPresentationRound: number;
  grassrootsContest: number;
  grassrootsKnowledgeRound: number;
  grassrootsSituationRound: number;
  thisinh1Contestant: number;
  thisinh2Contestant: number;
  hocvienAttempt: number;
  otherAttempt: number;
  hocvienRun: number;
  otherRun: number;
  donviUnit: number;
  outsideUnit: number;
  insidePerson: number;
  outsidePerson: number;
  outsideClass: number;
  campaign: number;
  nomination: number;
  moduleSlug: string;
  sourceFile: string;
}

export async function demoIds(database: Database): Promise<DemoIds> {
  const db = database.db;
  const value = async <Value extends z.ZodTypeAny>(query: ReturnType<typeof sql>, schema: Value): Promise<z.output<Value>> => {
    const [row] = rowsOf(await db.execute(query), z.object({ v: schema }));
    if (row === undefined) throw new Error(`demo data: nothing for ${JSON.stringify(query.queryChunks)}`);
    return row.v;
  };
  const one = (query: ReturnType<typeof sql>) => value(query, z.number());
  const donviUnit = await one(sql`select unit_id as v from role_grant where user_id = 'u-donvi' and role = 'org_admin'`);
  const donviPath = await value(sql`select path as v from unit where id = ${donviUnit}`, z.string());
  const blocContest = await one(sql`select id as v from contest where level = 'khoi' order by id limit 1`);
  const grassrootsContest = await one(sql`select id as v from contest where status = 'published' order by id limit 1`);
  const round = (contestId: number, kind: string) => one(sql`select id as v from contest_round where contest_id = ${contestId} and kind = ${kind}`);
  const contestantOf = (userId: string) =>
    one(
      sql`select c.id as v from contest_contestant c join "user" u on u.person_id = c.person_id where u.id = ${userId} and c.contest_id = ${grassrootsContest}`,
    );
  return {
    blocContest,
    blocKnowledgeRound: await round(blocContest, "knowledge"),
    blocSituationRound: await round(blocContest, "situation"),
    blocPresentationRound: await round(blocContest, "presentation"),
    grassrootsContest,
    grassrootsKnowledgeRound: await round(grassrootsContest, "knowledge"),
    grassrootsSituationRound: await round(grassrootsContest, "situation"),
    thisinh1Contestant: await contestantOf("u-thisinh1"),
    thisinh2Contestant: await contestantOf("u-thisinh2"),
    hocvienAttempt: await one(sql`select id as v from quiz_attempt where user_id = 'u-hocvien' and submitted_at is not null order by id limit 1`),
    otherAttempt: await one(sql`select id as v from quiz_attempt where user_id like 'u-hv%' and submitted_at is not null order by id limit 1`),
    hocvienRun: await one(sql`select id as v from practice_run where user_id = 'u-hocvien' order by id limit 1`),
    otherRun: await one(sql`select id as v from practice_run where user_id = 'u-giamkhao' order by id limit 1`),
    donviUnit,
    outsideUnit: await one(sql`select id as v from unit where kind = 'dang_bo_co_so' and path not like ${donviPath + "%"} order by id limit 1`),
    // People without an account, so that account intents touch nobody who signs in here.
    insidePerson: await one(
      sql`select p.id as v from person p join unit u on u.id = p.unit_id where u.path like ${donviPath + "%"} and p.active and not exists (select 1 from "user" x where x.person_id = p.id) order by p.id limit 1`,
    ),
    outsidePerson: await one(
      sql`select p.id as v from person p join unit u on u.id = p.unit_id where u.path not like ${donviPath + "%"} and p.active and not exists (select 1 from "user" x where x.person_id = p.id) order by p.id limit 1`,
    ),
    // The demo classes were all held by units outside donvi's subtree.
    outsideClass: await one(
      sql`select c.id as v from training_class c join unit u on u.id = c.unit_id where u.path not like ${donviPath + "%"} order by c.id limit 1`,
    ),
    campaign: await one(sql`select id as v from campaign order by id limit 1`),
    nomination: await one(sql`select id as v from contest_nomination order by id limit 1`),
    // The demo secretary's cell (inside donvi's đảng bộ), the one capuy is assigned to attend.
    bithuCell: await one(sql`select p.unit_id as v from person p join "user" u on u.person_id = p.id where u.id = 'u-bithu'`),
    moduleSlug: "vi-tri-vai-tro-chi-bo",
    sourceFile: "000_cc7b9622c9bc6dfa.txt",
  };
}

/** Tables whose rows a refused request must leave alone (sessions and login throttling are bookkeeping). */
const BOOKKEEPING = ["session", "login_throttle"];

/**
 * A fingerprint of every table but the bookkeeping ones: the row count and the sum of the rows'
 * `xmin` (the transaction that wrote each row version). Any committed insert, update or delete
 * changes it; reading nothing but system columns keeps it cheap enough to take per request.
 */
export async function fingerprint(database: Database) {
  const tables = rowsOf(
    await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '\\_\\_%' order by tablename`),
    z.object({ tablename: z.string() }),
  )
    .map((t) => t.tablename)
    .filter((t) => !BOOKKEEPING.includes(t));
  const parts = tables.map((t) => `select '${t}' as t, count(*)::int as n, coalesce(sum(xmin::text::bigint), 0)::text as h from "${t}"`);
  const rows = rowsOf(await database.db.execute(sql.raw(parts.join(" union all "))), z.object({ t: z.string(), n: z.number(), h: z.string() }));
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

/** Route params filled with demo ids the allowed roles own or may reach. */
export function paramsFor(route: RouteEntry, ids: DemoIds): Record<string, string> {
  const certificate = route.file.includes("giay-chung-nhan");
  const values: Record<string, string | number> = {
    contestId: certificate ? ids.grassrootsContest : ids.blocContest,
    roundId: route.file.includes("lam-bai") ? ids.blocKnowledgeRound : ids.blocSituationRound,
    contestantId: ids.thisinh1Contestant,
    attemptId: ids.hocvienAttempt,
    runId: ids.hocvienRun,
    unitId: ids.donviUnit,
    personId: ids.insidePerson,
    id: route.file.includes("chien-dich") ? ids.campaign : ids.outsideClass,
    cellId: ids.bithuCell,
    slug: ids.moduleSlug,
    track: "B",
    file: ids.sourceFile,
    "*": "khong-co-trang-nay",
  };
  return Object.fromEntries(route.params.map((p) => [p, String(values[p])]));
}
