/**
 * Practice runs: start, choose (idempotent per run × step index), draft the
 * resolution, read a run with its path, and the learner's history. The only code of
 * the feature that touches the database, with statistics in stats.server.ts.
 */
import { z } from "zod";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { refuse, type CommandResult, type Refusal } from "~/forms/command";
import { practiceRun, practiceStep } from "#db/schema";
import { checkDraft, type DraftTask } from "./drafting";
import { getScenario, type LoadedScenario } from "./scenarios.server";
import { addEffects, scorePath, violationsOf, ZERO, type Effects } from "./scenario";

export type RunMode = "practice" | "exam";

/** A step's answer: done (and whether the run is finished) or a refusal. */
export type StepResult = CommandResult<{ finished: boolean }>;

export const MESSAGES = {
  notFound: "Không tìm thấy lượt luyện tập.",
  finished: "Lượt luyện tập này đã kết thúc.",
  outdated: "Kịch bản đã được cập nhật sau khi đồng chí bắt đầu lượt này. Hãy bắt đầu một lượt mới.",
  choiceNotOffered: "Lựa chọn này không có trong tình huống hiện tại. Hãy chọn một trong các phương án đang hiển thị.",
  notDrafting: "Tình huống hiện tại không phải bài soạn nghị quyết.",
  stepAhead: "Bước gửi lên không khớp với tiến trình của lượt luyện tập. Hãy tải lại trang.",
} as const;

export async function startRun({ userId, scenarioId, mode }: { userId: string; scenarioId: string; mode: RunMode }) {
  const loaded = getScenario(scenarioId);
  if (!loaded) return null;
  const [row] = await getDb()
    .insert(practiceRun)
    .values({ userId, scenarioId, scenarioHash: loaded.hash, mode, currentNode: loaded.scenario.start, totals: ZERO })
    .returning({ id: practiceRun.id });
  return row?.id ?? null;
}

/** The run if it belongs to `userId` (ownership in the WHERE clause). */
export async function getRun({ runId, userId }: { runId: number; userId: string }) {
  const [run] = await getDb()
    .select()
    .from(practiceRun)
    .where(and(eq(practiceRun.id, runId), eq(practiceRun.userId, userId)));
  if (!run) return null;
  const steps = await getDb()
    .select({ idx: practiceStep.idx, nodeId: practiceStep.nodeId, choiceId: practiceStep.choiceId, effects: practiceStep.effects, at: practiceStep.at })
    .from(practiceStep)
    .where(eq(practiceStep.runId, runId))
    .orderBy(asc(practiceStep.idx));
  return { run, steps };
}
/** Whether `runId` is one of `userId`'s runs: anyone else's is answered 404 before its form is read. */
export async function isOwnRun({ runId, userId }: { runId: number; userId: string }) {
  const [run] = await getDb()
    .select({ id: practiceRun.id })
    .from(practiceRun)
    .where(and(eq(practiceRun.id, runId), eq(practiceRun.userId, userId)));
  return run !== undefined;
}
export type RunWithSteps = NonNullable<Awaited<ReturnType<typeof getRun>>>;

async function lockRun(tx: Executor, runId: number, userId: string) {
  const [run] = await tx
    .select()
    .from(practiceRun)
    .where(and(eq(practiceRun.id, runId), eq(practiceRun.userId, userId)))
    .for("update");
  return run ?? null;
}
type RunRow = NonNullable<Awaited<ReturnType<typeof lockRun>>>;

type Gate = { kind: "go"; loaded: LoadedScenario } | { kind: "replay" } | { kind: "error"; refusal: Refusal };

/** Whether a step `stepIndex` may be taken now; a step already taken is a harmless replay. */
function gate(run: RunRow | null, stepIndex: number): Gate {
  if (!run) return { kind: "error", refusal: refuse(MESSAGES.notFound) };
  if (stepIndex < run.stepCount) return { kind: "replay" };
  if (run.status !== "in_progress") return { kind: "error", refusal: refuse(MESSAGES.finished) };
  if (stepIndex > run.stepCount) return { kind: "error", refusal: refuse(MESSAGES.stepAhead) };
  const loaded = getScenario(run.scenarioId);
  if (!loaded || loaded.hash !== run.scenarioHash) return { kind: "error", refusal: refuse(MESSAGES.outdated) };
  return { kind: "go", loaded };
}

/**
 * Records the step and moves the run to `next`; finishing (with percent and rating) when
 * `next` is an end node. The unique (run, idx) index turns a concurrent duplicate into a no-op.
 */
