import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { listContestsFor } from "~/contest/contests.server";
import { getLeaderboard } from "~/contest/results.server";
import { loadGrants } from "~/auth/session.server";
import * as resultsRoute from "~/routes/hoi-thi.$contestId.ket-qua";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest } from "../support/requests";

for (const target of dbTargets()) {
  describe(`contest demo data on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    it("has a published grassroots contest with results and a bloc contest in registration for the demo accounts", async () => {
      const contests = rowsOf<{ id: number; level: string; status: string }>(await handle.database.db.execute(sql`select id, level, status from contest order by id`));
      expect(contests.map((c) => [c.level, c.status])).toEqual([
        ["co_so", "published"],
        ["khoi", "registration"],
      ]);
      const board = await getLeaderboard({ contestId: contests[0]!.id });
      expect(board.total).toBe(8);
      expect(board.rows[0]!.rank).toBe(1);
      expect(board.rows[0]!.prize).toBe("Giải Nhất");
      expect(board.rows.every((r, i) => i === 0 || r.total <= board.rows[i - 1]!.total)).toBe(true);
      // Every grassroots prize winner was carried into the bloc contest.
      const [carried] = rowsOf<{ n: number }>(await handle.database.db.execute(sql`select count(*)::int as n from contest_contestant where contest_id = ${contests[1]!.id} and from_contest_id = ${contests[0]!.id}`));
      expect(carried!.n).toBe(board.rows.filter((r) => r.prize).length);
      const asLearner = await listContestsFor({ id: "u-hocvien", username: "hocvien", displayName: "", personId: (rowsOf<{ p: number }>(await handle.database.db.execute(sql`select person_id as p from "user" where id = 'u-hocvien'`)))[0]!.p, grants: await loadGrants("u-hocvien") });
      expect(asLearner.map((c) => [c.id, c.entered])).toEqual([[contests[1]!.id, true]]);
      const asJudge = await listContestsFor({ id: "u-giamkhao", username: "giamkhao", displayName: "", personId: null, grants: await loadGrants("u-giamkhao") });
      expect(asJudge.map((c) => [c.id, c.judging])).toEqual([[contests[1]!.id, true]]);
    });

    it("shows standings per unit on request, consistent with the contestants' ranks", async () => {
      const [published] = rowsOf<{ id: number }>(await handle.database.db.execute(sql`select id from contest where status = 'published'`));
      const cookie = await cookieFor("u-hoithi");
      const plain = await resultsRoute.loader(args(getRequest(`/hoi-thi/${published!.id}/ket-qua`, cookie), { contestId: String(published!.id) }));
      expect(plain.units).toBeNull();
      const byUnit = await resultsRoute.loader(args(getRequest(`/hoi-thi/${published!.id}/ket-qua?xem=don-vi`, cookie), { contestId: String(published!.id) }));
      expect(byUnit.units!.reduce((sum, u) => sum + u.contestants, 0)).toBe(byUnit.total);
      expect(byUnit.units![0]!.bestRank).toBe(1);
      expect(byUnit.units!.reduce((sum, u) => sum + u.prizes, 0)).toBe(byUnit.rows.filter((r) => r.prize).length);
    });
  });
}
