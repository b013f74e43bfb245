import ExcelJS from "exceljs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auditLog, contestQuestion, contestRound } from "#db/schema";
import { headerIndex, readSheetBytes, type SheetResult } from "~/utils/sheets.server";
import { refuse } from "~/forms/command";

/** A contest question as imported (before it gets a db id). */
export interface ImportedQuestion {
  code: string;
  type: "single" | "multiple" | "truefalse";
  stem: string;
  options: { id: string; text: string }[];
  correct: string[];
  explanation: string;
  source: string;
}

/** Largest question file accepted (xlsx or YAML): a round's set is far smaller. */
export const MAX_QUESTION_FILE_BYTES = 2 * 1024 * 1024;

export const XLSX_HEADERS = [
  "Mã câu",
  "Loại",
  "Câu hỏi",
  "Phương án A",
  "Phương án B",
  "Phương án C",
  "Phương án D",
  "Phương án E",
  "Đáp án đúng",
  "Giải thích",
  "Nguồn",
] as const;
const OPTION_LETTERS = ["a", "b", "c", "d", "e"] as const;
const TRUE_FALSE = [
  { id: "t", text: "Đúng" },
  { id: "f", text: "Sai" },
];

const TYPE_WORDS: Record<string, ImportedQuestion["type"]> = {
  single: "single",
  "một đáp án": "single",
  multiple: "multiple",
  "nhiều đáp án": "multiple",
  truefalse: "truefalse",
  "đúng/sai": "truefalse",
  "đúng sai": "truefalse",
};

const QuestionSchema = z
  .object({
    code: z.string({ required_error: "thiếu mã câu" }).trim().min(1, "thiếu mã câu").max(60, "mã câu quá dài"),
    type: z.enum(["single", "multiple", "truefalse"], { errorMap: () => ({ message: "loại câu phải là Một đáp án, Nhiều đáp án hoặc Đúng/Sai" }) }),
    stem: z.string({ required_error: "thiếu nội dung câu hỏi" }).trim().min(1, "thiếu nội dung câu hỏi").max(4000, "câu hỏi quá dài"),
    options: z
      .array(z.object({ id: z.string().min(1), text: z.string().trim().min(1, "phương án trống") }))
      .min(2, "cần ít nhất 2 phương án")
      .max(6, "nhiều nhất 6 phương án"),
    correct: z.array(z.string()).min(1, "thiếu đáp án đúng"),
    explanation: z.string().trim().max(4000).optional().default(""),
    source: z.string().trim().max(500).optional().default(""),
  })
  .superRefine((q, ctx) => {
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length) ctx.addIssue({ code: "custom", message: "mã phương án bị trùng" });
    const unknown = q.correct.filter((c) => !ids.has(c));
    if (unknown.length) ctx.addIssue({ code: "custom", message: `đáp án đúng "${unknown.join(", ").toUpperCase()}" không có trong các phương án` });
    if (q.type !== "multiple" && q.correct.length !== 1) ctx.addIssue({ code: "custom", message: "câu một đáp án hoặc Đúng/Sai phải có đúng một đáp án đúng" });
    if (q.type === "truefalse" && (q.options.length !== 2 || !ids.has("t") || !ids.has("f"))) {
      ctx.addIssue({ code: "custom", message: "câu Đúng/Sai phải có đúng hai phương án Đúng và Sai" });
    }
  });

export interface ImportReport {
  ok: boolean;
  count: number;
  errors: string[];
  questions: ImportedQuestion[];
}

function validateAll(candidates: { where: string; value: unknown }[]): ImportReport {
  const errors: string[] = [];
  const questions: ImportedQuestion[] = [];
  const seen = new Map<string, string>();
  for (const candidate of candidates) {
    const parsed = QuestionSchema.safeParse(candidate.value);
    if (!parsed.success) {
      errors.push(`${candidate.where}: ${[...new Set(parsed.error.issues.map((i) => i.message))].join("; ")}.`);
      continue;
    }
    const first = seen.get(parsed.data.code);
    if (first) errors.push(`${candidate.where}: mã câu "${parsed.data.code}" trùng với ${first.toLowerCase()}.`);
    seen.set(parsed.data.code, candidate.where);
    questions.push(parsed.data);
  }
  if (!candidates.length) errors.push("Tệp không có câu hỏi nào.");
  return { ok: errors.length === 0, count: questions.length, errors, questions: errors.length ? [] : questions };
}

/**
 * Reads the question sheet (xlsx or CSV, through `readSheetBytes`): the header row wherever it is
 * (a title above it is fine), column names in any case and spacing, one question per row.
 */
