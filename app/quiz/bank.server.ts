/**
 * The question bank (content/questions/<module-slug>.yaml) and the quiz settings
 * (content/quizzes.yaml), validated with zod and parsed once per process: starting an
 * attempt must never read files.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { checkSource } from "../../content/sources";
import type { QuestionSnapshot } from "./grading";

const CONTENT_DIR = path.resolve(process.cwd(), "content");
export const QUESTIONS_DIR = path.join(CONTENT_DIR, "questions");

const OptionSchema = z.object({ id: z.string().regex(/^[a-z0-9]+$/, "mã lựa chọn chỉ gồm chữ thường, số"), text: z.string().min(1) });

export const QuestionSchema = z
  .object({
    id: z.string().regex(/^q-[a-z0-9]+-\d{3,}$/, "mã câu hỏi phải có dạng q-<chủ đề>-NNN"),
    type: z.enum(["single", "multiple", "truefalse"]),
    stem: z.string().min(5),
    options: z.array(OptionSchema).min(2).max(6),
    correct: z.array(z.string()).min(1),
    explanation: z.string().min(10),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    source: z.string(),
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "mã lựa chọn bị trùng", path: ["options"] });
    for (const c of q.correct) {
      if (!ids.includes(c)) ctx.addIssue({ code: "custom", message: `đáp án "${c}" không nằm trong các lựa chọn`, path: ["correct"] });
    }
    if (new Set(q.correct).size !== q.correct.length) ctx.addIssue({ code: "custom", message: "đáp án bị lặp", path: ["correct"] });
    if (q.type !== "multiple" && q.correct.length !== 1) {
      ctx.addIssue({ code: "custom", message: "câu một lựa chọn / đúng-sai phải có đúng một đáp án", path: ["correct"] });
    }
    if (q.type === "truefalse" && ids.join(",") !== "t,f") {
      ctx.addIssue({ code: "custom", message: "câu đúng-sai phải có đúng hai lựa chọn t (Đúng) và f (Sai)", path: ["options"] });
    }
    const sourceError = checkSource(q.source);
    if (sourceError) ctx.addIssue({ code: "custom", message: sourceError, path: ["source"] });
  });

export type BankQuestion = z.infer<typeof QuestionSchema> & { topic: string };

const ModuleCheckSchema = z.object({
  questions: z.number().int().min(1),
  passPercent: z.number().int().min(1).max(100),
  timeLimitMinutes: z.number().int().positive().nullable(),
  maxAttempts: z.number().int().positive().nullable(),
  graceSeconds: z.number().int().min(0).max(300).default(30),
});

const FinalTestSchema = ModuleCheckSchema.extend({ track: z.string().min(1) });

export const QuizSettingsSchema = z.object({
  moduleCheck: ModuleCheckSchema,
  finalTests: z.array(FinalTestSchema).min(1),
});
export type QuizSettings = z.infer<typeof QuizSettingsSchema>;
export type QuizRules = z.infer<typeof ModuleCheckSchema>;

export interface Bank {
  questions: BankQuestion[];
  byId: Map<string, BankQuestion>;
  byTopic: Map<string, BankQuestion[]>;
}

/** Reads and validates every bank file; returns the bank and the errors (messages name the file and question). */
export function readBank(dir: string = QUESTIONS_DIR): { bank: Bank; errors: string[] } {
  const errors: string[] = [];
  const questions: BankQuestion[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const topic = file.replace(/\.yaml$/, "");
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path.join(dir, file), "utf8"));
    } catch (error) {
      errors.push(`${file}: YAML không đọc được: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!Array.isArray(raw)) {
      errors.push(`${file}: phải là một danh sách câu hỏi`);
      continue;
    }
    raw.forEach((item: unknown, index) => {
      const parsed = QuestionSchema.safeParse(item);
      if (parsed.success) {
        questions.push({ ...parsed.data, topic });
        return;
      }
      const id = z.object({ id: z.string() }).safeParse(item);
      const label = id.success ? id.data.id : `câu thứ ${index + 1}`;
      for (const issue of parsed.error.issues) errors.push(`${file}: ${label}: ${issue.path.join(".") || "câu hỏi"}: ${issue.message}`);
    });
  }
  const byId = new Map<string, BankQuestion>();
  const byTopic = new Map<string, BankQuestion[]>();
  for (const q of questions) {
    if (byId.has(q.id)) errors.push(`mã câu hỏi "${q.id}" bị trùng (${byId.get(q.id)!.topic} và ${q.topic})`);
    else byId.set(q.id, q);
    const list = byTopic.get(q.topic);
    if (list) list.push(q);
    else byTopic.set(q.topic, [q]);
  }
  return { bank: { questions, byId, byTopic }, errors };
}

export function readQuizSettings(): QuizSettings {
  const raw: unknown = parseYaml(readFileSync(path.join(CONTENT_DIR, "quizzes.yaml"), "utf8"));
  return QuizSettingsSchema.parse(raw);
}

let bankCache: Bank | null = null;
let settingsCache: QuizSettings | null = null;

/** The validated bank, parsed once per process (the content ships with the build). Throws on invalid content. */
export function getBank(): Bank {
  if (!bankCache || process.env.NODE_ENV === "development") {
    const { bank, errors } = readBank();
    if (errors.length) throw new Error(`Ngân hàng câu hỏi không hợp lệ:\n${errors.join("\n")}`);
    bankCache = bank;
  }
  return bankCache;
}

export function getQuizSettings(): QuizSettings {
  if (!settingsCache || process.env.NODE_ENV === "development") settingsCache = readQuizSettings();
  return settingsCache;
}

/** The snapshot frozen into an attempt. */
export function toSnapshot(q: BankQuestion): QuestionSnapshot {
  return {
    id: q.id,
    type: q.type,
    stem: q.stem,
    options: q.options,
    correct: q.correct,
    explanation: q.explanation,
    source: q.source,
    topic: q.topic,
  };
}

/**
 * How many questions each topic needs: the module check draws `moduleCheck.questions` from
 * one topic; a final test draws `questions` spread over its track's modules.
 */
export function topicMinimums(input: { settings: QuizSettings; tracks: { id: string; modules: string[] }[] }): Map<string, number> {
  const need = new Map<string, number>();
  const raise = (topic: string, n: number) => need.set(topic, Math.max(need.get(topic) ?? 0, n));
  for (const track of input.tracks) {
    const final = input.settings.finalTests.find((f) => f.track === track.id);
    for (const slug of track.modules) {
      raise(slug, input.settings.moduleCheck.questions);
      if (final) raise(slug, Math.ceil(final.questions / track.modules.length));
    }
  }
  return need;
}

export const MIN_QUESTIONS_PER_TOPIC = 10;

/** Errors for content:check: bank files, sources, ids, keys, topics and their minimums, settings. */
export function checkBank(input: { moduleSlugs: string[]; tracks: { id: string; modules: string[] }[] }): string[] {
  const { bank, errors } = readBank();
  let settings: QuizSettings;
  try {
    settings = readQuizSettings();
  } catch (error) {
    return [...errors, `quizzes.yaml: ${error instanceof Error ? error.message : String(error)}`];
  }
  const slugs = new Set(input.moduleSlugs);
  for (const topic of bank.byTopic.keys()) {
    if (!slugs.has(topic)) errors.push(`questions/${topic}.yaml: chủ đề "${topic}" không phải là bài học nào trong content/modules/`);
  }
  // docs/content-format.md: every topic (one per module) keeps at least this many questions.
  for (const slug of input.moduleSlugs) {
    const have = bank.byTopic.get(slug)?.length ?? 0;
    if (have < MIN_QUESTIONS_PER_TOPIC) errors.push(`chủ đề "${slug}" có ${have} câu hỏi, mỗi bài học cần ít nhất ${MIN_QUESTIONS_PER_TOPIC}`);
  }
  for (const [topic, n] of topicMinimums({ settings, tracks: input.tracks })) {
    const have = bank.byTopic.get(topic)?.length ?? 0;
    if (have < n) errors.push(`chủ đề "${topic}" có ${have} câu hỏi, các bài kiểm tra cần ít nhất ${n}`);
  }
  for (const final of settings.finalTests) {
    if (!input.tracks.some((t) => t.id === final.track)) errors.push(`quizzes.yaml: bài kiểm tra cuối khóa cho chương trình "${final.track}" không tồn tại`);
  }
  return errors;
}
