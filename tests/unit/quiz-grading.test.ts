import { describe, expect, it } from "vitest";
import { createRandom } from "#db/seed/random";
import { drawQuestions, gradeAnswers, publicQuestion, shuffle, shuffleOptions, type QuestionSnapshot } from "~/quiz/grading";

const single: QuestionSnapshot = {
  id: "s",
  type: "single",
  stem: "?",
  options: ["a", "b", "c", "d"].map((id) => ({ id, text: id.toUpperCase() })),
  correct: ["c"],
  explanation: "vì",
  source: "tom-tat-huong-dan-sinh-hoat-chi-bo.md §4",
};
const multiple: QuestionSnapshot = { ...single, id: "m", type: "multiple", correct: ["a", "c"] };
const truefalse: QuestionSnapshot = {
  id: "t",
  type: "truefalse",
  stem: "?",
  options: [
    { id: "t", text: "Đúng" },
    { id: "f", text: "Sai" },
  ],
  correct: ["f"],
};

describe("grading", () => {
  it("gives full points only when the selected set equals the correct set", () => {
    const grade = gradeAnswers({ questions: [single, multiple, truefalse], answers: { s: ["c"], m: ["c", "a"], t: ["f"] }, passPercent: 80 });
    expect(grade).toMatchObject({ score: 3, maxScore: 3, percent: 100, passed: true });
  });

  it("gives no partial credit on multiple choice", () => {
    const partial = gradeAnswers({ questions: [multiple], answers: { m: ["a"] }, passPercent: 80 });
    const extra = gradeAnswers({ questions: [multiple], answers: { m: ["a", "b", "c"] }, passPercent: 80 });
    expect(partial.score).toBe(0);
    expect(extra.score).toBe(0);
  });

  it("counts unanswered questions as wrong and applies the pass mark", () => {
    const grade = gradeAnswers({
      questions: [single, multiple, truefalse, { ...single, id: "s2" }, { ...single, id: "s3" }],
      answers: { s: ["c"], m: ["a", "c"], t: ["f"], s2: ["c"] },
      passPercent: 80,
    });
    expect(grade).toMatchObject({ score: 4, maxScore: 5, percent: 80, passed: true });
    expect(grade.results.find((r) => r.questionId === "s3")).toMatchObject({ correct: false, selected: [] });
    const fail = gradeAnswers({ questions: [single, multiple, truefalse], answers: { s: ["c"], m: ["a", "c"] }, passPercent: 80 });
    expect(fail).toMatchObject({ percent: 66.67, passed: false });
  });

  it("weights questions by points", () => {
    const grade = gradeAnswers({ questions: [{ ...single, points: 3 }, truefalse], answers: { s: ["c"] }, passPercent: 50 });
    expect(grade).toMatchObject({ score: 3, maxScore: 4, percent: 75 });
  });

  it("strips the key from what the browser sees", () => {
    expect(publicQuestion(single)).toEqual({ id: "s", type: "single", stem: "?", options: single.options });
  });
});

describe("drawing and shuffling", () => {
  const pool = Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, topic: i < 10 ? "a" : i < 25 ? "b" : "c" }));

  it("draws distinct questions, as many as asked (or the whole pool)", () => {
    const drawn = drawQuestions({ pool, count: 8, random: createRandom(1).next });
    expect(new Set(drawn.map((q) => q.id)).size).toBe(8);
    expect(drawQuestions({ pool, count: 100 }).length).toBe(40);
  });

  it("is deterministic with a seeded random and varies between seeds", () => {
    const a = drawQuestions({ pool, count: 8, random: createRandom(7).next }).map((q) => q.id);
    const b = drawQuestions({ pool, count: 8, random: createRandom(7).next }).map((q) => q.id);
    const c = drawQuestions({ pool, count: 8, random: createRandom(8).next }).map((q) => q.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("stratifies by topic in proportion to the pool", () => {
    for (let seed = 0; seed < 20; seed++) {
      const drawn = drawQuestions({ pool, count: 20, random: createRandom(seed).next, stratifyBy: (q) => q.topic });
      const counts = { a: 0, b: 0, c: 0 };
      for (const q of drawn) counts[q.topic as "a" | "b" | "c"]++;
      expect(counts).toEqual({ a: 5, b: 8, c: 7 });
    }
  });

  it("shuffles options per attempt but keeps them all, and leaves true/false in order", () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const [s, t] = shuffleOptions([single, truefalse], createRandom(seed).next);
      expect(s!.options.map((o) => o.id).sort()).toEqual(["a", "b", "c", "d"]);
      expect(s!.correct).toEqual(["c"]);
      expect(t!.options.map((o) => o.id)).toEqual(["t", "f"]);
      orders.add(s!.options.map((o) => o.id).join(""));
    }
    expect(orders.size).toBeGreaterThan(10);
    expect(single.options.map((o) => o.id).join("")).toBe("abcd");
  });

  it("shuffles uniformly enough", () => {
    const random = createRandom(3).next;
    const firsts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) firsts[shuffle([0, 1, 2, 3], random)[0]!]!++;
    for (const n of firsts) expect(n).toBeGreaterThan(850);
  });
});

describe("answer form", () => {
  it("reads every shown question, so unticking all boxes clears an answer", async () => {
    const { parseWithZod } = await import("@conform-to/zod");
    const { AttemptFormSchema, answersOf } = await import("~/quiz/answer-form");
    const form = new FormData();
    form.append("intent", "save-all");
    form.append("shown", "q-a-001");
    form.append("shown", "q-a-002");
    form.append("shown", "q-a-003");
    form.append("q.q-a-001", "a");
    form.append("q.q-a-001", "c");
    form.append("q.q-a-003", "b");
    const parsed = parseWithZod(form, { schema: AttemptFormSchema });
    expect(parsed.status === "success" && answersOf(parsed.value)).toEqual({ "q-a-001": ["a", "c"], "q-a-002": [], "q-a-003": ["b"] });
    form.append("q.q-a-002", "<script>");
    const refused = parseWithZod(form, { schema: AttemptFormSchema });
    expect(refused.status).toBe("error");
    expect(refused.reply().error).toEqual({ "q.q-a-002[0]": ["Câu trả lời không hợp lệ."] });
  });

  it("accepts a form with no question shown and nothing ticked", async () => {
    const { parseWithZod } = await import("@conform-to/zod");
    const { AttemptFormSchema, answersOf } = await import("~/quiz/answer-form");
    const form = new FormData();
    form.append("intent", "submit");
    const parsed = parseWithZod(form, { schema: AttemptFormSchema });
    expect(parsed.status === "success" && answersOf(parsed.value)).toEqual({});
  });
});
