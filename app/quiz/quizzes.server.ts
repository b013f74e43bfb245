/**
 * The training quizzes built on the engine: a module check per module and a final test
 * per track, with settings from content/quizzes.yaml.
 */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { personPosition } from "#db/schema";
import { getTracks, listModules, tracksForPositions, type Track } from "~/training/catalog.server";
import { getBank, getQuizSettings, toSnapshot, type QuizRules } from "./bank.server";
import { drawQuestions, shuffleOptions, startAttempt, summarizeAttempts, type AttemptSummary, type StartAttemptResult } from "./engine.server";

/** The quiz keys the /kiem-tra pages serve (contest rounds have their own pages and rules). */
export const TRAINING_KEY_PREFIXES = ["module:", "final:"];

/** Whether `quizKey` is a training quiz (module check or final test). */
export function isTrainingQuiz(quizKey: string) {
  return TRAINING_KEY_PREFIXES.some((p) => quizKey.startsWith(p));
}

export function moduleQuizKey(slug: string) {
  return `module:${slug}`;
}
export function finalQuizKey(track: string) {
  return `final:${track}`;
}

/** "module:<slug>" / "final:<track>" → what it is, or null for other keys (contest rounds). */
export function parseQuizKey(quizKey: string): { kind: "module"; slug: string } | { kind: "final"; track: string } | null {
  const [kind, target] = quizKey.split(":");
  if (!target) return null;
  if (kind === "module") return { kind, slug: target };
  if (kind === "final") return { kind, track: target };
  return null;
}

/** A Vietnamese title for a training quiz key. */
export function quizTitle(quizKey: string) {
  const parsed = parseQuizKey(quizKey);
  if (!parsed) return quizKey;
  if (parsed.kind === "module") {
    const module = listModules().find((m) => m.slug === parsed.slug);
    return `Kiểm tra bài học: ${module?.title ?? parsed.slug}`;
  }
  const track = getTracks().find((t) => t.id === parsed.track);
  return `Kiểm tra cuối khóa: ${track?.title ?? `chương trình ${parsed.track}`}`;
}

export function finalTestRules(track: string): QuizRules | null {
  return getQuizSettings().finalTests.find((f) => f.track === track) ?? null;
}

/** The tracks whose final test this user takes: from the person's current positions. */
export async function tracksOfUser(personId: number | null): Promise<Track[]> {
  if (personId === null) return getTracks();
  const rows = await getDb()
    .select({ position: personPosition.position })
    .from(personPosition)
    .where(and(eq(personPosition.personId, personId), isNull(personPosition.endedOn)));
  return tracksForPositions(rows.map((r) => r.position));
}

export interface QuizStatus {
  quizKey: string;
  title: string;
  questions: number;
  passPercent: number;
  timeLimitMinutes: number | null;
  /** null = unlimited (after overrides) */
  attemptsAllowed: number | null;
  summary: AttemptSummary;
}

function statusOf(quizKey: string, rules: QuizRules, summary: AttemptSummary | undefined, title: string, questions: number): QuizStatus {
  const s = summary ?? {
    quizKey,
    used: 0,
    submitted: 0,
    bestPercent: null,
    passed: false,
    openAttemptId: null,
    lastSubmittedAttemptId: null,
    extraAttempts: 0,
    extraSeconds: 0,
  };
  return {
    quizKey,
    title,
    questions,
    passPercent: rules.passPercent,
    timeLimitMinutes: rules.timeLimitMinutes === null ? null : rules.timeLimitMinutes + Math.round(s.extraSeconds / 60),
    attemptsAllowed: rules.maxAttempts === null ? null : rules.maxAttempts + s.extraAttempts,
    summary: s,
  };
}

/** The props of the page before a quiz (QuizIntro). */
export function introOf(status: QuizStatus) {
  return {
    title: status.title,
    questions: status.questions,
    passPercent: status.passPercent,
    timeLimitMinutes: status.timeLimitMinutes,
    attemptsAllowed: status.attemptsAllowed,
    used: status.summary.used,
    bestPercent: status.summary.bestPercent,
    passed: status.summary.passed,
    openAttemptId: status.summary.openAttemptId,
  };
}

/** What /kiem-tra shows: every module check and the final tests of the user's tracks. */
export async function getLearnerOverview(input: { userId: string; personId: number | null }) {
  const settings = getQuizSettings();
  const bank = getBank();
  const modules = listModules().filter((m) => (bank.byTopic.get(m.slug)?.length ?? 0) > 0);
  const tracks = (await tracksOfUser(input.personId)).filter((t) => finalTestRules(t.id));
  const keys = [...modules.map((m) => moduleQuizKey(m.slug)), ...tracks.map((t) => finalQuizKey(t.id))];
  const summaries = await summarizeAttempts({ userId: input.userId, quizKeys: keys });
  const moduleChecks = modules.map((m) => ({
    slug: m.slug,
    moduleTitle: m.title,
    ...statusOf(
      moduleQuizKey(m.slug),
      settings.moduleCheck,
      summaries.get(moduleQuizKey(m.slug)),
      quizTitle(moduleQuizKey(m.slug)),
      Math.min(settings.moduleCheck.questions, bank.byTopic.get(m.slug)?.length ?? 0),
    ),
  }));
  const finalTests = tracks.map((t) => {
    const rules = finalTestRules(t.id)!;
    return {
      track: t.id,
      trackTitle: t.title,
      ...statusOf(finalQuizKey(t.id), rules, summaries.get(finalQuizKey(t.id)), quizTitle(finalQuizKey(t.id)), rules.questions),
    };
  });
  return { moduleChecks, finalTests };
}

function startWithRules(input: { userId: string; quizKey: string; rules: QuizRules; pool: ReturnType<typeof getBank>["questions"]; stratify: boolean }) {
  const drawn = drawQuestions({ pool: input.pool, count: input.rules.questions, ...(input.stratify ? { stratifyBy: (q: { topic: string }) => q.topic } : {}) });
  return startAttempt({
    userId: input.userId,
    quizKey: input.quizKey,
    questions: shuffleOptions(drawn.map(toSnapshot)),
    timeLimitSeconds: input.rules.timeLimitMinutes === null ? null : input.rules.timeLimitMinutes * 60,
    graceSeconds: input.rules.graceSeconds,
    maxAttempts: input.rules.maxAttempts,
    passPercent: input.rules.passPercent,
  });
}

/** Starts or resumes the module check of `slug`; null when there is no such module check. */
export async function startModuleCheck(input: { userId: string; slug: string }): Promise<StartAttemptResult | null> {
  const pool = getBank().byTopic.get(input.slug);
  if (!pool?.length || !listModules().some((m) => m.slug === input.slug)) return null;
  return startWithRules({ userId: input.userId, quizKey: moduleQuizKey(input.slug), rules: getQuizSettings().moduleCheck, pool, stratify: false });
}

/**
 * Starts or resumes the final test of `track`, stratified by the track's modules; null when
 * the track does not exist or is not one of the user's tracks.
 */
export async function startFinalTest(input: { userId: string; personId: number | null; track: string }): Promise<StartAttemptResult | null> {
  const track = (await tracksOfUser(input.personId)).find((t) => t.id === input.track);
  const rules = finalTestRules(input.track);
  if (!track || !rules) return null;
  const bank = getBank();
  const pool = track.modules.flatMap((slug) => bank.byTopic.get(slug) ?? []);
  return startWithRules({ userId: input.userId, quizKey: finalQuizKey(track.id), rules, pool, stratify: true });
}
