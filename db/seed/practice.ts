import type { Executor } from "../client.server";
import { practiceRun, practiceStep } from "../schema";
import type { SeedStep } from "../seed-runner";
import { checkDraft, type DraftTask } from "../../app/practice/drafting";
import { listScenarios, type LoadedScenario } from "../../app/practice/scenarios.server";
import { addEffects, scorePath, ZERO, type Effects } from "../../app/practice/scenario";
import { createRandom, type Random } from "./random";

/** How likely each demo account is to pick the best action, and how many runs it has. */
const PLAYERS = [
  { userId: "u-hocvien", skill: 0.75, runs: 4 },
  { userId: "u-giamkhao", skill: 0.85, runs: 3 },
  { userId: "u-hoithi", skill: 0.6, runs: 3 },
  { userId: "u-bantochuc", skill: 0.7, runs: 3 },
  { userId: "u-donvi", skill: 0.5, runs: 4 },
] as const;

const BASE = Date.parse("2022-05-09T08:00:00+07:00");
const DAY = 86_400_000;

/** A plausible draft for a drafting node: concrete tasks with owners and deadlines. */
function demoDraft(politicalTask: string): DraftTask[] {
  const focus = politicalTask.split(/[,.;]/)[0]!.trim().toLowerCase();
  return [
    { task: `Lập bảng theo dõi tiến độ để ${focus}, cập nhật hằng tuần và báo cáo tại kỳ sinh hoạt tới`, owner: "Đồng chí Linh", deadline: "31/05/2022" },
    { task: "Rà soát quy trình, chỉ ra khâu chậm và đề xuất cách khắc phục với thủ trưởng đơn vị", owner: "Đồng chí Thành", deadline: "20/05/2022" },
    { task: "Thực hiện tốt nhiệm vụ", owner: "Toàn chi bộ", deadline: "" },
  ];
}

/** Walks a scenario as a learner of the given skill would; returns the path and its totals. */
function play(loaded: LoadedScenario, random: Random, skill: number) {
  const { scenario } = loaded;
  const steps: { nodeId: string; choiceId: string | null; effects: Effects }[] = [];
  let totals = ZERO;
  let id = scenario.start;
  let drafted = false;
  for (let guard = 0; guard < 100; guard++) {
    const node = scenario.nodes[id]!;
    if (node.end) break;
    if (node.drafting) {
      steps.push({ nodeId: id, choiceId: null, effects: ZERO });
      drafted = true;
      id = node.next!;
      continue;
    }
    const choices = node.choices!;
    const best = choices.find((c) => c.best)!;
    const choice = random.chance(skill) ? best : random.pick(choices);
    steps.push({ nodeId: id, choiceId: choice.id, effects: choice.effects });
    totals = addEffects(totals, choice.effects);
    id = choice.next;
  }
  return { steps, totals, endNode: id, drafted };
}

export const seedPractice: SeedStep = async (tx: Executor, { random: shared }) => {
  const scenarios = listScenarios();
  if (!scenarios.length) return;
  // A private generator: the shared stream advances by one draw whatever the content.
  const random = createRandom(shared.int(1, 2 ** 31));
  // The resolution-drafting scenario first, so the demo learner's first run shows a draft.
  const hasDrafting = (s: LoadedScenario) => Object.values(s.scenario.nodes).some((n) => n.drafting);
  const order = [...scenarios.filter(hasDrafting), ...scenarios.filter((s) => !hasDrafting(s))];
  let day = 0;
  for (const [p, player] of PLAYERS.entries()) {
    for (let i = 0; i < player.runs; i++) {
      const loaded = order[(i * 2 + p) % order.length]!;
      const drafting = Object.values(loaded.scenario.nodes).find((n) => n.drafting)?.drafting;
      const { steps, totals, endNode, drafted } = play(loaded, random, player.skill);
      const score = scorePath(totals, loaded.best);
      const startedAt = new Date(BASE + (day++ % 40) * DAY + random.int(0, 9) * 3_600_000);
      const finishedAt = new Date(startedAt.getTime() + random.int(8, 25) * 60_000);
      const tasks = drafted && drafting ? demoDraft(drafting.politicalTask) : null;
      const [run] = await tx
        .insert(practiceRun)
        .values({
          userId: player.userId,
          scenarioId: loaded.scenario.id,
          scenarioHash: loaded.hash,
          mode: i % 3 === 2 ? "exam" : "practice",
          status: "finished",
          currentNode: endNode,
          stepCount: steps.length,
          totals,
          percent: score.percent,
          rating: score.rating,
          draft: tasks ? { tasks } : null,
          draftCheck: tasks && drafting ? checkDraft({ tasks, politicalTask: drafting.politicalTask, minTasks: drafting.minTasks }) : null,
          startedAt,
          finishedAt,
        })
        .returning({ id: practiceRun.id });
      await tx.insert(practiceStep).values(
        steps.map((s, idx) => ({
          runId: run!.id,
          idx,
          nodeId: s.nodeId,
          choiceId: s.choiceId,
          effects: s.effects,
          at: new Date(startedAt.getTime() + (idx + 1) * 60_000),
        })),
      );
    }
  }
};
