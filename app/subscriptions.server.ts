/**
 * Who reacts to which change (ADR 022): `wireSubscriptions()` is called once per process by every entry point
 * (Remix's entry.server, server.ts, the seed runner, the test setup) before anything writes.
 */
import { reactForCompletion } from "~/completion/reactions.server";
import { reactForMeetings } from "~/meetings/reactions.server";
import { reactForTraining } from "~/training/reactions.server";
import { onChange } from "~/utils/change-events.server";

let wired = false;

export function wireSubscriptions() {
  if (wired) return;
  wired = true;
  onChange(reactForTraining);
  onChange(reactForCompletion);
  onChange(reactForMeetings);
}
