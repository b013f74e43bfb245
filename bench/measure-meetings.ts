/**
 * Times each part of the meetings dashboard (`getMeetingDashboard`, issue 15) of a unit on the
 * database DATABASE_URL names (the bench database `npm run bench` leaves behind):
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/<bench db> npx tsx bench/measure-meetings.ts <unit id> [period]`
 * (period as the page's `ky`: 2025, 2025-Q2, 2025-06; default 2025). RUNS=15 by default.
 */
import { z } from "zod";
import { getDb, openDefaultDatabase, rowsOf, setDatabase } from "#db/client.server";
import { sql } from "drizzle-orm";
import {
  countCells,
  getMeetingDashboard,
  getUnitFigures,
  listCellsAtRisk,
  listChildren,
  listMembersAtRisk,
  readUnitSummary,
} from "~/meetings/dashboard.server";
import { parsePeriod, trendPeriods } from "~/meetings/targets";

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(30)} median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms  max ${ms[runs - 1]!.toFixed(1)} ms`);
}

setDatabase(await openDefaultDatabase());
const UnitRowSchema = z.object({ id: z.number(), path: z.string(), kind: z.string() });

const [found] = rowsOf(await getDb().execute(sql`select id, path, kind from unit where id = ${Number(process.argv[2])}`), UnitRowSchema);
const unit = { id: found!.id, path: found!.path, isCell: found!.kind === "chi_bo" || found!.kind === "chi_bo_co_so" };
const period = parsePeriod(process.argv[3] ?? "2025")!;
const runs = Number(process.env.RUNS ?? 15);
const cells = await countCells(unit);
console.log(`unit ${unit.id} (${cells} open cells), period ${process.argv[3] ?? "2025"}`);
await time("summary (cells, trend figures, counts at risk)", runs, () => readUnitSummary({ unit, period, starts: trendPeriods(period).map((t) => t.start) }));
await time("unit figures (period)", runs, () => getUnitFigures({ unit, kind: period.kind, starts: [period.start], cells }));
await time("unit figures (trend)", runs, () => getUnitFigures({ unit, kind: period.kind, starts: trendPeriods(period).map((t) => t.start), cells }));
await time("children page", runs, () => listChildren({ unit, period, limit: 50, offset: 0 }));
await time("cells at risk, page 1", runs, () => listCellsAtRisk({ unit, period, limit: 50, offset: 0 }));
await time("cells at risk, page 20", runs, () => listCellsAtRisk({ unit, period, limit: 50, offset: 950 }));
await time("members at risk", runs, () => listMembersAtRisk({ unit, limit: 50, offset: 0 }));
await time("whole dashboard (parallel)", runs, () =>
  getMeetingDashboard({ unit, period, children: { limit: 50, offset: 0 }, atRisk: { limit: 50, offset: 0 } }),
);
process.exit(0);
