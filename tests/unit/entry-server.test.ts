import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "~/entry.server";

function request() {
  return new Request("http://localhost/hoc-tap/tim-kiem", { method: "POST" });
}
const args = () => ({ request: request(), params: {}, context: {} });

describe("server error logging", () => {
  afterEach(() => vi.restoreAllMocks());

  it("does not log a 4xx the router answered (a POST to a page without an action)", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const methodNotAllowed = { status: 405, statusText: "Method Not Allowed", internal: true, data: "no action", error: new Error("no action") };
    handleError(methodNotAllowed, args());
    expect(log).not.toHaveBeenCalled();
  });

  it("logs an unexpected error", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const failure = new Error("database down");
    handleError(failure, args());
    expect(log).toHaveBeenCalledWith(failure);
  });
});