export function parseQuestionSheet(sheet: SheetResult): ImportReport {
  if (!sheet.ok) return { ok: false, count: 0, errors: [sheet.message], questions: [] };
  const header = headerIndex(sheet.rows, "Mã câu");
  const missing = XLSX_HEADERS.filter((h) => !h.startsWith("Phương án") && header?.column(h) === undefined);
  if (!header || missing.length) return { ok: false, count: 0, errors: [`Thiếu cột: ${missing.join(", ")}. Hãy dùng tệp mẫu.`], questions: [] };
  const candidates: { where: string; value: unknown }[] = [];
  sheet.rows.slice(header.at + 1).forEach((row, index) => {
    const get = (name: string) => {
      const column = header.column(name);
      return column === undefined ? "" : (row[column] ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
    };
    if (XLSX_HEADERS.every((h) => !get(h))) return;
    const type = TYPE_WORDS[get("Loại").toLowerCase()] ?? get("Loại");
    const answer = get("Đáp án đúng");
    const options =
      type === "truefalse"
        ? TRUE_FALSE
        : OPTION_LETTERS.map((letter) => ({ id: letter, text: get(`Phương án ${letter.toUpperCase()}`) })).filter((o) => o.text);
    const correct =
      type === "truefalse"
        ? [/^(đúng|d|đ|t|true)$/i.test(answer) ? "t" : /^(sai|s|f|false)$/i.test(answer) ? "f" : answer]
        : answer
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map((a) => a.toLowerCase());
    candidates.push({
      where: `Dòng ${sheet.lines[header.at + 1 + index]}`,
      value: { code: get("Mã câu"), type, stem: get("Câu hỏi"), options, correct: answer ? correct : [], explanation: get("Giải thích"), source: get("Nguồn") },
    });
  });
  return validateAll(candidates);
}

/** Reads an uploaded question file by its kind: YAML (content format), xlsx or CSV (template); null for any other. */
export async function parseQuestionFile(file: File): Promise<ImportReport | null> {
  if (/\.ya?ml$/i.test(file.name)) return parseQuestionYaml(await file.text());
  if (/\.(xlsx|csv|txt)$/i.test(file.name)) return parseQuestionSheet(await readSheetBytes(file.name, new Uint8Array(await file.arrayBuffer())));
  return null;
}

/** Reads the xlsx template (first sheet). */
export async function parseXlsx(buffer: ArrayBuffer): Promise<ImportReport> {
  return parseQuestionSheet(await readSheetBytes("cau-hoi.xlsx", new Uint8Array(buffer)));
}

/** Reads the content YAML format (docs/content-format.md, "Questions"). */
export function parseQuestionYaml(text: string): ImportReport {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { ok: false, count: 0, errors: [`Tệp YAML không hợp lệ: ${error instanceof Error ? error.message.split("\n")[0] : ""}`], questions: [] };
  }
  if (!Array.isArray(data)) return { ok: false, count: 0, errors: ["Tệp YAML phải là một danh sách câu hỏi."], questions: [] };
  return validateAll(
    data.map((item: unknown, i) => {
      const q = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
      return {
        where: `Câu thứ ${i + 1}${typeof q.id === "string" ? ` (${q.id})` : ""}`,
        value: { code: q.id, type: q.type, stem: q.stem, options: q.options, correct: q.correct, explanation: q.explanation ?? "", source: q.source ?? "" },
      };
    }),
  );
}

/** The downloadable template: headers, one example row per type. */
export async function questionTemplateXlsx() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Câu hỏi");
  sheet.addRow([...XLSX_HEADERS]);
  sheet.addRow([
    "HT-001",
    "Một đáp án",
    "Chi bộ sinh hoạt thường kỳ bao lâu một lần?",
    "Mỗi tuần",
    "Mỗi tháng",
    "Mỗi quý",
    "",
    "",
    "B",
    "Điều lệ Đảng quy định chi bộ sinh hoạt thường kỳ mỗi tháng một lần.",
    "Điều lệ Đảng, Điều 24",
  ]);
  sheet.addRow([
    "HT-002",
    "Nhiều đáp án",
    "Những tính chất nào sinh hoạt chi bộ phải bảo đảm?",
    "Tính lãnh đạo",
    "Tính giáo dục",
    "Tính chiến đấu",
    "Tính giải trí",
    "",
    "A, B, C",
    "Đề án 01-ĐA/ĐUK nêu ba tính chất.",
    "Đề án 01-ĐA/ĐUK (01/4/2022), mục II.1.1(1)",
  ]);
  sheet.addRow([
    "HT-003",
    "Đúng/Sai",
    "Đảng viên dự bị có quyền biểu quyết.",
    "",
    "",
    "",
    "",
    "",
    "Sai",
    "Đảng viên dự bị không có quyền biểu quyết.",
    "Điều lệ Đảng, Điều 5",
  ]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 22));
  // Text cells, so that a code typed as 001 keeps its zeros.
  sheet.getColumn(1).numFmt = "@";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Replaces a knowledge round's question set, all or nothing, while the round is not open yet.
 */
export async function replaceRoundQuestions(input: { contestId: number; roundId: number; questions: ImportedQuestion[]; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const [round] = await tx
      .select({ status: contestRound.status, kind: contestRound.kind })
      .from(contestRound)
      .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contestId)))
      .for("update");
    if (!round || round.kind !== "knowledge") return refuse("Chỉ vòng thi kiến thức mới có bộ câu hỏi.");
    if (round.status !== "pending") return refuse("Không thể thay bộ câu hỏi khi vòng thi đã mở.");
    await tx.delete(contestQuestion).where(eq(contestQuestion.roundId, input.roundId));
    await tx.insert(contestQuestion).values(input.questions.map((q, i) => ({ roundId: input.roundId, position: i + 1, ...q })));
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: "questions.import",
      entity: "contest",
      entityId: String(input.contestId),
      after: { roundId: input.roundId, count: input.questions.length },
    });
    return { ok: true as const, count: input.questions.length };
  });
}

/** The full confidential set, for the contest's organisers only (callers authorise first). */
export async function listRoundQuestionsForOrganiser(roundId: number) {
  return getDb()
    .select({
      id: contestQuestion.id,
      code: contestQuestion.code,
      type: contestQuestion.type,
      stem: contestQuestion.stem,
      options: contestQuestion.options,
      correct: contestQuestion.correct,
      explanation: contestQuestion.explanation,
      source: contestQuestion.source,
    })
    .from(contestQuestion)
    .where(eq(contestQuestion.roundId, roundId))
    .orderBy(asc(contestQuestion.position));
}
