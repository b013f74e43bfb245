import { sql } from "drizzle-orm";
import { intArray, type Executor } from "#db/client.server";

/**
 * Takes the write lock of the trees of these units and of these people's cells (`unit_tree_lock`,
 * migration 0026) for the rest of the transaction. Every writer of `unit` or `person` rows takes it
 * before it locks one: the meetings roll-up holds it while it adds rows that reference units and
 * people, and the triggers that bump the dashboards' versions take it after their statement's row
 * locks; taken first by everyone, no two writers can each hold what the other waits for.
 */
export async function lockTrees(tx: Executor, input: { unitIds?: number[]; personIds?: number[] }) {
  const unitIds = input.unitIds ?? [];
  const personIds = input.personIds ?? [];
  if (!unitIds.length && !personIds.length) return;
  await tx.execute(sql`select unit_tree_lock(array(
    select path from unit where id = any(${intArray(unitIds)})
    union select u.path from person p join unit u on u.id = p.unit_id where p.id = any(${intArray(personIds)})))`);
}
