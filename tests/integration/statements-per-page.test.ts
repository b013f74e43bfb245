import { describe, expect, it, vi } from "vitest";
import { appBuilt, useBuiltAppServer } from "../support/built-server";
import { dbTargets, useTestDatabase } from "../support/db";
import { cookieFor } from "../support/requests";

/**
 * The dashboards are the pages Ban Tổ chức opens most and the bench's hot paths: each statement
 * costs a round trip and the Node work around it (docs/performance.md, session 8). Their statement
 * counts are pinned here, so a new read shows up as a decision, not as a slow page found months
 * later. The production build behind Express with server.ts's request scope, over HTTP; runs when
 * the build exists (`npm test` builds first).
 */
const PAGES = [
  { label: "meetings dashboard, the bloc for a year", user: "u-bantochuc", url: "/sinh-hoat/bao-cao?ky=2025", max: 6 },
  { label: "meetings dashboard, the bloc for a month", user: "u-bantochuc", url: "/sinh-hoat/bao-cao?ky=2025-06", max: 7 },
  { label: "training dashboard", user: "u-bantochuc", url: "/bao-cao", max: 6 },
];

for (const target of dbTargets()) {
  describe.skipIf(!appBuilt)(`statements per dashboard page on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const origin = useBuiltAppServer();

    for (const page of PAGES) {
      it(`${page.label}: at most ${page.max} statements`, async () => {
        const cookie = await cookieFor(page.user);
        // Every statement of the query builder and of execute() passes the session's logger.
        const logger = (handle.database.db as unknown as { session: { logger: { logQuery: (q: string) => void } } }).session.logger;
        const spy = vi.spyOn(logger, "logQuery");
        try {
          // The second request counts: the first may build a campaign's figures of the day.
          for (const round of ["first", "second"]) {
            spy.mockClear();
            const response = await fetch(origin() + page.url, { headers: { Cookie: cookie } });
            expect(response.status, round).toBe(200);
            expect(await response.text()).toContain("<h1");
          }
          const statements = spy.mock.calls.map(([q]) => q.replace(/\s+/g, " ").trim().slice(0, 100));
          expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(page.max);
        } finally {
          spy.mockRestore();
        }
      });
    }
  });
}
