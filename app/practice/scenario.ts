/**
 * The scenario model (content/scenarios/<id>.yaml, docs/content-format.md "Scenarios"):
 * its zod schema, the graph validator, and the scoring of paths. Pure: no file or
 * database access, so the validator runs in unit tests on hand-written graphs.
 */
import { z } from "zod";

export const DIMENSIONS = ["lanhDao", "giaoDuc", "chienDau", "thuTuc"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Effects = Record<Dimension, number>;

export const DIMENSION_LABELS: Record<Dimension, string> = {
  lanhDao: "Tính lãnh đạo",
  giaoDuc: "Tính giáo dục",
  chienDau: "Tính chiến đấu",
  thuTuc: "Trình tự, thủ tục",
};

export const REGULAR_STEPS = ["chuan_bi", "khai_mac", "thong_tin", "kiem_diem", "nhiem_vu", "thao_luan", "phe_binh", "bieu_quyet", "be_mac"] as const;
export const THEMATIC_STEPS = ["chuan_bi", "khai_mac", "chuyen_de", "thao_luan", "lien_he", "bieu_quyet", "be_mac"] as const;
export const STEP_IDS = [...new Set<string>([...REGULAR_STEPS, ...THEMATIC_STEPS])] as [string, ...string[]];

const SourceString = z.string().regex(/^\S+\.(txt|md) §.+$/, 'nguồn phải có dạng "<tệp> §<mục>"');
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "chỉ gồm chữ thường không dấu, số và dấu gạch ngang");
const NodeId = z.string().regex(/^[a-zA-Z0-9_-]+$/, "mã nút chỉ gồm chữ, số, _ và -");
const Effect = z.number().int("điểm phải là số nguyên").min(-3, "điểm tối thiểu là -3").max(3, "điểm tối đa là 3");

export const EffectsSchema = z.object({ lanhDao: Effect, giaoDuc: Effect, chienDau: Effect, thuTuc: Effect }).strict();

export const ChoiceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    text: z.string().min(3),
    next: NodeId,
    feedback: z.string().min(3),
    source: SourceString,
    effects: EffectsSchema,
    best: z.boolean().optional(),
    /** Why this choice breaks a rule or is dishonest (cited in `source`): it caps the run's rating. */
    violation: z.string().min(10).optional(),
  })
  .strict();
export type Choice = z.infer<typeof ChoiceSchema>;

export const DraftingSchema = z.object({ politicalTask: z.string().min(5), minTasks: z.number().int().min(1).max(10) }).strict();

export const NodeSchema = z
  .object({
    step: z.enum(STEP_IDS),
    narrative: z.string().min(3),
    choices: z.array(ChoiceSchema).min(2, "cần 2–4 lựa chọn").max(4, "cần 2–4 lựa chọn").optional(),
    end: z.literal(true).optional(),
    drafting: DraftingSchema.optional(),
    next: NodeId.optional(),
  })
  .strict()
  .superRefine((node, ctx) => {
    const kinds = [node.choices ? "choices" : null, node.end ? "end" : null, node.drafting ? "drafting" : null].filter(Boolean);
    if (kinds.length !== 1) ctx.addIssue({ code: "custom", message: "mỗi nút phải có đúng một trong: choices, end: true, drafting" });
    if (node.drafting && !node.next) ctx.addIssue({ code: "custom", message: "nút soạn thảo cần `next`" });
    if (!node.drafting && node.next) ctx.addIssue({ code: "custom", message: "`next` ở cấp nút chỉ dùng cho nút soạn thảo" });
    if (node.choices) {
      const ids = node.choices.map((c) => c.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "mã lựa chọn bị trùng" });
      const best = node.choices.filter((c) => c.best).length;
      if (best !== 1) ctx.addIssue({ code: "custom", message: `cần đúng một lựa chọn best, có ${best}` });
      if (node.choices.some((c) => c.best && c.violation))
        ctx.addIssue({ code: "custom", message: "lựa chọn best không thể là lựa chọn trái nguyên tắc (violation)" });
    }
  });
export type ScenarioNode = z.infer<typeof NodeSchema>;

