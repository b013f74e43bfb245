import { z } from "zod";

/** Start a run from the scenario list. */
export const StartRunSchema = z.object({
  scenarioId: z.string({ required_error: "Thiếu kịch bản." }).regex(/^[a-z0-9-]+$/, "Kịch bản không hợp lệ."),
  mode: z.enum(["practice", "exam"], { errorMap: () => ({ message: "Hãy chọn chế độ luyện tập hoặc thi thử." }) }),
});

const StepIndex = z.coerce
  .number({ invalid_type_error: "Bước không hợp lệ." })
  .int("Bước không hợp lệ.")
  .min(0, "Bước không hợp lệ.")
  .max(1000, "Bước không hợp lệ.");

const MAX_ROWS = 12;
const TOO_MANY = `Nghị quyết ghi tối đa ${MAX_ROWS} nhiệm vụ.`;

/** The two forms of the run page: pick an action, or save/submit the drafted resolution. */
export const RunActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("choose"),
    stepIndex: StepIndex,
    choiceId: z.string({ required_error: "Hãy chọn một cách xử lý." }).min(1, "Hãy chọn một cách xử lý.").max(20, "Lựa chọn không hợp lệ."),
  }),
  z.object({
    intent: z.literal("draft"),
    stepIndex: StepIndex,
    submitDraft: z.enum(["check", "submit"]).default("check"),
    autosave: z.literal("1").optional(),
    task: z.array(z.string().max(500, "Mỗi nhiệm vụ tối đa 500 ký tự.")).max(MAX_ROWS, TOO_MANY),
    owner: z.array(z.string().max(120, "Tên người phụ trách tối đa 120 ký tự.")).max(MAX_ROWS, TOO_MANY),
    deadline: z.array(z.string().max(20, "Thời hạn không hợp lệ.")).max(MAX_ROWS, TOO_MANY),
  }),
]);

/** Reads the run form: repeated draft fields arrive as lists (works without JavaScript). */
export function runFormInput(form: FormData) {
  const one = (key: string) => form.get(key) ?? undefined;
  const all = (key: string) => form.getAll(key).map((v) => (typeof v === "string" ? v : ""));
  return {
    intent: one("intent"),
    stepIndex: one("stepIndex"),
    choiceId: one("choiceId"),
    submitDraft: one("submitDraft"),
    autosave: one("autosave"),
    task: all("task"),
    owner: all("owner"),
    deadline: all("deadline"),
  };
}
