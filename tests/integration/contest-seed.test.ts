import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { listContestsFor } from "~/contest/contests.server";
import { getJudgeRoundSheet } from "~/contest/ballots.server";
import { startContestAttempt } from "~/contest/knowledge-round.server";
import { resultsXlsx } from "~/contest/export.server";
import ExcelJS from "exceljs";
import { getLeaderboard } from "~/contest/results.server";
import { loadGrants } from "~/auth/session.server";
import * as resultsRoute from "~/routes/hoi-thi.$contestId.ket-qua";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest } from "../support/requests";

for (const target of dbTargets()) {
  describe(`contest demo data on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    it("gives every demo account real work: results published, a bloc contest in registration, a running contest with open rounds", async () => {
      const db = handle.database.db;
      const contests = rowsOf(
        await db.execute(sql`select id, level, status from contest order by id`),
        z.object({ id: z.number(), level: z.string(), status: z.string() }),
      );
      expect(contests.map((c) => [c.level, c.status])).toEqual([
        ["co_so", "published"],
        ["khoi", "registration"],
        ["co_so", "running"],
      ]);
      const [published, bloc, running] = contests as [(typeof contests)[0], (typeof contests)[0], (typeof contests)[0]];
      const board = await getLeaderboard({ contestId: published.id });
      expect(board.total).toBe(8);
      expect(board.rows[0]!.rank).toBe(1);
      expect(board.rows[0]!.prize).toBe("Giải Nhất");
      expect(board.rows.every((r, i) => i === 0 || r.total <= board.rows[i - 1]!.total)).toBe(true);
      // Contestants' accounts carry their real names, the names on the results.
      const accountNames = rowsOf(
        await db.execute(sql`select display_name as name from "user" where username like 'thisinh%'`),
        z.object({ name: z.string() }),
      ).map((r) => r.name);
      expect(accountNames.sort()).toEqual(board.rows.map((r) => r.fullName).sort());
      // Every grassroots prize winner was carried into the bloc contest.
      const [carried] = rowsOf(
        await db.execute(sql`select count(*)::int as n from contest_contestant where contest_id = ${bloc.id} and from_contest_id = ${published.id}`),
        z.object({ n: z.number() }),
      );
      expect(carried!.n).toBe(board.rows.filter((r) => r.prize).length);

      const personOf = async (userId: string) =>
        rowsOf(await db.execute(sql`select person_id as p from "user" where id = ${userId}`), z.object({ p: z.number().nullable() }))[0]!.p;
      const learner = { id: "u-hocvien", username: "hocvien", displayName: "", personId: await personOf("u-hocvien"), grants: await loadGrants("u-hocvien") };
      expect((await listContestsFor(learner)).map((c) => [c.id, c.entered])).toEqual([
        [running.id, true],
        [bloc.id, true],
      ]);
      // hocvien can take the open knowledge round now.
      const [knowledge] = rowsOf(
        await db.execute(sql`select id from contest_round where contest_id = ${running.id} and kind = 'knowledge' and status = 'open'`),
        z.object({ id: z.number() }),
      );
      const started = await startContestAttempt({ contestId: running.id, roundId: knowledge!.id, userId: learner.id, personId: learner.personId });
      expect(started.ok).toBe(true);

      const judge = { id: "u-giamkhao", username: "giamkhao", displayName: "", personId: await personOf("u-giamkhao"), grants: await loadGrants("u-giamkhao") };
      expect((await listContestsFor(judge)).map((c) => [c.id, c.judging])).toEqual([
        [running.id, true],
        [bloc.id, true],
      ]);
      // giamkhao has six sheets to grade in the open situation round, none written yet, no conflict of interest.
      const [situation] = rowsOf(
        await db.execute(sql`select id from contest_round where contest_id = ${running.id} and kind = 'situation' and status = 'open'`),
        z.object({ id: z.number() }),
      );
      const sheet = await getJudgeRoundSheet({ roundId: situation!.id, judgeUserId: judge.id });
      expect(sheet).toHaveLength(6);
      expect(sheet.every((row) => row.ballotStatus === null && !row.conflict)).toBe(true);

      // The README's example learner account exists.
      expect(rowsOf(await db.execute(sql`select count(*)::int as n from "user" where username = 'hvqb000001'`), z.object({ n: z.number() }))[0]!.n).toBe(1);

      // donvi's đảng bộ organised both grassroots contests (the demo learner's đảng bộ too): donvi sees them as organiser.
      const unitAdmin = { id: "u-donvi", username: "donvi", displayName: "", personId: await personOf("u-donvi"), grants: await loadGrants("u-donvi") };
      expect((await listContestsFor(unitAdmin)).filter((c) => c.managed).map((c) => c.id)).toEqual([running.id, published.id]);
    });

    it("shows standings per unit on request, consistent with the contestants' ranks", async () => {
      const [published] = rowsOf(await handle.database.db.execute(sql`select id from contest where status = 'published'`), z.object({ id: z.number() }));
      const cookie = await cookieFor("u-hoithi");
      const plain = await resultsRoute.loader(args(getRequest(`/hoi-thi/${published!.id}/ket-qua`, cookie), { contestId: String(published!.id) }));
      expect(plain.units).toBeNull();
      const byUnit = await resultsRoute.loader(args(getRequest(`/hoi-thi/${published!.id}/ket-qua?xem=don-vi`, cookie), { contestId: String(published!.id) }));
      expect(byUnit.units!.reduce((sum, u) => sum + u.contestants, 0)).toBe(byUnit.total);
      expect(byUnit.units![0]!.bestRank).toBe(1);
      expect(byUnit.units!.reduce((sum, u) => sum + u.prizes, 0)).toBe(byUnit.rows.filter((r) => r.prize).length);
    });

    it("exports results as a printable workbook: scores stored as numbers, shown with two decimals, A4 landscape fitted to width", async () => {
      const [published] = rowsOf(
        await handle.database.db.execute(sql`select id, name from contest where status = 'published'`),
        z.object({ id: z.number(), name: z.string() }),
      );
      const response = await resultsXlsx({ contestId: published!.id, contestName: published!.name });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      const header = sheet.getRow(3);
      expect(header.getCell(1).value).toBe("Hạng");
      const totalColumn = (header.values as unknown[]).indexOf("Tổng điểm");
      const total = sheet.getRow(4).getCell(totalColumn);
      expect(typeof total.value).toBe("number");
      expect(total.numFmt).toBe("#,##0.00");
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:3" });
    });
  });
}
