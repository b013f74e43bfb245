import { wireSubscriptions } from "~/subscriptions.server";
import { afterEach, beforeEach, vi } from "vitest";

// A call, not a bare import: package.json says "sideEffects": false, so bundlers drop side-effect-only imports.
wireSubscriptions();

// An unexpected console.error fails the test; tests that expect one mock it themselves.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
process.env.LOGIN_DELAY_STEP_MS ??= "0";
