/**
 * What the run page shows: the agenda with the current step, the situation and the
 * actions offered (never their effects or feedback before the choice), the feedback
 * due so far, and when the run is over the end report.
 */
import { describeLink, getReviewLinks, getScenario, type LoadedScenario } from "./scenarios.server";
import type { RunWithSteps } from "./runs.server";
import type { DraftCheck, DraftTask } from "./drafting";
import { DIMENSIONS, DIMENSION_LABELS, isRating, RATING_LABELS, RATING_SCALE, scorePath, VIOLATION_CAP, violationsOf, type Effects } from "./scenario";

export const DRAFT_ROWS = 6;

/**
 * Content authors often list the best action first; each run shows the actions of a node
 * in its own stable order (a hash of run, node and choice), so a reload keeps the order.
 */
export function orderChoices<T extends { id: string }>(runId: number, nodeId: string, choices: T[]): T[] {
  const key = (id: string) => {
    let h = 2166136261;
    for (const ch of `${runId}:${nodeId}:${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h;
  };
  return [...choices].sort((a, b) => key(a.id) - key(b.id));
}

function stepTitle(loaded: LoadedScenario, nodeId: string) {
  const node = loaded.scenario.nodes[nodeId];
  return loaded.scenario.steps.find((s) => s.id === node?.step)?.title ?? "";
}

/** One taken step, explained: the choice, whether it was the best, its feedback and effects. */
function explainStep(loaded: LoadedScenario, step: { nodeId: string; choiceId: string | null; effects: Effects }) {
  const node = loaded.scenario.nodes[step.nodeId];
  const choice = node?.choices?.find((c) => c.id === step.choiceId);
  const best = node?.choices?.find((c) => c.best);
  return {
    nodeId: step.nodeId,
    step: stepTitle(loaded, step.nodeId),
    drafting: !!node?.drafting,
    choice: choice?.text ?? null,
    isBest: choice ? choice.best === true : true,
    feedback: choice?.feedback ?? null,
    source: choice?.source ?? null,
    effects: step.effects,
    bestChoice: best && !choice?.best ? best.text : null,
  };
}
export type ExplainedStep = ReturnType<typeof explainStep>;

/** The saved draft; its check only when feedback may be shown (not during an exam). */
function draftOf(run: RunWithSteps["run"], withCheck: boolean): { tasks: DraftTask[]; check: DraftCheck | null } | null {
  if (!run.draft) return null;
  return { tasks: run.draft.tasks, check: withCheck ? run.draftCheck : null };
}

function buildReport(loaded: LoadedScenario, data: RunWithSteps, explained: ExplainedStep[]) {
  const { run } = data;
  const violations = violationsOf(loaded.scenario, data.steps).map((v) => ({ ...v, step: stepTitle(loaded, v.nodeId) }));
  const score = scorePath(run.totals, loaded.best, violations.length);
  const percent = run.percent ?? score.percent;
  const rating = isRating(run.rating) ? run.rating : score.rating;
  const links = getReviewLinks();
  const review = new Map<string, { href: string; title: string; why: string }>();
  const add = (link: { module: string; section: string }, why: string) => {
    const described = describeLink(link);
    if (!review.has(described.href)) review.set(described.href, { ...described, why });
  };
  for (const step of explained) {
    const node = loaded.scenario.nodes[step.nodeId];
    if (!step.isBest && node) {
      const link = links.steps[node.step];
      if (link) add(link, `Bước “${step.step}”: đồng chí chưa chọn cách xử lý tốt nhất.`);
    }
  }
  for (const dim of DIMENSIONS) {
    if (score.perDimension[dim].percent < 90) add(links.dimensions[dim], `${DIMENSION_LABELS[dim]} đạt ${score.perDimension[dim].percent}%.`);
  }
  const draft = draftOf(run, true);
  if (draft?.check && !draft.check.ok) add(links.drafting, "Bản nghị quyết của đồng chí còn thiếu yêu cầu.");
  add(links.rating, "Cách xếp loại được dùng trong báo cáo này (thang điểm ví dụ).");
  return {
    percent,
    rating,
    ratingLabel: RATING_LABELS[rating],
    scale: RATING_SCALE.map((r) => ({ label: r.label, minPercent: r.minPercent })),
    dimensions: DIMENSIONS.map((dim) => ({ key: dim, label: DIMENSION_LABELS[dim], ...score.perDimension[dim] })),
    // The integrity gate: which choices broke a rule and why; the rating is capped (scenario.ts).
    violations,
    capped: score.capped,
    capLabel: RATING_LABELS[VIOLATION_CAP],
    endNarrative: loaded.narratives[run.currentNode] ?? [],
    bestPath: loaded.bestPath.map((s) => explainStep(loaded, s)),
    review: [...review.values()],
  };
}

export function buildRunView(data: RunWithSteps) {
  const { run, steps } = data;
  const loaded = getScenario(run.scenarioId);
  if (!loaded) return null;
  const { scenario } = loaded;
  const outdated = loaded.hash !== run.scenarioHash;
  const node = scenario.nodes[run.currentNode];
  const explained = steps.map((s) => explainStep(loaded, s));
  const finished = run.status === "finished";
  const currentStep = node?.step ?? null;
  const currentIndex = scenario.steps.findIndex((s) => s.id === currentStep);
  const agenda = scenario.steps.map((s, i) => ({
    id: s.id,
    title: s.title,
    state: finished || i < currentIndex ? ("done" as const) : i === currentIndex ? ("current" as const) : ("upcoming" as const),
  }));
  const showFeedback = run.mode === "practice" || finished;
  const last = explained[explained.length - 1];
  return {
    run: { id: run.id, mode: run.mode, status: run.status, stepIndex: run.stepCount, startedAt: run.startedAt, finishedAt: run.finishedAt },
    scenario: { id: scenario.id, title: scenario.title, kind: scenario.kind, minutes: scenario.minutes },
    outdated: outdated && !finished,
    agenda,
    node:
      finished || !node
        ? null
        : {
            id: run.currentNode,
            step: stepTitle(loaded, run.currentNode),
            narrative: loaded.narratives[run.currentNode] ?? [],
            choices: orderChoices(run.id, run.currentNode, node.choices ?? []).map((c) => ({ id: c.id, text: c.text })),
            drafting: node.drafting
              ? { politicalTask: node.drafting.politicalTask, minTasks: node.drafting.minTasks, rows: Math.max(DRAFT_ROWS, node.drafting.minTasks + 2) }
              : null,
          },
    lastFeedback: showFeedback && !finished && last && !last.drafting ? last : null,
    draft: draftOf(run, showFeedback),
    path: finished ? explained : [],
    report: finished ? buildReport(loaded, data, explained) : null,
  };
}
export type RunView = NonNullable<ReturnType<typeof buildRunView>>;
