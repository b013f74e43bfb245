import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { z } from "zod";

/** What an action answers on bad input or a refused command (`invalidInput`, `refused` in ./replies.server): which form it was and conform's reply. */
export interface IntentReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

/**
 * One conform form among several on a page: only the reply of its own intent reaches it.
 * `schema` types the fields, gives the inputs their HTML constraints and validates in the browser.
 */
export function useIntentForm<Schema extends z.ZodTypeAny>(
  intent: string,
  reply: IntentReply | undefined,
  schema: Schema,
  defaultValue?: DefaultValue<z.input<Schema>>,
  options: { validateInBrowser?: boolean } = {},
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: intent,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    constraint: getZodConstraint(schema),
    // The same schema in the browser: its Vietnamese messages before a round trip, and no request per
    // keystroke when a field is re-checked after a refused submission.
    ...(options.validateInBrowser === false ? {} : { onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema }) }),
    ...(defaultValue ? { defaultValue } : {}),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

export function IntentField({ intent }: { intent: string }) {
  return <input type="hidden" name="intent" value={intent} />;
}

/** Every message of the reply to `intent` (for one-button forms that have no fields to show them on). */
export function replyMessages(reply: IntentReply | undefined, intent: string) {
  if (reply?.intent !== intent) return undefined;
  return Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []);
}
