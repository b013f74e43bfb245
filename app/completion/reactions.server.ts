import { z } from "zod";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/client.server";
import type { ChangeEvent } from "~/utils/change-events.server";
import { moveSubtreeFigures, refreshCellFigures, refreshPeopleFigures } from "./rollup.server";

const OwnerRowSchema = z.object({ personId: z.number().nullable() });

/**
 * Completion keeps its roll-up exact in the writer's transaction: a passed final test trains its
 * learner's track online; people or cells that changed are recomputed; a moved unit takes its sums along
 * (ADR 007, ADR 022).
 */
export async function reactForCompletion(tx: Executor, event: ChangeEvent) {
  switch (event.kind) {
    case "attempt-passed": {
      if (!event.quizKey.startsWith("final:")) return;
      const track = event.quizKey.slice("final:".length);
      await tx.execute(sql`
        insert into training_completion (person_id, track, method, completed_at, evidence)
        select u.person_id, ${track}, 'online', ${event.submittedAt.toISOString()}::timestamptz, ${`attempt:${event.attemptId}`}
        from "user" u where u.id = ${event.userId} and u.person_id is not null
        on conflict (person_id, track, method, evidence) do nothing`);
      const [owner] = rowsOf(await tx.execute(sql`select person_id as "personId" from "user" where id = ${event.userId}`), OwnerRowSchema);
      if (owner?.personId) await refreshPeopleFigures(tx, { personIds: [owner.personId] });
      return;
    }
    case "people-changed":
      return refreshPeopleFigures(tx, { personIds: event.personIds, extraCellIds: event.extraCellIds });
    case "cells-changed":
      return refreshCellFigures(tx, { cellIds: event.cellIds });
    case "unit-moved":
      return moveSubtreeFigures(tx, event);
    default:
      return;
  }
}
