import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openRequestScope } from "~/http/request-scope.server";
import { dbTargets, useTestDatabase } from "../support/db";
import { cookieFor } from "../support/requests";

/**
 * One page request reads the session once, although the root loader and the page's permission check
 * both ask for it (Remix gives each loader its own copy of the Request). The production build behind
 * Express with server.ts's request scope, over HTTP; runs when the build exists (`npm test` builds first).
 */
const buildPath = path.resolve("build/index.js");
const built = existsSync(buildPath);

for (const target of dbTargets()) {
  describe.skipIf(!built)(`the session read once per page on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    let server: http.Server;
    let origin = "";

    beforeAll(async () => {
      const build = (await import(/* @vite-ignore */ pathToFileURL(buildPath).href)) as ServerBuild;
      const app = express();
      // As server.ts does before Remix.
      app.use((req, res, next) => {
        openRequestScope(req, res);
        next();
      });
      app.all("*", createRequestHandler({ build, mode: "production" }));
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 60_000);

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

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
          const response = await fetch(origin + page, { headers: { Cookie: cookie } });
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
