import type { Executor } from "#db/client.server";
import type { ChangeEvent } from "~/utils/change-events.server";
import { moveSubtreeFigures, renameCellAtRisk } from "./figures-rollup.server";

/**
 * The meetings' list of cells at risk copies each cell's sort key: a renamed cell moves in it; a
 * moved unit takes its cells' sums from the units it left to those it joined (ADR 020, ADR 022).
 */
export async function reactForMeetings(tx: Executor, event: ChangeEvent) {
  if (event.kind === "unit-renamed") await renameCellAtRisk(tx, { unitId: event.unitId });
  if (event.kind === "unit-moved") await moveSubtreeFigures(tx, event);
}
