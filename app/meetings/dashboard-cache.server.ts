import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf } from "#db/client.server";
import { getMeetingDashboard } from "./dashboard.server";

/*
 * The meetings dashboard's pages, kept in this process while their unit's version
 * (`meeting_dashboard_version`, migration 0026) is unchanged (ADR 020). A page costs six
 * statements and ~12 ms of PostgreSQL, and is read far more often than its subtree changes; a kept
 * page costs one primary-key read. The version is read before the page, so a kept page is never
 * older than its version (a commit in between makes it newer, and the next read misses).
 * A cell's page is not kept: it lists the cell's meetings, whose every edit would need a bump.
 */

const MAX_PAGES = 300;

type Dashboard = Awaited<ReturnType<typeof getMeetingDashboard>>;
type DashboardInput = Parameters<typeof getMeetingDashboard>[0];

type Pages = Map<string, { version: number; page: Dashboard }>;
/** Per database handle (the tests open several in one process, with the same ids and versions). */
const pagesByDatabase = new WeakMap<object, Pages>();

function pagesOf(db: object) {
  let pages = pagesByDatabase.get(db);
  if (!pages) pagesByDatabase.set(db, (pages = new Map()));
  return pages;
}

const VersionRowSchema = z.object({ version: z.coerce.number() });

/** The unit's dashboard version (0 until its first bump). */
export async function readDashboardVersion(unitId: number) {
  const [row] = rowsOf(
    await getDb().execute(sql`select coalesce((select version from meeting_dashboard_version where unit_id = ${unitId}), 0) as version`),
    VersionRowSchema,
  );
  return row?.version ?? 0;
}

function pageKey(input: DashboardInput) {
  const { unit, period, children, atRisk } = input;
  return [
    unit.id,
    unit.path,
    period.kind,
    period.start,
    period.end,
    children.sort,
    children.direction,
    children.limit,
    children.offset,
    atRisk.limit,
    atRisk.offset,
  ].join("|");
}

/** `getMeetingDashboard`, from the kept page when the unit's version has not moved since it was read. */
export async function getKeptMeetingDashboard(input: DashboardInput): Promise<Dashboard> {
  if (input.unit.isCell) return getMeetingDashboard(input);
  const pages = pagesOf(getDb());
  const version = await readDashboardVersion(input.unit.id);
  const key = pageKey(input);
  const kept = pages.get(key);
  pages.delete(key);
  if (kept?.version === version) {
    pages.set(key, kept); // the most recently used last
    return kept.page;
  }
  const page = await getMeetingDashboard(input);
  pages.set(key, { version, page });
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
  return page;
}