export const ScenarioSchema = z
  .object({
    id: Slug,
    title: z.string().min(3),
    summary: z.string().min(10),
    kind: z.enum(["regular", "thematic"]),
    difficulty: z.number().int().min(1).max(3),
    minutes: z.number().int().min(1).max(120),
    sources: z.array(SourceString).min(1),
    steps: z.array(z.object({ id: z.enum(STEP_IDS), title: z.string().min(2) }).strict()).min(2),
    start: NodeId,
    nodes: z.record(NodeId, NodeSchema),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

export const ZERO: Effects = { lanhDao: 0, giaoDuc: 0, chienDau: 0, thuTuc: 0 };

export function addEffects(a: Effects, b: Effects): Effects {
  return { lanhDao: a.lanhDao + b.lanhDao, giaoDuc: a.giaoDuc + b.giaoDuc, chienDau: a.chienDau + b.chienDau, thuTuc: a.thuTuc + b.thuTuc };
}

export function sumEffects(e: Effects) {
  return e.lanhDao + e.giaoDuc + e.chienDau + e.thuTuc;
}

/** The nodes a node leads to (choice targets, or a drafting node's next). */
export function successors(node: ScenarioNode): string[] {
  if (node.choices) return node.choices.map((c) => c.next);
  return node.next ? [node.next] : [];
}

/** The edges out of a node with the effects each carries (a drafting edge carries none). */
function edges(node: ScenarioNode): { next: string; effects: Effects }[] {
  if (node.choices) return node.choices.map((c) => ({ next: c.next, effects: c.effects }));
  return node.next ? [{ next: node.next, effects: ZERO }] : [];
}

export interface Bounds {
  min: Effects;
  max: Effects;
  /** Highest and lowest overall total (sum of the four dimensions) over all paths. */
  maxTotal: number;
  minTotal: number;
}

export interface ValidationResult {
  errors: string[];
  /** Present when the graph is a valid DAG: score ranges over all complete paths. */
  bounds?: Bounds;
  best?: Effects;
}

/**
 * Proves a parsed scenario is playable: every `next` exists, every node is reachable
 * from `start`, there is no cycle (so every path ends at an `end` node), steps never go
 * back in the agenda, and the best path is really the highest-scoring path. Score bounds
 * per dimension come from a DP over the DAG.
 */
export function validateScenario(scenario: Scenario): ValidationResult {
  const errors: string[] = [];
  const nodes = scenario.nodes;
  const stepOrder = new Map(scenario.steps.map((s, i) => [s.id, i]));
  if (stepOrder.size !== scenario.steps.length) errors.push("chương trình (steps) có bước bị trùng");
  const allowed: readonly string[] = scenario.kind === "regular" ? REGULAR_STEPS : THEMATIC_STEPS;
  for (const step of scenario.steps) {
    if (!allowed.includes(step.id)) errors.push(`bước "${step.id}" không thuộc loại sinh hoạt ${scenario.kind === "regular" ? "thường kỳ" : "chuyên đề"}`);
  }
  if (!nodes[scenario.start]) errors.push(`nút bắt đầu "${scenario.start}" không tồn tại`);
  for (const [id, node] of Object.entries(nodes)) {
    if (!stepOrder.has(node.step)) errors.push(`nút ${id}: bước "${node.step}" không có trong chương trình`);
    for (const next of successors(node)) {
      if (!nodes[next]) errors.push(`nút ${id}: trỏ tới nút không tồn tại "${next}"`);
      else if ((stepOrder.get(nodes[next].step) ?? 0) < (stepOrder.get(node.step) ?? 0)) {
        errors.push(`nút ${id} → ${next}: quay lại bước trước trong chương trình`);
      }
    }
  }
  if (errors.length) return { errors };

  // Depth-first search from start: reachability and cycles, and a topological order.
  const state = new Map<string, "open" | "done">();
  const order: string[] = [];
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === "done") return;
    if (s === "open") {
      errors.push(`vòng lặp: ${[...trail.slice(trail.indexOf(id)), id].join(" → ")}`);
      return;
    }
    state.set(id, "open");
    for (const next of successors(nodes[id]!)) visit(next, [...trail, id]);
    state.set(id, "done");
    order.push(id);
  };
  visit(scenario.start, []);
  for (const id of Object.keys(nodes)) if (!state.has(id)) errors.push(`nút ${id} không thể tới được từ nút bắt đầu`);
  if (errors.length) return { errors };

  // `order` is post-order: every node comes after all its successors.
  const min = new Map<string, Effects>();
  const max = new Map<string, Effects>();
  const maxTotal = new Map<string, number>();
  const minTotal = new Map<string, number>();
  for (const id of order) {
    const out = edges(nodes[id]!);
    if (!out.length) {
      min.set(id, ZERO);
      max.set(id, ZERO);
      maxTotal.set(id, 0);
      minTotal.set(id, 0);
      continue;
    }
    const pick = (source: Map<string, Effects>, better: (a: number, b: number) => number): Effects => {
      const result = { ...ZERO };
      for (const dim of DIMENSIONS) result[dim] = out.map((e) => e.effects[dim] + source.get(e.next)![dim]).reduce((a, b) => better(a, b));
      return result;
    };
    min.set(id, pick(min, Math.min));
    max.set(id, pick(max, Math.max));
    maxTotal.set(id, Math.max(...out.map((e) => sumEffects(e.effects) + maxTotal.get(e.next)!)));
    minTotal.set(id, Math.min(...out.map((e) => sumEffects(e.effects) + minTotal.get(e.next)!)));
  }
  const bounds: Bounds = {
    min: min.get(scenario.start)!,
    max: max.get(scenario.start)!,
    maxTotal: maxTotal.get(scenario.start)!,
    minTotal: minTotal.get(scenario.start)!,
  };
  const best = totalsOf(bestPath(scenario));
  for (const dim of DIMENSIONS) {
    if (best[dim] <= 0) errors.push(`đường tốt nhất có tổng ${DIMENSION_LABELS[dim].toLowerCase()} = ${best[dim]}: cần dương để tính phần trăm`);
  }
  if (sumEffects(best) < bounds.maxTotal) {
    errors.push(`đường đi theo các lựa chọn best (tổng ${sumEffects(best)}) không phải đường điểm cao nhất (${bounds.maxTotal})`);
  }
  return { errors, bounds, best };
}

