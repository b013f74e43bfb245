/**
 * Quiz demo data: the demo learner's module checks (one passed, one failed then passed) and
 * ~60 extra learner accounts with submitted final tests, so that item analysis and the
 * completion dashboards have something true to show. Answers follow a simple ability model
 * drawn from the seeded random: the same data every run.
 */
import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Executor } from "../client.server";
import { moduleCompletion, person, personPosition, quizAnswer, quizAttempt, roleGrant, trainingCompletion, user } from "../schema";
import type { SeedStep } from "../seed-runner";
import { createRandom, type Random } from "./random";
import { getBank, getQuizSettings, toSnapshot, type BankQuestion } from "../../app/quiz/bank.server";
import { drawQuestions, gradeAnswers, shuffleOptions, type QuestionSnapshot } from "../../app/quiz/grading";
import { getTracks } from "../../app/training/catalog.server";
import { fullName } from "../../app/org/names";

const EXTRA_LEARNERS = 60;
/** The Đề án's training window: from its issue to the deadline for 100% trained (001 §III.5(2)). */
const WINDOW_START = Date.UTC(2022, 3, 15, 1);
const WINDOW_END = Date.UTC(2022, 5, 28, 10);
/** After the demo learner's reading (db/seed/training.ts starts on 09/5/2022). */
const DEMO_START = Date.UTC(2022, 4, 12, 2);

type AttemptRow = typeof quizAttempt.$inferInsert;
type AnswerRow = Omit<typeof quizAnswer.$inferInsert, "attemptId">;

interface Simulated {
  attempt: AttemptRow;
  answers: AnswerRow[];
  personId: number | null;
  track: string | null;
}

/** Picks answers for a learner of `ability` (0..1): harder questions are missed more often. */
function answerAs(random: Random, ability: number, questions: QuestionSnapshot[], bank: Map<string, BankQuestion>) {
  const answers: Record<string, string[]> = {};
  // ability ≥ 1: a deliberate full-marks run (the demo learner's passes).
  if (ability >= 1) return Object.fromEntries(questions.map((q) => [q.id, [...q.correct]]));
  for (const q of questions) {
    const difficulty = bank.get(q.id)?.difficulty ?? 2;
    const pCorrect = Math.min(0.98, Math.max(0.05, ability - (difficulty - 2) * 0.12));
    if (random.chance(0.02)) continue; // left blank
    if (random.chance(pCorrect)) {
      answers[q.id] = [...q.correct];
    } else if (q.type === "multiple") {
      // Typically one wrong option added, or one right option missed.
      const wrong = q.options.map((o) => o.id).filter((id) => !q.correct.includes(id));
      if (wrong.length && (q.correct.length < 2 || random.chance(0.5))) answers[q.id] = [...q.correct, random.pick(wrong)];
      else answers[q.id] = q.correct.slice(1);
    } else {
      const wrong = q.options.map((o) => o.id).filter((id) => !q.correct.includes(id));
      answers[q.id] = [random.pick(wrong)];
    }
  }
  return answers;
}

