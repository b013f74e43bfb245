import { z } from "zod";

/** Start a run from the scenario list. */
export const StartRunSchema = z.object({
  scenarioId: z.string({ required_error: "Thiếu kịch bản." }).regex(/^[a-z0-9-]+$/, "Kịch bản không hợp lệ."),
  mode: z.enum(["practice", "exam"], { errorMap: () => ({ message: "Hãy chọn chế độ luyện tập hoặc thi thử." }) }),
});

const StepIndex = z.coerce
  .number({ required_error: "Bước không hợp lệ.", invalid_type_error: "Bước không hợp lệ." })
  .int("Bước không hợp lệ.")
  .min(0, "Bước không hợp lệ.")
  .max(1000, "Bước không hợp lệ.");

const MAX_ROWS = 12;
const TOO_MANY = `Nghị quyết ghi tối đa ${MAX_ROWS} nhiệm vụ.`;

/** Pick an action at a situation. */
export const ChooseSchema = z.object({
  intent: z.literal("choose"),
  stepIndex: StepIndex,
  choiceId: z.string({ required_error: "Hãy chọn một cách xử lý." }).min(1, "Hãy chọn một cách xử lý.").max(20, "Lựa chọn không hợp lệ."),
});

/** Save (and check) or submit the drafted resolution. */
export const DraftSchema = z.object({
  intent: z.literal("draft"),
  stepIndex: StepIndex,
  submitDraft: z.enum(["check", "submit"]).default("check"),
  autosave: z.literal("1").optional(),
  // Repeated fields, one per row; conform reads a blank row as undefined, which keeps the rows aligned.
  task: z.array(z.string().max(500, "Mỗi nhiệm vụ tối đa 500 ký tự.").optional()).max(MAX_ROWS, TOO_MANY),
  owner: z.array(z.string().max(120, "Tên người phụ trách tối đa 120 ký tự.").optional()).max(MAX_ROWS, TOO_MANY),
  deadline: z.array(z.string().max(20, "Thời hạn không hợp lệ.").optional()).max(MAX_ROWS, TOO_MANY),
});

/** The two forms of the run page. */
export const RunActionSchema = z.discriminatedUnion("intent", [ChooseSchema, DraftSchema], {
  errorMap: (issue, ctx) => ({ message: issue.code === "invalid_union_discriminator" ? "Thao tác không hợp lệ." : ctx.defaultError }),
});

/** The drafted rows of a "draft" submission, trimmed (a blank field is ""). */
export function draftTasks(value: { task: (string | undefined)[]; owner: (string | undefined)[]; deadline: (string | undefined)[] }) {
  return value.task.map((task, i) => ({ task: (task ?? "").trim(), owner: (value.owner[i] ?? "").trim(), deadline: (value.deadline[i] ?? "").trim() }));
}
