import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { fullName } from "~/org/names";
import { fullNameSql } from "~/org/name-sql.server";
import { pathIdsSql, underPathSql } from "~/org/tree-sql.server";
import { dbTargets, useTestDatabase } from "../support/db";

for (const target of dbTargets()) {
  describe(`full names in SQL on ${target.name}`, () => {
    const handle = useTestDatabase(target);

    it("writes a full name as the pages do, without a double space when there is no middle name", async () => {
      const names = [
        { familyName: "Lê", middleName: "Thị", givenName: "Hoa" },
        { familyName: "Ngô", middleName: "", givenName: "Quyền" },
      ];
      const rows = rowsOf(
        await handle.database.db.execute(sql`select ${fullNameSql()} as name
          from (values ${sql.join(
            names.map((n) => sql`(${n.familyName}, ${n.middleName}, ${n.givenName})`),
            sql`, `,
          )}) as p(family_name, middle_name, given_name)`),
        z.object({ name: z.string() }),
      );
      expect(rows.map((r) => r.name)).toEqual(names.map(fullName));
      expect(rows[1]!.name).toBe("Ngô Quyền");
    });

    it("tests a subtree by a path range and finds a path's units by their ids", async () => {
      const paths = ["/1/", "/1/5", "/1/5/", "/1/5/23/", "/1/5/23/7/", "/1/50/", "/1/6/", "/2/5/"];
      const under = rowsOf(
        await handle.database.db.execute(
          sql`select x.path from (values ${sql.join(
            paths.map((p) => sql`(${p})`),
            sql`, `,
          )}) as x(path) where ${underPathSql(sql`x.path`, sql`${"/1/5/"}::text`)} order by x.path`,
        ),
        z.object({ path: z.string() }),
      );
      expect(under.map((r) => r.path)).toEqual(["/1/5/", "/1/5/23/", "/1/5/23/7/"]);
      const ids = rowsOf(
        await handle.database.db.execute(sql`select x.id from (values (1), (2), (5), (23), (50), (230)) as x(id)
          where x.id in ${pathIdsSql(sql`${"/1/5/23/"}::text`)} order by x.id`),
        z.object({ id: z.number() }),
      );
      expect(ids.map((r) => r.id)).toEqual([1, 5, 23]);
    });
  });
}