function simulate(input: {
  random: Random;
  userId: string;
  quizKey: string;
  attemptNo: number;
  pool: BankQuestion[];
  count: number;
  stratify: boolean;
  passPercent: number;
  timeLimitSeconds: number | null;
  ability: number;
  startedAt: number;
  bank: Map<string, BankQuestion>;
}): { attempt: AttemptRow; answers: AnswerRow[]; passed: boolean } {
  const r = () => input.random.next();
  const drawn = drawQuestions({ pool: input.pool, count: input.count, random: r, ...(input.stratify ? { stratifyBy: (q: BankQuestion) => q.topic } : {}) });
  const questions = shuffleOptions(drawn.map(toSnapshot), r);
  const chosen = answerAs(input.random, input.ability, questions, input.bank);
  const grade = gradeAnswers({ questions, answers: chosen, passPercent: input.passPercent });
  const usedSeconds = input.timeLimitSeconds
    ? input.random.int(Math.floor(input.timeLimitSeconds * 0.35), input.timeLimitSeconds - 20)
    : input.random.int(180, 900);
  const startedAt = new Date(input.startedAt);
  const submittedAt = new Date(input.startedAt + usedSeconds * 1000);
  const attempt: AttemptRow = {
    userId: input.userId,
    quizKey: input.quizKey,
    attemptNo: input.attemptNo,
    status: "submitted",
    questions,
    startedAt,
    deadline: input.timeLimitSeconds ? new Date(input.startedAt + input.timeLimitSeconds * 1000) : null,
    graceSeconds: 30,
    passPercent: input.passPercent,
    submittedAt,
    score: grade.score,
    maxScore: grade.maxScore,
    percent: grade.percent,
    passed: grade.passed,
    results: grade.results,
    createdAt: startedAt,
    updatedAt: submittedAt,
  };
  const answers = Object.entries(chosen).map(([questionId, selected], i) => ({
    questionId,
    selected,
    savedAt: new Date(Math.min(submittedAt.getTime(), input.startedAt + (i + 1) * 20_000)),
  }));
  return { attempt, answers, passed: grade.passed };
}

async function insertAttempts(tx: Executor, simulated: Simulated[]) {
  if (!simulated.length) return;
  const ids = await tx
    .insert(quizAttempt)
    .values(simulated.map((s) => s.attempt))
    .returning({ id: quizAttempt.id, userId: quizAttempt.userId, quizKey: quizAttempt.quizKey, attemptNo: quizAttempt.attemptNo });
  const idOf = new Map(ids.map((r) => [`${r.userId}|${r.quizKey}|${r.attemptNo}`, r.id]));
  const answerRows = simulated.flatMap((s) => {
    const attemptId = idOf.get(`${s.attempt.userId}|${s.attempt.quizKey}|${s.attempt.attemptNo}`)!;
    return s.answers.map((a) => ({ ...a, attemptId }));
  });
  for (let i = 0; i < answerRows.length; i += 1000) await tx.insert(quizAnswer).values(answerRows.slice(i, i + 1000));
  // First pass of a final test = trained online (the engine does the same on submit).
  const completions = simulated
    .filter((s) => s.attempt.passed && s.personId !== null && s.track !== null)
    .map((s) => ({
      personId: s.personId!,
      track: s.track!,
      method: "online",
      completedAt: s.attempt.submittedAt!,
      evidence: `attempt:${idOf.get(`${s.attempt.userId}|${s.attempt.quizKey}|${s.attempt.attemptNo}`)!}`,
    }))
    .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  if (completions.length) await tx.insert(trainingCompletion).values(completions).onConflictDoNothing();
}

