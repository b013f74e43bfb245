import type { Executor } from "#db/client.server";

/**
 * Facts one feature states and others react to, inside the writer's transaction, so that derived tables
 * (completion's roll-up, training's module completions) never lag the write and features do not import
 * each other both ways: org and the quiz engine state what happened; `app/subscriptions.server.ts` wires
 * who reacts. ADR 022.
 */
export type ChangeEvent =
  /** A quiz attempt was passed: `quizKey` is "module:<slug>", "final:<track>" or "contest-round:<id>". */
  | { kind: "attempt-passed"; attemptId: number; userId: string; quizKey: string; submittedAt: Date }
  /** These people joined, left, moved, were renamed or changed position (their current cells, plus `extraCellIds`). */
  | { kind: "people-changed"; personIds: number[]; extraCellIds?: number[] }
  /** The membership or people of these cells changed. */
  | { kind: "cells-changed"; cellIds: number[] }
  /** A unit's name (and so its sort key) changed. */
  | { kind: "unit-renamed"; unitId: number }
  /**
   * A unit moved under another parent with its whole subtree (now under `path`): the units that were
   * strictly above it and no longer are, and those newly above it. Sums kept per ancestor move with it.
   */
  | { kind: "unit-moved"; unitId: number; path: string; leftAncestorIds: number[]; joinedAncestorIds: number[] };

type Handler = (tx: Executor, event: ChangeEvent) => Promise<void>;

const handlers: Handler[] = [];

/** Registers a reaction (called once per process by `app/subscriptions.server.ts`). */
export function onChange(handler: Handler) {
  handlers.push(handler);
}

/**
 * Runs every reaction to `event` in `tx`, in registration order. With no reaction registered the wiring
 * was never loaded in this process: refuse loudly rather than let derived tables go stale.
 */
export async function emitChange(tx: Executor, event: ChangeEvent) {
  if (!handlers.length) throw new Error(`No reaction registered for "${event.kind}": the entry point must load app/subscriptions.server.ts first.`);
  for (const handler of handlers) await handler(tx, event);
}
