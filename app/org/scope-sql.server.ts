import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** The LIKE pattern of a unit path's subtree (the path's own %, _ and \ escaped). */
export function subtreePattern(path: string) {
  return `${path.replace(/[%_\\]/g, "\\$&")}%`;
}

/** "`path` lies in one of `scopes`" as SQL (false when there are none). */
export function inScopes(path: SQL | AnyColumn, scopes: string[]) {
  if (!scopes.length) return sql`false`;
  return sql`(${sql.join(
    scopes.map((scope) => sql`${path} like ${subtreePattern(scope)}`),
    sql` or `,
  )})`;
}
