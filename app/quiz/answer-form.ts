import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";

/** Form field of a question's answer: `q.<questionId>` (radio or checkboxes, values = option ids). */
export function answerField(questionId: string) {
  return `q.${questionId}`;
}

const INVALID_ANSWER = "Câu trả lời không hợp lệ.";

/** A question id and the option ids chosen for it, as every answer form carries them. */
export const QuestionId = z.string({ message: INVALID_ANSWER }).min(1, INVALID_ANSWER).max(100, INVALID_ANSWER);
export const OptionIds = z.array(z.string().regex(/^[a-z0-9]{1,12}$/, INVALID_ANSWER), { message: INVALID_ANSWER }).max(12, INVALID_ANSWER);

/**
 * The answers an answer form carries (parsed with conform's `parseWithZod`): `shown` lists every
 * question on the form (hidden fields), `q.<questionId>` the options ticked for it. A shown question
 * with nothing ticked is a valid, cleared answer. Extend it with the page's own fields (`intent`…)
 * and read the answers with `answersOf`.
 */
export const AnswerFormSchema = z.object({
  shown: z.array(QuestionId).max(200, INVALID_ANSWER),
  // conform coerces arrays but not a record's values: one ticked radio arrives as a string.
  q: z
    .record(
      z.string(),
      z.preprocess((value) => (Array.isArray(value) ? value : [value]), OptionIds),
      { message: INVALID_ANSWER },
    )
    .default({}),
});

/** Every shown question with its ticked options (none: the answer is cleared). */
export function answersOf(form: z.output<typeof AnswerFormSchema>): Record<string, string[]> {
  return Object.fromEntries(form.shown.map((id) => [id, form.q[id] ?? []]));
}

/** The answers of a form whose own schema does not extend `AnswerFormSchema` (the contest round page). */
export function answersFromForm(form: FormData): { answers: Record<string, string[]> } | { error: string } {
  const submission = parseWithZod(form, { schema: AnswerFormSchema });
  return submission.status === "success" ? { answers: answersOf(submission.value) } : { error: INVALID_ANSWER };
}

/** The attempt page's form (one click's autosave goes to the autosave endpoint instead, ADR 012). */
export const AttemptFormSchema = AnswerFormSchema.extend({
  /** "save-all": "Lưu câu trả lời" without JavaScript; "submit": hand in */
  intent: z.enum(["save-all", "submit"], { message: "Yêu cầu không hợp lệ." }),
});