export interface PathStep {
  nodeId: string;
  choiceId: string | null;
  effects: Effects;
}

/** The path that follows the `best` choice at every node, from start to an end node. */
export function bestPath(scenario: Scenario): PathStep[] {
  const path: PathStep[] = [];
  let id: string | undefined = scenario.start;
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const node: ScenarioNode | undefined = scenario.nodes[id];
    if (!node || node.end) break;
    if (node.drafting) {
      path.push({ nodeId: id, choiceId: null, effects: ZERO });
      id = node.next;
      continue;
    }
    const choice = node.choices?.find((c) => c.best);
    if (!choice) break;
    path.push({ nodeId: id, choiceId: choice.id, effects: choice.effects });
    id = choice.next;
  }
  return path;
}

export function totalsOf(path: { effects: Effects }[]): Effects {
  return path.reduce((acc, step) => addEffects(acc, step.effects), ZERO);
}

/**
 * The example scale module 07 ("danh-gia-chat-luong", section `thang-diem`) teaches:
 * a local example (Đảng ủy Khối Bình Thuận, content/sources/tom-tat-tu-lieu-tham-khao.md §1), not a rule.
 * One place to change it.
 */
export const RATING_SCALE = [
  { rating: "tot", label: "Tốt", minPercent: 90 },
  { rating: "kha", label: "Khá", minPercent: 70 },
  { rating: "trung_binh", label: "Trung bình", minPercent: 50 },
  { rating: "kem", label: "Kém", minPercent: 0 },
] as const;
export type Rating = (typeof RATING_SCALE)[number]["rating"];

export const RATING_LABELS: Record<Rating, string> = { tot: "Tốt", kha: "Khá", trung_binh: "Trung bình", kem: "Kém" };

export function isRating(value: unknown): value is Rating {
  return typeof value === "string" && value in RATING_LABELS;
}

/** `value` as a percent of `reference`, clamped to 0..100 and rounded. */
export function percentOf(value: number, reference: number) {
  if (reference <= 0) return value >= reference ? 100 : 0;
  return Math.round(Math.min(100, Math.max(0, (value / reference) * 100)));
}

export function ratingFor(percent: number): Rating {
  return RATING_SCALE.find((r) => percent >= r.minPercent)?.rating ?? "kem";
}

/**
 * The integrity gate: module 07 teaches that "Tốt" needs the key criteria met, not only points. One
 * rule-breaking or dishonest choice (falsified minutes, a probationary member voting…) caps the
 * rating here, whatever the points.
 */
export const VIOLATION_CAP: Rating = "trung_binh";

export interface Score {
  percent: number;
  rating: Rating;
  /** true when the points alone would have rated higher than the cap a violation imposes */
  capped: boolean;
  perDimension: Record<Dimension, { total: number; best: number; percent: number }>;
}

const RATING_ORDER: Rating[] = RATING_SCALE.map((r) => r.rating);

/**
 * A path's score against the best path: per dimension and overall (percent of the best total);
 * with `violations` > 0 the rating is no better than VIOLATION_CAP.
 */
export function scorePath(totals: Effects, best: Effects, violations = 0): Score {
  const of = (dim: Dimension) => ({ total: totals[dim], best: best[dim], percent: percentOf(totals[dim], best[dim]) });
  const perDimension = { lanhDao: of("lanhDao"), giaoDuc: of("giaoDuc"), chienDau: of("chienDau"), thuTuc: of("thuTuc") };
  const percent = percentOf(sumEffects(totals), sumEffects(best));
  const byPoints = ratingFor(percent);
  const capped = violations > 0 && RATING_ORDER.indexOf(byPoints) < RATING_ORDER.indexOf(VIOLATION_CAP);
  return { percent, rating: capped ? VIOLATION_CAP : byPoints, capped, perDimension };
}

/** The rule-breaking choices taken along a path (in order), with why each breaks a rule. */
export function violationsOf(scenario: Scenario, steps: readonly { nodeId: string; choiceId: string | null }[]) {
  return steps.flatMap((step) => {
    const choice = scenario.nodes[step.nodeId]?.choices?.find((c) => c.id === step.choiceId);
    return choice?.violation ? [{ nodeId: step.nodeId, choice: choice.text, reason: choice.violation, source: choice.source }] : [];
  });
}
