import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it, vi } from "vitest";
import { appBuilt, useBuiltAppServer } from "../support/built-server";
import { dbTargets, useTestDatabase } from "../support/db";
import { cookieFor } from "../support/requests";

/**
 * One page request reads the session once, although the root loader and the page's permission check
 * both ask for it (Remix gives each loader its own copy of the Request). The production build behind
 * Express with server.ts's request scope, over HTTP; runs when the build exists (`npm test` builds first).
 */
for (const target of dbTargets()) {
  describe.skipIf(!appBuilt)(`the session read once per page on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const origin = useBuiltAppServer();

    it("a page whose root loader and route loader both need the user reads the session once", async () => {
      const cookie = await cookieFor("u-hocvien");
      // The build shares the process's database handle (db/client.server.ts): count the session reads
      // among the statements it executes.
      const dialect = new PgDialect();
      const execute = vi.spyOn(handle.database.db, "execute");
      const sessionReads = () => execute.mock.calls.filter(([query]) => /from session s join "user" u/.test(dialect.sqlToQuery(query as SQL).sql)).length;
      try {
        for (const page of ["/hoc-tap", "/hoc-tap.data"]) {
          execute.mockClear();
          const response = await fetch(origin() + page, { headers: { Cookie: cookie } });
          expect(response.status, page).toBe(200);
          await response.text();
          expect(sessionReads(), page).toBe(1);
        }
        // Every scope ended with its response.
        expect((globalThis as unknown as { __requestScopes?: Map<string, unknown> }).__requestScopes?.size).toBe(0);
      } finally {
        execute.mockRestore();
      }
    });
  });
}
