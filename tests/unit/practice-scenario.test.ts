import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "~/practice/markdown";
import { checkScenarios, listScenarios, loadScenarioText } from "~/practice/scenarios.server";
import { bestPath, percentOf, ratingFor, RATING_SCALE, scorePath, totalsOf, violationsOf } from "~/practice/scenario";

const FIXTURES = path.resolve(__dirname, "../fixtures/practice");
const load = (name: string) => loadScenarioText(readFileSync(path.join(FIXTURES, `${name}.yaml`), "utf8"), `${name}.yaml`);

describe("scenario validator", () => {
  it("accepts a well-formed graph and computes its score ranges over all paths", () => {
    const { loaded, errors } = load("good");
    expect(errors).toEqual([]);
    expect(loaded!.best).toEqual({ lanhDao: 3, giaoDuc: 2, chienDau: 2, thuTuc: 5 });
    // Lowest: b at n1, b at n2x, b at n2; highest thuTuc also via the best path.
    expect(loaded!.bounds.min).toEqual({ lanhDao: -2, giaoDuc: -1, chienDau: 0, thuTuc: -6 });
    expect(loaded!.bounds.max).toEqual({ lanhDao: 3, giaoDuc: 2, chienDau: 2, thuTuc: 5 });
    expect(loaded!.bounds.maxTotal).toBe(12);
    expect(loaded!.bestPath.map((s) => s.nodeId)).toEqual(["n1", "n2", "n3"]);
  });

  it.each([
    ["dangling", /n2: trỏ tới nút không tồn tại "n9"/],
    ["unreachable", /nút orphan không thể tới được/],
    ["cycle", /vòng lặp: n1 → n2x → n1/],
    ["two-best", /cần đúng một lựa chọn best, có 2/],
    ["out-of-range", /điểm tối đa là 3/],
    ["back-step", /nút n2x → n2: quay lại bước trước/],
    ["dead-end", /mỗi nút phải có đúng một trong: choices, end: true, drafting/],
    ["best-not-max", /không phải đường điểm cao nhất \(18\)/],
  ])("refuses the broken graph %s with a message naming the defect", (name, message) => {
    const { loaded, errors } = load(name);
    expect(loaded).toBeNull();
    expect(errors.join("\n")).toMatch(message);
    expect(errors.every((e) => e.startsWith(`${name}.yaml: `))).toBe(true);
  });

  it("refuses a scenario whose id differs from its file name or that cites a missing source", () => {
    const text = readFileSync(path.join(FIXTURES, "good.yaml"), "utf8").replace(
      'sources: ["tom-tat-huong-dan-sinh-hoat-chi-bo.md §4"]',
      'sources: ["khong-co.txt §1"]',
    );
    const { errors } = loadScenarioText(text, "khac-ten.yaml");
    expect(errors).toContain('khac-ten.yaml: id "good" khác tên tệp');
    expect(errors.join("\n")).toMatch(/khong-co\.txt §1.*không tồn tại/);
  });

  it("finds every shipped scenario valid and playable", () => {
    const scenarios = listScenarios();
    expect(scenarios.length).toBeGreaterThan(0);
    for (const { scenario, bestPath: path } of scenarios) {
      expect(path.length, scenario.id).toBeGreaterThan(2);
    }
    expect(checkScenarios().filter((e) => !e.includes("cần ít nhất 6"))).toEqual([]);
  });
});

describe("scoring and rating", () => {
  it("rates by percent of the best path with the example scale's thresholds", () => {
    expect(RATING_SCALE.map((r) => r.minPercent)).toEqual([90, 70, 50, 0]);
    expect([100, 90, 89, 70, 69, 50, 49, 0].map(ratingFor)).toEqual(["tot", "tot", "kha", "kha", "trung_binh", "trung_binh", "kem", "kem"]);
  });

  it("clamps percentages to 0..100", () => {
    expect(percentOf(-4, 10)).toBe(0);
    expect(percentOf(14, 10)).toBe(100);
    expect(percentOf(7, 10)).toBe(70);
  });

  it("scores a path per quality and overall against the best path", () => {
    const { loaded } = load("good");
    const best = loaded!.best;
    expect(scorePath(best, best)).toMatchObject({ percent: 100, rating: "tot" });
    const scenario = loaded!.scenario;
    // b at n1 (−1,0,0,−2), a at n2x (1,0,0,1), a at n2 (1,1,1,3): total 5 of 12.
    const path = [scenario.nodes.n1!.choices![1]!, scenario.nodes.n2x!.choices![0]!, scenario.nodes.n2!.choices![0]!];
    const score = scorePath(totalsOf(path), best);
    expect(score.perDimension.lanhDao).toEqual({ total: 1, best: 3, percent: 33 });
    expect(score.perDimension.thuTuc).toEqual({ total: 2, best: 5, percent: 40 });
    expect(score.percent).toBe(Math.round((5 / 12) * 100));
    expect(score.rating).toBe("kem");
    expect(bestPath(scenario).at(-1)).toMatchObject({ nodeId: "n3", choiceId: null });
  });
});

