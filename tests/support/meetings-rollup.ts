import { z } from "zod";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rowsOf, type Database, type Executor } from "#db/client.server";
import { rebuildMeetingFigures } from "~/meetings/figures-rollup.server";

/** Every table the meetings' roll-up keeps (ADR 020), in a stable order. */
async function snapshot(executor: Executor) {
  return {
    cells: rowsOf(await executor.execute(sql`select * from meeting_cell_period order by cell_id, period_kind, period_start`), z.object({}).passthrough()),
    units: rowsOf(await executor.execute(sql`select * from meeting_subunit_period order by unit_id, period_kind, period_start`), z.object({}).passthrough()),
    runs: rowsOf(await executor.execute(sql`select * from meeting_absence_run order by person_id`), z.object({}).passthrough()),
    atRisk: rowsOf(await executor.execute(sql`select * from meeting_cell_at_risk order by cell_id, period_kind, period_start`), z.object({}).passthrough()),
    absenceCounts: rowsOf(
      await executor.execute(sql`select unit_id as "unitId", at_risk as "atRisk" from meeting_absence_count where at_risk <> 0 order by unit_id`),
      AbsenceCountRowSchema,
    ),
  };
}

const AbsenceCountRowSchema = z.object({ unitId: z.number(), atRisk: z.number() });

/** The members at risk (runs ≥ 2) counted from the runs themselves, per unit of their cells' paths. */
async function recountAbsences(executor: Executor) {
  return rowsOf(
    await executor.execute(sql`select a.id as "unitId", count(*)::int as "atRisk"
      from meeting_absence_run r join unit u on u.id = r.cell_id cross join lateral unit_path_ids(u.path) a(id)
      where r.absent_run >= 2 group by a.id order by a.id`),
    AbsenceCountRowSchema,
  );
}

/** The roll-up kept by the writes equals `rebuildMeetingFigures`'s, computed in a transaction rolled back. */
export async function expectMeetingFiguresEqualToRebuild(db: Database["db"], label: string) {
  const kept = await snapshot(db);
  let rebuilt: Awaited<ReturnType<typeof snapshot>> | undefined;
  await db
    .transaction(async (tx) => {
      await rebuildMeetingFigures(tx);
      rebuilt = await snapshot(tx);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message.includes("Rollback"))) throw error;
    });
  expect(kept.cells.length).toBeGreaterThan(0);
  expect({ label, ...kept }).toEqual({ label, ...rebuilt });
  expect({ label, counts: kept.absenceCounts }).toEqual({ label, counts: await recountAbsences(db) });
}
