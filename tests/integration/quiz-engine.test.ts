import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, moduleCompletion, quizAnswer, quizAttempt, trainingCompletion, user } from "#db/schema";
import {
  getAttemptForTaking,
  getAttemptReview,
  gradeExpiredAttempts,
  grantOverride,
  regrade,
  saveAnswer,
  saveAnswers,
  startAttempt,
  submitAttempt,
  summarizeAttempts,
  type QuestionSnapshot,
  type StartAttemptInput,
} from "~/quiz/engine.server";
import { dbTargets, useTestDatabase } from "../support/db";

const QUESTIONS: QuestionSnapshot[] = [
  {
    id: "t-1",
    type: "single",
    stem: "Câu một?",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ],
    correct: ["b"],
    explanation: "GIAI-THICH-BI-MAT",
    source: "001_0af4f9b4e6b8a21f.txt §III.5(2)",
    topic: "vi-tri-vai-tro-chi-bo",
  },
  {
    id: "t-2",
    type: "multiple",
    stem: "Câu hai?",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
      { id: "c", text: "C" },
    ],
    correct: ["a", "c"],
    explanation: "Giải thích hai",
    topic: "vi-tri-vai-tro-chi-bo",
  },
  {
    id: "t-3",
    type: "truefalse",
    stem: "Câu ba?",
    options: [
      { id: "t", text: "Đúng" },
      { id: "f", text: "Sai" },
    ],
    correct: ["t"],
    topic: "he-thong-van-ban",
  },
];

function quiz(overrides: Partial<StartAttemptInput> = {}): StartAttemptInput {
  return {
    userId: "u-hocvien",
    quizKey: "module:vi-tri-vai-tro-chi-bo",
    questions: QUESTIONS,
    timeLimitSeconds: null,
    graceSeconds: 30,
    maxAttempts: null,
    passPercent: 80,
    ...overrides,
  };
}

function attemptIdOf(result: Awaited<ReturnType<typeof startAttempt>>) {
  if (!result.ok) throw new Error(`start failed: ${result.message}`);
  return result.attemptId;
}

