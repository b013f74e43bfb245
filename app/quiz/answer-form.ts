import { z } from "zod";

/** Form field of a question's answer: `q.<questionId>` (radio or checkboxes, values = option ids). */
export function answerField(questionId: string) {
  return `q.${questionId}`;
}

/** A question id and the option ids chosen for it, as every answer form carries them. */
export const QuestionId = z.string().min(1).max(100);
export const OptionIds = z.array(z.string().regex(/^[a-z0-9]{1,12}$/, "lựa chọn không hợp lệ")).max(12);

/** The attempt page's form (one click's autosave goes to the autosave endpoint instead, ADR 012). */
export const AttemptFormSchema = z.discriminatedUnion("intent", [
  /** "Lưu câu trả lời" without JavaScript: every question shown */
  z.object({ intent: z.literal("save-all") }),
  z.object({ intent: z.literal("submit") }),
]);

/**
 * The answers carried by a form: every question listed in `shown` (hidden fields) gets its
 * checked options, or none, so unticking every box clears a multiple-choice answer.
 */
export function answersFromForm(form: FormData): { answers: Record<string, string[]> } | { error: string } {
  const shown = form.getAll("shown").map(String);
  const answers: Record<string, string[]> = {};
  for (const id of shown) {
    const questionId = QuestionId.safeParse(id);
    const selected = OptionIds.safeParse(form.getAll(answerField(id)).map(String));
    if (!questionId.success || !selected.success) return { error: "Câu trả lời không hợp lệ." };
    answers[questionId.data] = selected.data;
  }
  return { answers };
}
