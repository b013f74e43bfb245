import { and, asc, eq, isNull, like, sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { person, unit } from "#db/schema";

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

/**
 * Children of a unit with the number of units and active members in each
 * child's subtree, aggregated in SQL.
 */
export async function listChildrenWithCounts(parentId: number) {
  const child = sql`c`;
  const rows = await getDb().execute(sql`
    select ${child}.id, ${child}.name, ${child}.kind, ${child}.path, ${child}.closed_at as "closedAt",
      (select count(*)::int from ${unit} d where d.path like ${child}.path || '%' and d.id <> ${child}.id) as "unitCount",
      (select count(*)::int from ${person} p join ${unit} pu on pu.id = p.unit_id
         where pu.path like ${child}.path || '%' and p.active) as "memberCount"
    from ${unit} ${child}
    where ${child}.parent_id = ${parentId}
    order by ${child}.closed_at nulls first, ${child}.name
  `);
  return rowsOf<{ id: number; name: string; kind: string; path: string; closedAt: Date | null; unitCount: number; memberCount: number }>(rows);
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

export async function getRootUnits() {
  return getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path })
    .from(unit)
    .where(isNull(unit.parentId))
    .orderBy(asc(unit.name));
}
