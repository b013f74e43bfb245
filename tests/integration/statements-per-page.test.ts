import { sql } from "drizzle-orm";
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
  // `max`: the page read afresh (after a change below the unit); `kept`: read again unchanged (ADR 020).
  { label: "meetings dashboard, the bloc for a year", user: "u-bantochuc", url: "/sinh-hoat/bao-cao?ky=2025", max: 7, kept: 3 },
  { label: "meetings dashboard, the bloc for a month", user: "u-bantochuc", url: "/sinh-hoat/bao-cao?ky=2025-06", max: 8, kept: 3 },
  { label: "training dashboard", user: "u-bantochuc", url: "/bao-cao", max: 6 },
];

for (const target of dbTargets()) {
  describe.skipIf(!appBuilt)(`statements per dashboard page on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const origin = useBuiltAppServer();

    for (const page of PAGES) {
      it(`${page.label}: at most ${page.max} statements${page.kept === undefined ? "" : `, ${page.kept} when kept`}`, async () => {
        const cookie = await cookieFor(page.user);
        // Every statement of the query builder and of execute() passes the session's logger.
        const logger = (handle.database.db as unknown as { session: { logger: { logQuery: (q: string) => void } } }).session.logger;
        const spy = vi.spyOn(logger, "logQuery");
        const count = async (round: string) => {
          spy.mockClear();
          const response = await fetch(origin() + page.url, { headers: { Cookie: cookie } });
          expect(response.status, round).toBe(200);
          expect(await response.text()).toContain("<h1");
          return spy.mock.calls.map(([q]) => q.replace(/\s+/g, " ").trim().slice(0, 100));
        };
        try {
          // The first request may build a campaign's figures of the day; the second counts.
          await count("first");
          const second = await count("second");
          if (page.kept === undefined) {
            expect(second.length, second.join("\n")).toBeLessThanOrEqual(page.max);
            return;
          }
          expect(second.length, second.join("\n")).toBeLessThanOrEqual(page.kept);
          // A change under every unit: the page is read afresh.
          await handle.database.db.execute(sql`update meeting_dashboard_version set version = version + 1`);
          const fresh = await count("after a change");
          expect(fresh.length, fresh.join("\n")).toBeLessThanOrEqual(page.max);
          expect(fresh.length).toBeGreaterThan(second.length);
        } finally {
          spy.mockRestore();
        }
      });
    }
  });
}
