/**
 * Times each part of the top-unit dashboard on the database DATABASE_URL names (the bench
 * database left behind by `npm run bench`): `npx tsx bench/measure-dashboard.ts <campaignId>`.
 */
import { z } from "zod";
import { getDb, openDefaultDatabase, rowsOf, setDatabase } from "#db/client.server";
import { sql } from "drizzle-orm";
import { getDashboard, getPositionFigures, getUnitFigures, getBurnUp, listPeople } from "~/completion/figures.server";
import { getCampaign } from "~/completion/campaigns.server";

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const out = await fn();
    ms.push(performance.now() - t);
    size = JSON.stringify(out).length;
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(28)} median ${ms[Math.floor(runs / 2)]!.toFixed(0)} ms  max ${ms[runs - 1]!.toFixed(0)} ms  json ${size} B`);
}

setDatabase(await openDefaultDatabase());
const campaignId = Number(process.argv[2]);
const campaign = (await getCampaign(campaignId))!;
const UnitRowSchema = z.object({ id: z.number(), path: z.string(), depth: z.number() });

const [unit] = rowsOf(await getDb().execute(sql`select id, path, depth from unit where id = ${campaign.organisingUnitId}`), UnitRowSchema);
const runs = Number(process.env.RUNS ?? 7);
await time("dashboard (one statement)", runs, () =>
  getDashboard({ campaign, unit: unit!, children: { limit: 50, offset: 0 }, untrained: { untrainedOnly: true, limit: 50, offset: 0 }, withCellPeople: false }),
);
await time("unit + children figures", runs, () => getUnitFigures({ campaign, unit: unit! }));
await time("positions", runs, () => getPositionFigures({ campaign, unit: unit! }));
await time("burn-up", runs, () => getBurnUp({ campaign, unit: unit! }));
await time("untrained page", runs, () => listPeople({ campaign, unit: unit!, untrainedOnly: true, limit: 50, offset: 0 }));
process.exit(0);
