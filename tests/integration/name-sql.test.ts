import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { fullName } from "~/org/names";
import { fullNameSql } from "~/org/name-sql.server";
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
  });
}
