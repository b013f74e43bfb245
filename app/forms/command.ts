/**
 * What a feature's command answers when it says no: one shape for every feature, so one helper
 * (`refused` in ./replies.server) turns it into the route's reply. `field` names the form field the
 * message belongs on; without it the message is the form's own. `code` is for callers that branch
 * on the kind of refusal (an HTTP status, a redirect); it is never shown.
 */
export interface Refusal<Code extends string = string> {
  ok: false;
  message: string;
  field?: string;
  code?: Code;
  /** The lines a file import refuses, each its own message shown under `message`. */
  lines?: string[];
}

/** A command's answer: `{ ok: true, ...what it produced }` or a refusal. */
export type CommandResult<T extends object = object, Code extends string = string> = ({ ok: true } & T) | Refusal<Code>;

export function refuse<Code extends string = string>(message: string, field?: string, code?: Code): Refusal<Code> {
  return { ok: false, message, ...(field ? { field } : {}), ...(code ? { code } : {}) };
}
