/**
 * Aggregate results for organisers: per scenario and per choice, over the runs of
 * learners whose cell lies in the organiser's scope. Aggregated in SQL.
 */
import { z } from "zod";
import { sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { person, practiceRun, practiceStep, unit, user } from "#db/schema";
import { listScenarios } from "./scenarios.server";

function scopeCondition(scopes: string[]): SQL {
  if (!scopes.length) return sql`false`;
  const likes = scopes.map((path) => sql`un.path like ${`${path.replace(/[%_\\]/g, "\\$&")}%`}`);
  return sql`(${sql.join(likes, sql` or `)})`;
}

/** Runs in scope, as a CTE: runs whose learner's cell is under one of `scopes` (of one scenario when given). */
function scopedRuns(scopes: string[], scenarioId?: string) {
  return sql`scoped as (
    select r.id, r.user_id, r.scenario_id, r.status, r.percent, r.rating
    from ${practiceRun} r
    join ${user} u on u.id = r.user_id
    join ${person} p on p.id = u.person_id
    join ${unit} un on un.id = p.unit_id
    where ${scopeCondition(scopes)} ${scenarioId ? sql`and r.scenario_id = ${scenarioId}` : sql``}
  )`;
}

const ScenarioStatsRowSchema = z.object({
  scenarioId: z.string(),
  runs: z.number(),
  finished: z.number(),
  learners: z.number(),
  averagePercent: z.number().nullable(),
  tot: z.number(),
  kha: z.number(),
  trungBinh: z.number(),
  kem: z.number(),
});

export async function scenarioStats({ scopes }: { scopes: string[] }) {
  return rowsOf(
    await getDb().execute(sql`
      with ${scopedRuns(scopes)}
      select s.scenario_id as "scenarioId", count(*)::int as runs,
        count(*) filter (where s.status = 'finished')::int as finished,
        count(distinct s.user_id)::int as learners,
        round(avg(s.percent) filter (where s.status = 'finished'))::int as "averagePercent",
        count(*) filter (where s.rating = 'tot')::int as tot,
        count(*) filter (where s.rating = 'kha')::int as kha,
        count(*) filter (where s.rating = 'trung_binh')::int as "trungBinh",
        count(*) filter (where s.rating = 'kem')::int as kem
      from scoped s
      group by s.scenario_id
    `),
    ScenarioStatsRowSchema,
  );
}

const ChoiceStatsRowSchema = z.object({ nodeId: z.string(), choiceId: z.string(), picks: z.number() });

/** How often each choice of one scenario was picked at each node. */
export async function choiceStats({ scopes, scenarioId }: { scopes: string[]; scenarioId: string }) {
  return rowsOf(
    await getDb().execute(sql`
      with ${scopedRuns(scopes, scenarioId)}
      select st.node_id as "nodeId", st.choice_id as "choiceId", count(*)::int as picks
      from ${practiceStep} st join scoped s on s.id = st.run_id
      where st.choice_id is not null
      group by st.node_id, st.choice_id
    `),
    ChoiceStatsRowSchema,
  );
}

/** The situation's opening words, as plain text, to tell apart two situations of one step. */
function situationOf(narrative: string) {
  const text = narrative.replace(/[*_]/g, "").replace(/\s+/g, " ").trim();
  return text.length > 140 ? `${text.slice(0, 140).replace(/\s+\S*$/, "")}…` : text;
}

/**
 * The summary of every scenario (also those nobody has run) and, for the selected one
 * (default: the first), the share of each choice per situation.
 */
export async function buildStatsView({ scopes, scenarioId }: { scopes: string[]; scenarioId: string | null }) {
  const scenarios = listScenarios();
  const selected = scenarios.find((s) => s.scenario.id === scenarioId) ?? scenarios[0];
  const [summary, picks] = await Promise.all([
    scenarioStats({ scopes }),
    selected ? choiceStats({ scopes, scenarioId: selected.scenario.id }) : Promise.resolve([]),
  ]);
  const rows = scenarios.map(({ scenario }) => {
    const stats = summary.find((s) => s.scenarioId === scenario.id);
    return {
      id: scenario.id,
      title: scenario.title,
      runs: stats?.runs ?? 0,
      finished: stats?.finished ?? 0,
      learners: stats?.learners ?? 0,
      averagePercent: stats?.averagePercent ?? null,
      ratings: { tot: stats?.tot ?? 0, kha: stats?.kha ?? 0, trung_binh: stats?.trungBinh ?? 0, kem: stats?.kem ?? 0 },
    };
  });
  if (!selected) return { scenarios: rows, detail: null };
  const { scenario } = selected;
  const nodes = Object.entries(scenario.nodes)
    .filter(([, node]) => node.choices)
    .map(([nodeId, node]) => {
      const counts = (node.choices ?? []).map((c) => ({
        id: c.id,
        text: c.text,
        best: c.best === true,
        picks: picks.find((p) => p.nodeId === nodeId && p.choiceId === c.id)?.picks ?? 0,
      }));
      const total = counts.reduce((sum, c) => sum + c.picks, 0);
      return {
        nodeId,
        situation: situationOf(node.narrative),
        step: scenario.steps.find((s) => s.id === node.step)?.title ?? node.step,
        total,
        choices: counts.map((c) => ({ ...c, share: total ? Math.round((c.picks / total) * 100) : 0 })),
      };
    });
  return { scenarios: rows, detail: { id: scenario.id, title: scenario.title, nodes } };
}
