import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { describe, expect, it, vi } from "vitest";
import { rowsOf } from "#db/client.server";
import { contest, contestContestant, contestStanding } from "#db/schema";
import { advanceContest } from "~/contest/contests.server";
import { dbTargets, useTestDatabase } from "../support/db";

// The recompute can be made to fail on demand: publishing must then leave the contest as it was.
const recompute = vi.hoisted(() => ({ fail: false }));
vi.mock("~/contest/recompute.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/contest/recompute.server")>();
  return {
    ...original,
    recomputeContest: async (...input: Parameters<typeof original.recomputeContest>) => {
      if (recompute.fail) throw new Error("recompute failed");
      return original.recomputeContest(...input);
    },
  };
});

for (const target of dbTargets()) {
  describe(`advancing a contest on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    /** A finished contest with three registered contestants and no standings computed yet. */
    async function finishedContest() {
      const people = rowsOf(
        await db().execute(sql`
          select p.id as "personId", split_part(u.path, '/', 3)::int as "tccsId"
          from person p join unit u on u.id = p.unit_id where p.active order by p.id desc limit 3`),
        z.object({ personId: z.number(), tccsId: z.number() }),
      );
      const [row] = await db()
        .insert(contest)
        .values({ name: "Hội thi công bố", level: "khoi", unitId: 1, startsOn: "2022-05-01", endsOn: "2022-06-30", status: "finished" })
        .returning({ id: contest.id });
      await db()
        .insert(contestContestant)
        .values(people.map((p) => ({ contestId: row!.id, personId: p.personId, tccsUnitId: p.tccsId })));
      return row!.id;
    }

    const stateOf = async (contestId: number) => {
      const [row] = await db().select({ status: contest.status, publishedAt: contest.publishedAt }).from(contest).where(eq(contest.id, contestId));
      const standings = await db().select().from(contestStanding).where(eq(contestStanding.contestId, contestId));
      return { ...row!, standings: standings.length };
    };

    it("publishes and recomputes the standings in one transaction", async () => {
      const contestId = await finishedContest();
      expect(await stateOf(contestId)).toMatchObject({ status: "finished", publishedAt: null, standings: 0 });
      expect(await advanceContest({ contestId, from: "finished" })).toEqual({ ok: true, status: "published" });
      const after = await stateOf(contestId);
      expect(after).toMatchObject({ status: "published", standings: 3 });
      expect(after.publishedAt).not.toBeNull();
    });

    it("leaves the contest unpublished when the recompute fails", async () => {
      const contestId = await finishedContest();
      recompute.fail = true;
      try {
        await expect(advanceContest({ contestId, from: "finished" })).rejects.toThrow("recompute failed");
      } finally {
        recompute.fail = false;
      }
      expect(await stateOf(contestId)).toMatchObject({ status: "finished", publishedAt: null, standings: 0 });
      // Steps before publishing do not recompute, and a stale `from` is refused without a change.
      expect(await advanceContest({ contestId, from: "running" })).toMatchObject({ ok: false });
      expect((await stateOf(contestId)).status).toBe("finished");
    });
  });
}