async function advance(
  tx: Executor,
  {
    run,
    loaded,
    nodeId,
    choiceId,
    effects,
    next,
  }: { run: RunRow; loaded: LoadedScenario; nodeId: string; choiceId: string | null; effects: Effects; next: string },
) {
  const inserted = await tx
    .insert(practiceStep)
    .values({ runId: run.id, idx: run.stepCount, nodeId, choiceId, effects })
    .onConflictDoNothing({ target: [practiceStep.runId, practiceStep.idx] })
    .returning({ id: practiceStep.id });
  if (!inserted.length) return false;
  const totals = addEffects(run.totals, effects);
  const finished = loaded.scenario.nodes[next]?.end === true;
  // The rating is fixed when the run ends: every rule-breaking choice on the way caps it.
  const taken = finished
    ? [...(await tx.select({ nodeId: practiceStep.nodeId, choiceId: practiceStep.choiceId }).from(practiceStep).where(eq(practiceStep.runId, run.id)))]
    : [];
  const score = finished ? scorePath(totals, loaded.best, violationsOf(loaded.scenario, taken).length) : null;
  await tx
    .update(practiceRun)
    .set({
      currentNode: next,
      stepCount: run.stepCount + 1,
      totals,
      updatedAt: new Date(),
      ...(score ? { status: "finished", percent: score.percent, rating: score.rating, finishedAt: new Date() } : {}),
    })
    .where(eq(practiceRun.id, run.id));
  return finished;
}

/**
 * Runs `step` inside a transaction holding the run's row lock, when step `stepIndex` may be
 * taken now; a step already taken is answered as done (a replayed form), errors as messages.
 */
async function atStep(
  { runId, userId, stepIndex }: { runId: number; userId: string; stepIndex: number },
  step: (tx: Executor, run: RunRow, loaded: LoadedScenario) => Promise<StepResult>,
): Promise<StepResult> {
  return getDb().transaction(async (tx) => {
    const run = await lockRun(tx, runId, userId);
    const g = gate(run, stepIndex);
    if (g.kind === "error") return g.refusal;
    if (g.kind === "replay" || !run) return { ok: true, finished: run?.status === "finished" };
    return step(tx, run, g.loaded);
  });
}

/** The learner picks `choiceId` at the run's current node (step `stepIndex`). */
export async function choose({ choiceId, ...at }: { runId: number; userId: string; stepIndex: number; choiceId: string }): Promise<StepResult> {
  return atStep(at, async (tx, run, loaded) => {
    const choice = loaded.scenario.nodes[run.currentNode]?.choices?.find((c) => c.id === choiceId);
    if (!choice) return refuse(MESSAGES.choiceNotOffered, "choiceId");
    const finished = await advance(tx, { run, loaded, nodeId: run.currentNode, choiceId, effects: choice.effects, next: choice.next });
    return { ok: true, finished };
  });
}

/**
 * Saves the drafted resolution with the checker's verdict. With `submit`, the draft is
 * final and the run moves on; without, the learner sees what is missing and may revise.
 */
export async function saveDraft({
  tasks,
  submit,
  ...at
}: {
  runId: number;
  userId: string;
  stepIndex: number;
  tasks: DraftTask[];
  submit: boolean;
}): Promise<StepResult> {
  return atStep(at, async (tx, run, loaded) => {
    const node = loaded.scenario.nodes[run.currentNode];
    if (!node?.drafting || !node.next) return refuse(MESSAGES.notDrafting);
    const check = checkDraft({ tasks, politicalTask: node.drafting.politicalTask, minTasks: node.drafting.minTasks });
    await tx.update(practiceRun).set({ draft: { tasks }, draftCheck: check, updatedAt: new Date() }).where(eq(practiceRun.id, run.id));
    const finished = submit ? await advance(tx, { run, loaded, nodeId: run.currentNode, choiceId: null, effects: ZERO, next: node.next }) : false;
    return { ok: true, finished };
  });
}

/** The learner's runs, newest first. */
export async function listRuns({ userId, limit = 50 }: { userId: string; limit?: number }) {
  return getDb()
    .select({
      id: practiceRun.id,
      scenarioId: practiceRun.scenarioId,
      mode: practiceRun.mode,
      status: practiceRun.status,
      percent: practiceRun.percent,
      rating: practiceRun.rating,
      startedAt: practiceRun.startedAt,
      finishedAt: practiceRun.finishedAt,
    })
    .from(practiceRun)
    .where(eq(practiceRun.userId, userId))
    .orderBy(desc(practiceRun.startedAt), desc(practiceRun.id))
    .limit(limit);
}

const SummariseRunsRowSchema = z.object({
  scenarioId: z.string(),
  runs: z.number(),
  finished: z.number(),
  bestPercent: z.number().nullable(),
  openRunId: z.number().nullable(),
});

/** Per scenario: the learner's number of runs, best percent and the newest unfinished run. */
export async function summariseRuns({ userId }: { userId: string }) {
  const rows = rowsOf(
    await getDb().execute(sql`
      select scenario_id as "scenarioId", count(*)::int as runs,
        count(*) filter (where status = 'finished')::int as finished,
        max(percent) filter (where status = 'finished')::int as "bestPercent",
        (array_agg(id order by started_at desc, id desc) filter (where status = 'in_progress'))[1] as "openRunId"
      from ${practiceRun}
      where user_id = ${userId}
      group by scenario_id
    `),
    SummariseRunsRowSchema,
  );
  return new Map(rows.map((r) => [r.scenarioId, r]));
}
