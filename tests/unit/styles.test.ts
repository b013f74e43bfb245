import { readFileSync } from "node:fs";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";

// Every feature appends to the one stylesheet; a brace lost in a merge silently moved
// all later rules into `@media print`.
describe("app/styles.css", () => {
  it("parses without warnings (balanced blocks)", async () => {
    const css = readFileSync("app/styles.css", "utf8");
    const result = await transform(css, { loader: "css" });
    expect(result.warnings.map((w) => `${w.location?.line}: ${w.text}`)).toEqual([]);
  });
});
