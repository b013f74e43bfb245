import { sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import type { ChangeEvent } from "~/utils/change-events.server";

/** A passed module check completes the module for its learner (the first pass counts). */
export async function reactForTraining(tx: Executor, event: ChangeEvent) {
  if (event.kind !== "attempt-passed" || !event.quizKey.startsWith("module:")) return;
  const slug = event.quizKey.slice("module:".length);
  await tx.execute(sql`
    insert into module_completion (user_id, module_slug, check_passed_at, updated_at)
    values (${event.userId}, ${slug}, ${event.submittedAt.toISOString()}::timestamptz, now())
    on conflict (user_id, module_slug) do update
      set check_passed_at = coalesce(module_completion.check_passed_at, excluded.check_passed_at), updated_at = now()`);
}