export const seedQuiz: SeedStep = async (tx, { random: shared }) => {
  const random = createRandom(Math.floor(shared.next() * 2 ** 32));
  const bank = getBank();
  const settings = getQuizSettings();
  const tracks = getTracks();
  const simulated: Simulated[] = [];

  // The demo learner (a bí thư chi bộ, track B) read the first two modules of track B (training seed,
  // May 2022) and then took their checks: the first passed, the second failed then passed.
  const [first, second] = (tracks.find((t) => t.id === "B") ?? tracks[0])?.modules.filter((m) => bank.byTopic.has(m)) ?? [];
  const rules = settings.moduleCheck;
  const demo = [
    { slug: first, attemptNo: 1, ability: 1, day: 2 },
    { slug: second, attemptNo: 1, ability: 0.35, day: 3 },
    { slug: second, attemptNo: 2, ability: 1, day: 4 },
  ];
  for (const d of demo) {
    if (!d.slug) continue;
    const run = simulate({
      random,
      userId: "u-hocvien",
      quizKey: `module:${d.slug}`,
      attemptNo: d.attemptNo,
      pool: bank.byTopic.get(d.slug)!,
      count: rules.questions,
      stratify: false,
      passPercent: rules.passPercent,
      timeLimitSeconds: rules.timeLimitMinutes ? rules.timeLimitMinutes * 60 : null,
      ability: d.ability,
      startedAt: DEMO_START + d.day * 86_400_000,
      bank: bank.byId,
    });
    simulated.push({ ...run, personId: null, track: null });
    if (run.passed) {
      await tx
        .insert(moduleCompletion)
        .values({ userId: "u-hocvien", moduleSlug: d.slug, checkPassedAt: run.attempt.submittedAt!, updatedAt: run.attempt.submittedAt! })
        .onConflictDoUpdate({
          target: [moduleCompletion.userId, moduleCompletion.moduleSlug],
          set: { checkPassedAt: sql`coalesce(${moduleCompletion.checkPassedAt}, excluded.check_passed_at)` },
        });
    }
  }

  // Extra learners: people holding a track's position who have no account yet, in id order.
  const [hashRow] = await tx.select({ hash: user.passwordHash }).from(user).where(eq(user.id, "u-hocvien"));
  const taken = tx
    .select({ id: user.personId })
    .from(user)
    .where(sql`${user.personId} is not null`);
  const candidates = await tx
    .selectDistinctOn([personPosition.personId], {
      personId: personPosition.personId,
      position: personPosition.position,
      memberCode: person.memberCode,
      unitId: person.unitId,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
    })
    .from(personPosition)
    .innerJoin(person, eq(person.id, personPosition.personId))
    .where(
      and(
        inArray(
          personPosition.position,
          tracks.flatMap((t) => t.positions),
        ),
        isNull(personPosition.endedOn),
        notInArray(personPosition.personId, taken),
      ),
    )
    .orderBy(personPosition.personId);
  if (!hashRow || !candidates.length) {
    await insertAttempts(tx, simulated);
    return;
  }
  const chosen = Array.from(
    { length: Math.min(EXTRA_LEARNERS, candidates.length) },
    (_, i) => candidates[Math.floor((i * candidates.length) / EXTRA_LEARNERS)]!,
  );
  const accounts = chosen.map((c) => {
    const username = `hv${c.memberCode.toLowerCase()}`;
    return { id: `u-${username}`, username, passwordHash: hashRow.hash, personId: c.personId, displayName: fullName(c) };
  });
  await tx.insert(user).values(accounts);
  await tx.insert(roleGrant).values(chosen.map((c, i) => ({ userId: accounts[i]!.id, role: "learner", unitId: c.unitId })));

  chosen.forEach((c, i) => {
    const track = tracks.find((t) => t.positions.some((p) => p === c.position));
    const final = track && settings.finalTests.find((f) => f.track === track.id);
    if (!track || !final) return;
    const pool = track.modules.flatMap((slug) => bank.byTopic.get(slug) ?? []);
    // Abilities spread from weak to strong; a weak learner tries again (up to the limit).
    let ability = 0.45 + random.next() * 0.5;
    let startedAt = WINDOW_START + random.int(0, Math.floor((WINDOW_END - WINDOW_START) / 3_600_000) - 72) * 3_600_000;
    const maxAttempts = final.maxAttempts ?? 3;
    for (let attemptNo = 1; attemptNo <= maxAttempts; attemptNo++) {
      const run = simulate({
        random,
        userId: accounts[i]!.id,
        quizKey: `final:${track.id}`,
        attemptNo,
        pool,
        count: final.questions,
        stratify: true,
        passPercent: final.passPercent,
        timeLimitSeconds: final.timeLimitMinutes ? final.timeLimitMinutes * 60 : null,
        ability,
        startedAt,
        bank: bank.byId,
      });
      simulated.push({ ...run, personId: c.personId, track: track.id });
      if (run.passed || random.chance(0.3)) break;
      ability = Math.min(0.97, ability + 0.08);
      startedAt += random.int(20, 70) * 3_600_000;
    }
  });
  await insertAttempts(tx, simulated);
};
