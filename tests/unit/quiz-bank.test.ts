import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { MIN_QUESTIONS_PER_TOPIC, QuestionSchema, checkBank, readBank, readQuizSettings, topicMinimums } from "~/quiz/bank.server";
import { getTracks, listModules } from "~/training/catalog.server";

const valid = {
  id: "q-test-001",
  type: "single",
  stem: "Một câu hỏi thử?",
  options: [
    { id: "a", text: "A" },
    { id: "b", text: "B" },
  ],
  correct: ["a"],
  explanation: "Giải thích đủ dài.",
  difficulty: 1,
  source: "001_0af4f9b4e6b8a21f.txt §III.5(2)",
};

function issues(question: unknown) {
  const parsed = QuestionSchema.safeParse(question);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

describe("question bank content", () => {
  it("passes every check: sources, ids, keys, topics and their minimums", () => {
    const errors = checkBank({ moduleSlugs: listModules().map((m) => m.slug), tracks: getTracks() });
    expect(errors).toEqual([]);
  });

  it("has at least 150 questions of all three types, spread over the modules", () => {
    const { bank } = readBank();
    expect(bank.questions.length).toBeGreaterThanOrEqual(150);
    expect(new Set(bank.questions.map((q) => q.type))).toEqual(new Set(["single", "multiple", "truefalse"]));
    const settings = readQuizSettings();
    for (const [topic, need] of topicMinimums({ settings, tracks: getTracks() })) {
      expect(bank.byTopic.get(topic)?.length ?? 0, topic).toBeGreaterThanOrEqual(need);
    }
  });

  it("rejects a question without a valid source", () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, source: "Đề án 01" }).join()).toMatch(/không đúng dạng/);
    expect(issues({ ...valid, source: "999_khong-co.txt §I" }).join()).toMatch(/không tồn tại/);
  });

  it("rejects a key outside the options, two keys on a single choice, and a malformed true/false", () => {
    expect(issues({ ...valid, correct: ["z"] }).join()).toMatch(/không nằm trong các lựa chọn/);
    expect(issues({ ...valid, correct: ["a", "b"] }).join()).toMatch(/đúng một đáp án/);
    expect(issues({ ...valid, type: "truefalse" }).join()).toMatch(/t \(Đúng\) và f \(Sai\)/);
    expect(issues({ ...valid, type: "multiple", correct: ["a", "b"] })).toEqual([]);
  });

  it("reports duplicate ids across files, naming them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bank-"));
    writeFileSync(path.join(dir, "mot.yaml"), stringify([valid]));
    writeFileSync(path.join(dir, "hai.yaml"), stringify([valid, { ...valid, id: "q-test-002", correct: ["x"] }]));
    const { bank, errors } = readBank(dir);
    expect(errors).toContain('mã câu hỏi "q-test-001" bị trùng (hai và mot)');
    expect(errors.some((e) => e.startsWith("hai.yaml: q-test-002: correct:"))).toBe(true);
    expect(bank.byTopic.get("hai")).toHaveLength(1);
  });

  it("requires what a topic needs for each quiz", () => {
    const need = topicMinimums({
      settings: {
        moduleCheck: { questions: 8, passPercent: 80, timeLimitMinutes: null, maxAttempts: null, graceSeconds: 30 },
        finalTests: [{ track: "A", questions: 30, passPercent: 80, timeLimitMinutes: 30, maxAttempts: 3, graceSeconds: 30 }],
      },
      tracks: [{ id: "A", modules: ["x", "y"] }],
    });
    expect(Object.fromEntries(need)).toEqual({ x: 15, y: 15 });
  });

  it("requires at least ten questions for every module, even one no quiz draws from", () => {
    const slugs = listModules().map((m) => m.slug);
    const errors = checkBank({ moduleSlugs: [...slugs, "bai-hoc-chua-co-cau-hoi"], tracks: getTracks() });
    expect(errors).toEqual([`chủ đề "bai-hoc-chua-co-cau-hoi" có 0 câu hỏi, mỗi bài học cần ít nhất ${MIN_QUESTIONS_PER_TOPIC}`]);
  });
});
