import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { getLeaderboard } from "~/contest/results.server";
import { dbTargets, useTestDatabase } from "../support/db";

/**
 * Leaderboard pages are slices of the board's index order, ranked at read time (a window over the
 * slice plus a count of the rows above it): with ties of every size, the pages laid end to end must be
 * exactly the standings in (rank, contestant) order, with competition ranks across page breaks.
 */
for (const target of dbTargets()) {
  describe(`leaderboard pages on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    it("lays pages end to end without gaps or repeats, whatever the ties", async () => {
      const [c] = rowsOf(
        await db().execute(sql`insert into contest (name, level, unit_id, starts_on, ends_on, status)
          values ('Hội thi phân trang', 'khoi', 1, '2022-05-01', '2022-05-02', 'published') returning id`),
        z.object({ id: z.number() }),
      );
      // 40 contestants; totals with ties of 1 to 7 people, ranked 1, 2, 2, 4, … as the app ranks them.
      const totals = [100, 90, 90, 80, 80, 80, 80, 80, 80, 80, 70, 60, 60, 60, 50, ...Array.from({ length: 25 }, (_, i) => 40 - Math.floor(i / 5))];
      await db().execute(sql`
        with people as (select p.id, row_number() over (order by p.id) as n from person p limit ${totals.length}),
        entrants as (
          insert into contest_contestant (contest_id, person_id, tccs_unit_id)
          select ${c!.id}, id, 1 from people returning id, person_id
        )
        insert into contest_standing (contest_id, contestant_id, total, sort_key)
        select ${c!.id}, e.id, t.total, array[t.total]
        from entrants e join people p on p.id = e.person_id
        join unnest(${sql.raw(`'{${totals.join(",")}}'::float8[]`)}) with ordinality t(total, n) on t.n = p.n`);
      await db().execute(sql`update contest set standing_count = ${totals.length} where id = ${c!.id}`);
      const expected = rowsOf(
        await db().execute(
          sql`select contestant_id as id, rank() over (order by total desc)::int as rank from contest_standing where contest_id = ${c!.id} order by total desc, contestant_id`,
        ),
        z.object({ id: z.number(), rank: z.number() }),
      );
      for (const pageSize of [1, 3, 7, 50]) {
        const seen: { id: number; rank: number }[] = [];
        for (let page = 1; page <= Math.ceil(totals.length / pageSize) + 1; page++) {
          const board = await getLeaderboard({ contestId: c!.id, page, pageSize });
          expect(board.total).toBe(totals.length);
          seen.push(...board.rows.map((r) => ({ id: r.contestantId, rank: r.rank })));
        }
        expect({ pageSize, seen }).toEqual({ pageSize, seen: expected });
      }
      const last = await getLeaderboard({ contestId: c!.id, page: 8, pageSize: 5 });
      expect(last.rows.map((r) => r.rank)).toEqual([36, 36, 36, 36, 36]);
    });
  });
}
