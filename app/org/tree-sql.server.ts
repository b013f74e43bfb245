import { sql, type SQL } from "drizzle-orm";

/*
 * Tree tests in SQL whose path comes from another row. `x.path like y.path || '%'` cannot use the
 * path index (its pattern is not a constant), so PostgreSQL scans every unit for each row: 95 ms a
 * row on the national tree. These use the primary key and the path index instead.
 */

/** The ids of the units on `path` ("/1/5/23/": 1, 5, 23), for `id in …`: the unit and its ancestors by primary key. */
export function pathIdsSql(path: SQL): SQL {
  return sql`(select unit_path_ids(${path}))`;
}

/**
 * `path` is `prefix` or below it: a range of the path index (`text_pattern_ops`). Paths hold digits
 * and slashes only, and '0' follows '/', so the subtree of "/1/5/" is ["/1/5/", "/1/50").
 */
export function underPathSql(path: SQL, prefix: SQL): SQL {
  return sql`(${path} ~>=~ ${prefix} and ${path} ~<~ (left(${prefix}, -1) || '0'))`;
}
