import { z } from "zod";
import { sql } from "drizzle-orm";
import type { Db, Executor } from "./client.server";
import { rowsOf } from "./client.server";
import { seedDemoAccounts } from "./seed/accounts";
import { seedContests } from "./seed/contest";
import { seedOrganisation, type SeededOrganisation } from "./seed/organisation";
import { seedPractice } from "./seed/practice";
import { createRandom, type Random } from "./seed/random";
import { seedCompletion } from "./seed/completion";
import { seedTrainingProgress } from "./seed/training";
import { seedQuiz } from "./seed/quiz";
import { seedMeetings } from "./seed/meetings";
import { rebuildMeetingFigures } from "../app/meetings/figures-rollup.server";
import { wireSubscriptions } from "../app/subscriptions.server";

// A call, not a bare import: package.json says "sideEffects": false, so bundlers drop side-effect-only imports.
wireSubscriptions();

/** Feature seeds run after the organisation, in order, inside the same transaction. */
export type SeedStep = (tx: Executor, context: { org: SeededOrganisation; random: Random }) => Promise<void>;
const featureSteps: SeedStep[] = [seedTrainingProgress, seedQuiz, seedPractice, seedContests, seedCompletion, seedMeetings, (tx) => rebuildMeetingFigures(tx)];

export async function seedDemo(db: Db) {
  await db.transaction(async (tx) => {
    const random = createRandom(20220401);
    const org = await seedOrganisation(tx, random);
    await seedDemoAccounts(tx, org);
    for (const step of featureSteps) await step(tx, { org, random });
  });
}

const IsEmptyRowSchema = z.object({ n: z.number() });

export async function isEmpty(db: Db) {
  const [row] = rowsOf(await db.execute(sql`select count(*)::int as n from unit`), IsEmptyRowSchema);
  return (row?.n ?? 0) === 0;
}

export async function seedIfEmpty(db: Db) {
  if (!(await isEmpty(db))) return false;
  const started = Date.now();
  console.log("Cơ sở dữ liệu trống: đang tạo dữ liệu mẫu…");
  await seedDemo(db);
  console.log(`Đã tạo dữ liệu mẫu trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
  return true;
}
