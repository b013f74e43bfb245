import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("the app's wording", () => {
  it("addresses users as “đồng chí”, never “bạn”, on every page and message", () => {
    const offenders = sourceFiles(path.resolve("app"))
      // The content checker names the word it forbids.
      .filter((file) => !file.endsWith("citation-check.server.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) => (/(?<![\p{L}])[Bb]ạn(?![\p{L}])(?! bè)/u.test(line) ? [`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
