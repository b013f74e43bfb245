import { z } from "zod";
import { and, eq, like, sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { person, unit } from "#db/schema";
import { pathIdsSql, underPathSql } from "./tree-sql.server";

/** Condition "unit u is in the subtree rooted at `path`" (one indexed prefix scan). */
export function inSubtree(path: string) {
  return like(unit.path, `${path.replace(/[%_\\]/g, "\\$&")}%`);
}

export async function getUnit(unitId: number) {
  const [row] = await getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path, parentId: unit.parentId, depth: unit.depth, closedAt: unit.closedAt })
    .from(unit)
    .where(eq(unit.id, unitId));
  return row ?? null;
}

/** A unit and its ancestors from the root down (itself last), in one statement; null when there is no such unit. */
export async function getUnitWithAncestors(unitId: number) {
  const rows = await getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path, parentId: unit.parentId, depth: unit.depth, closedAt: unit.closedAt })
    .from(unit)
    .where(sql`${unit.id} in ${pathIdsSql(sql`(select t.path from unit t where t.id = ${unitId})`)}`)
    .orderBy(unit.depth);
  const found = rows.at(-1);
  return found?.id === unitId ? { unit: found, ancestors: rows } : null;
}

/** Ancestors of a unit from the root down (for breadcrumbs), parsed from its path. */
export async function getAncestors(path: string) {
  const ids = path.split("/").filter(Boolean).map(Number);
  if (!ids.length) return [];
  const rows = await getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path })
    .from(unit)
    .where(sql`${unit.id} in ${ids}`);
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined);
}

const UnitWithCountsRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  path: z.string(),
  closedAt: z.union([z.string(), z.date()]).nullable(),
  unitCount: z.number(),
  memberCount: z.number(),
});

/**
 * Units matching `where` (a condition on alias `c`) with the number of open units
 * below each and of active members in each subtree, aggregated in SQL: each count is
 * one range scan of the path index over that unit's subtree.
 */
async function unitsWithCounts(where: ReturnType<typeof sql>) {
  const rows = await getDb().execute(sql`
    select c.id, c.name, c.kind, c.path, c.closed_at as "closedAt",
      (select count(*)::int from ${unit} d
         where ${underPathSql(sql`d.path`, sql`c.path`)} and d.id <> c.id and d.closed_at is null) as "unitCount",
      (select count(*)::int from ${person} p join ${unit} pu on pu.id = p.unit_id
         where ${underPathSql(sql`pu.path`, sql`c.path`)} and p.active) as "memberCount"
    from ${unit} c
    where ${where}
    order by c.closed_at nulls first, c.name
  `);
  return rowsOf(rows, UnitWithCountsRowSchema);
}

/** Children of a unit with counts of open sub-units and active members in each child's subtree. */
export function listChildrenWithCounts(parentId: number) {
  return unitsWithCounts(sql`c.parent_id = ${parentId}`);
}

/** The units at `paths` (e.g. a user's scope roots) with the same counts. */
export function listUnitsWithCountsByPath(paths: string[]) {
  if (!paths.length) return Promise.resolve([]);
  return unitsWithCounts(sql`c.path in ${paths}`);
}

/** Active members in a subtree. */
export async function countMembersInSubtree(path: string) {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(person)
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(and(inSubtree(path), eq(person.active, true)));
  return row?.n ?? 0;
}
