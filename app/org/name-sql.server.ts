import { sql, type SQL } from "drizzle-orm";

/**
 * A person's full name in SQL, as `fullName` in names.ts writes it ("Lê Thị Hoa"; no double space
 * when there is no middle name). Over the alias `p` unless another table reference is given.
 */
export function fullNameSql(p: SQL = sql.raw("p")): SQL<string> {
  return sql<string>`concat_ws(' ', ${p}.family_name, nullif(${p}.middle_name, ''), ${p}.given_name)`;
}