describe("integrity gate", () => {
  // good.yaml with a third, dishonest choice at n2x.
  const withViolation = (extra = "") =>
    readFileSync(path.join(FIXTURES, "good.yaml"), "utf8").replace(
      "effects: { lanhDao: 1, giaoDuc: 0, chienDau: 0, thuTuc: 1 }, best: true }",
      `effects: { lanhDao: 1, giaoDuc: 0, chienDau: 0, thuTuc: 1 }, best: true }\n      - { id: c, text: "Ghi khống là đã đủ tài liệu", next: n2, feedback: "Sai.", source: "tom-tat-huong-dan-sinh-hoat-chi-bo.md §4", effects: { lanhDao: 1, giaoDuc: 0, chienDau: 0, thuTuc: 1 }, violation: "Ghi sai sự thật vào biên bản."${extra} }`,
    );

  it("caps the rating of a path with a rule-breaking choice and says which choice and why", () => {
    const { loaded, errors } = loadScenarioText(withViolation(), "good.yaml");
    expect(errors).toEqual([]);
    const scenario = loaded!.scenario;
    const steps = [
      { nodeId: "n1", choiceId: "a" },
      { nodeId: "n2", choiceId: "a" },
    ];
    // Same points as the best path without the detour: Tốt.
    const honest = [scenario.nodes.n1!.choices![0]!, scenario.nodes.n2!.choices![0]!];
    expect(scorePath(totalsOf(honest), loaded!.best, violationsOf(scenario, steps).length)).toMatchObject({ rating: "tot", capped: false });
    // A path that took the dishonest c on the way: the report names it with its reason.
    const dishonestSteps = [
      { nodeId: "n1", choiceId: "b" },
      { nodeId: "n2x", choiceId: "c" },
      { nodeId: "n2", choiceId: "a" },
    ];
    const violations = violationsOf(scenario, dishonestSteps);
    expect(violations).toEqual([
      { nodeId: "n2x", choice: "Ghi khống là đã đủ tài liệu", reason: "Ghi sai sự thật vào biên bản.", source: "tom-tat-huong-dan-sinh-hoat-chi-bo.md §4" },
    ]);
    // Points worth Tốt (100%) or Khá (75%) are capped at Trung bình by one such choice.
    expect(scorePath(loaded!.best, loaded!.best, violations.length)).toMatchObject({ percent: 100, rating: "trung_binh", capped: true });
    expect(scorePath({ lanhDao: 3, giaoDuc: 2, chienDau: 2, thuTuc: 2 }, loaded!.best, 1)).toMatchObject({ percent: 75, rating: "trung_binh", capped: true });
    // A rating already below the cap stays as it is, not raised.
    expect(scorePath({ lanhDao: 0, giaoDuc: 0, chienDau: 0, thuTuc: 0 }, loaded!.best, 1)).toMatchObject({ rating: "kem", capped: false });
  });

  it("refuses a best choice marked as rule-breaking", () => {
    const { errors } = loadScenarioText(withViolation(", best: true").replace("thuTuc: 1 }, best: true }\n", "thuTuc: 1 } }\n"), "good.yaml");
    expect(errors.join("\n")).toMatch(/lựa chọn best không thể là lựa chọn trái nguyên tắc/);
  });

  it("marks in the shipped scenarios the dishonest and rule-breaking choices the issue names", () => {
    const texts = listScenarios().flatMap((l) =>
      Object.values(l.scenario.nodes)
        .flatMap((n) => n.choices ?? [])
        .filter((c) => c.violation)
        .map((c) => c.text),
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        "Cho Thảo biểu quyết ‘cho dân chủ’, vì đồng chí ấy hiểu rõ công việc.",
        "Đồng ý ghi chung cho an toàn.",
        "Ghi ‘cơ bản hoàn thành’ theo đề xuất.",
      ]),
    );
  });
});

describe("narrative Markdown", () => {
  it("reads paragraphs, lists, bold and italic, and keeps HTML as plain text", () => {
    const blocks = parseMarkdown("Đồng chí **Quân** nói *nhỏ*.\n\n- một\n- hai\n\n1. ba\n\n<script>alert(1)</script>");
    expect(blocks).toEqual([
      {
        kind: "p",
        inline: [
          { kind: "text", text: "Đồng chí " },
          { kind: "strong", text: "Quân" },
          { kind: "text", text: " nói " },
          { kind: "em", text: "nhỏ" },
          { kind: "text", text: "." },
        ],
      },
      { kind: "ul", items: [[{ kind: "text", text: "một" }], [{ kind: "text", text: "hai" }]] },
      { kind: "ol", items: [[{ kind: "text", text: "ba" }]] },
      { kind: "p", inline: [{ kind: "text", text: "<script>alert(1)</script>" }] },
    ]);
  });
});

describe("choice order", () => {
  it("is stable for a run and node, and does not always put the best action first", async () => {
    const { orderChoices } = await import("~/practice/run-view.server");
    const choices = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(orderChoices(7, "n1", choices)).toEqual(orderChoices(7, "n1", choices));
    const firsts = new Set(Array.from({ length: 30 }, (_, run) => orderChoices(run, "n1", choices)[0]!.id));
    expect(firsts).toEqual(new Set(["a", "b", "c"]));
    expect(
      orderChoices(3, "n2", choices)
        .map((c) => c.id)
        .sort(),
    ).toEqual(["a", "b", "c"]);
  });
});
