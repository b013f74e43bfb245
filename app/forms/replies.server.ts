import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { Refusal } from "./command";

/** Password fields, never echoed back (the login's, and the password page's three). */
const HIDDEN = ["password", "currentPassword", "newPassword", "confirmPassword"];

/** The 400 answer to bad input of the form `intent` (password fields never echoed back). */
export function invalidInput(intent: string, submission: Submission<unknown>) {
  return data({ intent, result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 });
}

/** The 400 answer to a refused command (`Refusal`, ./command): on its field when it names one, else on the form; its `lines` follow the message. */
export function refused(intent: string, submission: Submission<unknown>, refusal: Pick<Refusal, "message" | "field" | "lines">) {
  const messages = [refusal.message, ...(refusal.lines ?? [])];
  const result = refusal.field
    ? submission.reply({ fieldErrors: { [refusal.field]: messages }, hideFields: HIDDEN })
    : submission.reply({ formErrors: messages, hideFields: HIDDEN });
  return data({ intent, result }, { status: 400 });
}

/** The submitted intent, for routing the reply to its form. */
export function intentOf(formData: FormData) {
  const value = formData.get("intent");
  return typeof value === "string" ? value : "";
}
