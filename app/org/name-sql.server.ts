import { sql, type SQL } from "drizzle-orm";
import { pathIdsSql } from "./tree-sql.server";

/**
 * A person's full name in SQL, as `fullName` in names.ts writes it ("Lê Thị Hoa"; no double space
 * when there is no middle name). Over the alias `p` unless another table reference is given.
 */
export function fullNameSql(p: SQL = sql.raw("p")): SQL<string> {
  return sql<string>`concat_ws(' ', ${p}.family_name, nullif(${p}.middle_name, ''), ${p}.given_name)`;
}

/**
 * The units above unit `u` that tell same-named units apart, nearest first, up to (not including)
 * the bloc at the root (or the unit at `belowDepth` a report is viewed from): "Đảng bộ bộ phận
 * Trường A, Đảng bộ Sở Giáo dục và Đào tạo". The ancestors are the ids on the unit's path (a
 * primary-key lookup each).
 */
export function unitTrailSql(u: SQL = sql.raw("u"), belowDepth = 0): SQL<string> {
  return sql<string>`coalesce((select string_agg(a.name, ', ' order by a.depth desc) from unit a
    where a.id in ${pathIdsSql(sql`${u}.path`)} and a.id <> ${u}.id and a.depth > ${belowDepth}), '')`;
}
