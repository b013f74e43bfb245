import type { Executor } from "#db/client.server";
import type { ChangeEvent } from "~/utils/change-events.server";
import { renameCellAtRisk } from "./figures-rollup.server";

/** The meetings' list of cells at risk copies each cell's sort key: a renamed cell moves in it (ADR 020, ADR 022). */
export async function reactForMeetings(tx: Executor, event: ChangeEvent) {
  if (event.kind === "unit-renamed") await renameCellAtRisk(tx, { unitId: event.unitId });
}