for (const target of dbTargets()) {
  describe(`quiz engine on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;

    it("starts once, resumes the open attempt, and enforces the attempt limit with overrides", async () => {
      const key = "final:A";
      const first = await startAttempt(quiz({ quizKey: key, maxAttempts: 1, timeLimitSeconds: 1800 }));
      expect(first).toMatchObject({ resumed: false });
      const again = await startAttempt(quiz({ quizKey: key, maxAttempts: 1, timeLimitSeconds: 1800 }));
      expect(again).toEqual({ ok: true, attemptId: attemptIdOf(first), resumed: true });

      const [row] = await db()
        .select()
        .from(quizAttempt)
        .where(eq(quizAttempt.id, attemptIdOf(first)));
      expect(row!.questions.map((q) => q.id)).toEqual(["t-1", "t-2", "t-3"]);
      expect(row!.maxScore).toBe(3);
      const limit = row!.deadline!.getTime() - row!.startedAt.getTime();
      expect(limit).toBe(1800_000);

      await submitAttempt({ attemptId: attemptIdOf(first), userId: "u-hocvien" });
      expect(await startAttempt(quiz({ quizKey: key, maxAttempts: 1, timeLimitSeconds: 1800 }))).toMatchObject({
        ok: false,
        code: "max_attempts",
        message: "Đồng chí đã dùng hết số lần làm bài kiểm tra này.",
      });

      await grantOverride({ userId: "u-hocvien", quizKey: key, extraSeconds: 600, extraAttempts: 1, reason: "Mất điện", grantedBy: "u-bantochuc" });
      const third = await startAttempt(quiz({ quizKey: key, maxAttempts: 1, timeLimitSeconds: 1800 }));
      const [extra] = await db()
        .select()
        .from(quizAttempt)
        .where(eq(quizAttempt.id, attemptIdOf(third)));
      expect(extra!.attemptNo).toBe(2);
      expect(extra!.deadline!.getTime() - extra!.startedAt.getTime()).toBe(2400_000);
      const audits = await db().select().from(auditLog).where(eq(auditLog.action, "quiz.override"));
      expect(audits).toHaveLength(1);
      expect(audits[0]!.reason).toBe("Mất điện");
      const summary = await summarizeAttempts({ userId: "u-hocvien", quizKeys: [key, "final:B"] });
      expect(summary.get(key)).toMatchObject({ used: 2, submitted: 1, extraAttempts: 1, openAttemptId: attemptIdOf(third) });
      expect(summary.get("final:B")).toMatchObject({ used: 0, bestPercent: null, passed: false });
    });

    it("refuses to start after a closed window", async () => {
      expect(await startAttempt(quiz({ quizKey: "contest-round:1", closesAt: new Date(Date.now() - 1000) }))).toMatchObject({
        ok: false,
        code: "closed",
        message: "Bài kiểm tra đã đóng.",
      });
    });

    it("saves answers, refuses foreign questions and options, and never shows the key while open", async () => {
      const attemptId = attemptIdOf(await startAttempt(quiz({ userId: "u-giamkhao" })));
      const saved = await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "t-1", selected: ["a"] });
      expect(saved.ok).toBe(true);
      // Changing one's mind overwrites.
      await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "t-1", selected: ["b"] });
      expect(await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "t-1", selected: ["z"] })).toMatchObject({ ok: false, code: "invalid" });
      expect(await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "t-1", selected: ["a", "b"] })).toMatchObject({ ok: false, code: "invalid" });
      expect(await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "nope", selected: ["a"] })).toMatchObject({ ok: false, code: "invalid" });
      expect(await saveAnswer({ attemptId, userId: "u-hocvien", questionId: "t-1", selected: ["a"] })).toMatchObject({ ok: false, code: "not_found" });
      const many = await saveAnswers({ attemptId, userId: "u-giamkhao", answers: { "t-2": ["a", "c"], "t-3": ["f"] } });
      expect(many).toMatchObject({ ok: true, saved: 2 });

      const taking = await getAttemptForTaking({ attemptId, userId: "u-giamkhao" });
      expect(taking!.answers).toEqual({ "t-1": ["b"], "t-2": ["a", "c"], "t-3": ["f"] });
      const json = JSON.stringify(taking);
      expect(json).not.toContain("correct");
      expect(json).not.toContain("GIAI-THICH-BI-MAT");
      expect(json).not.toContain("§");
      expect(await getAttemptForTaking({ attemptId, userId: "u-hocvien" })).toBeNull();
      expect(await getAttemptReview({ attemptId, userId: "u-giamkhao" })).toBeNull();

      const result = await submitAttempt({ attemptId, userId: "u-giamkhao" });
      expect(result).toMatchObject({ score: 2, maxScore: 3, percent: 66.67, passed: false });
      const review = await getAttemptReview({ attemptId, userId: "u-giamkhao" });
      expect(review!.questions[0]!.correct).toEqual(["b"]);
      expect(review!.results.map((r) => r.correct)).toEqual([true, true, false]);
      expect(await saveAnswer({ attemptId, userId: "u-giamkhao", questionId: "t-3", selected: ["t"] })).toMatchObject({ ok: false, code: "submitted" });
    });

    it("accepts answers within the grace period, refuses later ones, and grades expired attempts with what was saved", async () => {
      const attemptId = attemptIdOf(await startAttempt(quiz({ userId: "u-hoithi", quizKey: "final:B", timeLimitSeconds: 600, maxAttempts: 3 })));
      await saveAnswer({ attemptId, userId: "u-hoithi", questionId: "t-1", selected: ["b"] });
      // The deadline passed 10 s ago: inside the 30 s grace.
      await db()
        .update(quizAttempt)
        .set({ deadline: sql`now() - interval '10 seconds'` })
        .where(eq(quizAttempt.id, attemptId));
      expect((await saveAnswer({ attemptId, userId: "u-hoithi", questionId: "t-2", selected: ["a", "c"] })).ok).toBe(true);
      // 40 s ago: too late.
      await db()
        .update(quizAttempt)
        .set({ deadline: sql`now() - interval '40 seconds'` })
        .where(eq(quizAttempt.id, attemptId));
      expect(await saveAnswer({ attemptId, userId: "u-hoithi", questionId: "t-3", selected: ["t"] })).toMatchObject({ ok: false, code: "late" });

      expect(await gradeExpiredAttempts()).toBe(1);
      const [row] = await db().select().from(quizAttempt).where(eq(quizAttempt.id, attemptId));
      expect(row).toMatchObject({ status: "submitted", score: 2 });
      // Handed in at the deadline, not when the grader ran.
      expect(row!.submittedAt!.getTime()).toBe(row!.deadline!.getTime());
      expect(await gradeExpiredAttempts()).toBe(0);
    });

    it("grades a double submit once and records completions once", async () => {
      const moduleKey = "module:he-thong-van-ban";
      const attemptId = attemptIdOf(await startAttempt(quiz({ userId: "u-donvi", quizKey: moduleKey })));
      await saveAnswers({ attemptId, userId: "u-donvi", answers: { "t-1": ["b"], "t-2": ["c", "a"], "t-3": ["t"] } });
      const [a, b] = await Promise.all([submitAttempt({ attemptId, userId: "u-donvi" }), submitAttempt({ attemptId, userId: "u-donvi" })]);
      expect(a).toEqual(b);
      expect(a).toMatchObject({ score: 3, percent: 100, passed: true });
      const [completion] = await db()
        .select()
        .from(moduleCompletion)
        .where(and(eq(moduleCompletion.userId, "u-donvi"), eq(moduleCompletion.moduleSlug, "he-thong-van-ban")));
      expect(completion!.checkPassedAt!.getTime()).toBe(a!.submittedAt.getTime());

      // A later pass keeps the first date.
      const second = attemptIdOf(await startAttempt(quiz({ userId: "u-donvi", quizKey: moduleKey })));
      await saveAnswers({ attemptId: second, userId: "u-donvi", answers: { "t-1": ["b"], "t-2": ["c", "a"], "t-3": ["t"] } });
      await submitAttempt({ attemptId: second, userId: "u-donvi" });
      const [still] = await db().select().from(moduleCompletion).where(eq(moduleCompletion.userId, "u-donvi"));
      expect(still!.checkPassedAt!.getTime()).toBe(a!.submittedAt.getTime());

      const finalId = attemptIdOf(await startAttempt(quiz({ userId: "u-donvi", quizKey: "final:A", timeLimitSeconds: 1800, maxAttempts: 3 })));
      await saveAnswers({ attemptId: finalId, userId: "u-donvi", answers: { "t-1": ["b"], "t-2": ["a", "c"], "t-3": ["t"] } });
      await submitAttempt({ attemptId: finalId, userId: "u-donvi" });
      await submitAttempt({ attemptId: finalId, userId: "u-donvi" });
      const [donvi] = await db().select({ personId: user.personId }).from(user).where(eq(user.id, "u-donvi"));
      const completions = await db().select().from(trainingCompletion).where(eq(trainingCompletion.personId, donvi!.personId!));
      expect(completions).toHaveLength(1);
      expect(completions[0]).toMatchObject({ track: "A", method: "online", evidence: `attempt:${finalId}` });
    });

    it("keeps every answer when many autosaves of one attempt arrive at once", async () => {
      const many: QuestionSnapshot[] = Array.from({ length: 30 }, (_, i) => ({
        id: `m-${i}`,
        type: "single",
        stem: `Câu ${i}?`,
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
        ],
        correct: ["a"],
      }));
      const attemptId = attemptIdOf(await startAttempt(quiz({ userId: "u-bantochuc", quizKey: "final:B", questions: many, timeLimitSeconds: 1800 })));
      const outcomes = await Promise.all([
        ...many.map((q) => saveAnswer({ attemptId, userId: "u-bantochuc", questionId: q.id, selected: ["a"] })),
        // The same question changed several times concurrently: one row, one of the values.
        ...["a", "b", "a", "b"].map((o) => saveAnswer({ attemptId, userId: "u-bantochuc", questionId: "m-0", selected: [o] })),
      ]);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const rows = await db().select().from(quizAnswer).where(eq(quizAnswer.attemptId, attemptId));
      expect(rows).toHaveLength(30);
    });

    it("starts concurrently without duplicates", async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => startAttempt(quiz({ userId: "u-quantri", quizKey: "module:x" }))));
      const ids = new Set(results.map(attemptIdOf));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => "resumed" in r && !r.resumed)).toHaveLength(1);
    });

    it("regrades submitted attempts after a key change", async () => {
      const key = "contest-round:77";
      const attemptId = attemptIdOf(await startAttempt(quiz({ userId: "u-quantri", quizKey: key })));
      await saveAnswers({ attemptId, userId: "u-quantri", answers: { "t-1": ["a"], "t-2": ["a", "c"], "t-3": ["t"] } });
      expect(await submitAttempt({ attemptId, userId: "u-quantri" })).toMatchObject({ score: 2 });
      expect(await regrade({ quizKey: key, questionId: "t-1", correct: ["a"] })).toBe(1);
      const review = await getAttemptReview({ attemptId, userId: "u-quantri" });
      expect(review).toMatchObject({ score: 3, percent: 100, passed: true });
      expect(review!.questions[0]!.correct).toEqual(["a"]);
    });
  });
}
