import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** The documents content may cite: copies of the seeds and domain.md in content/sources/. */
export const SOURCES_DIR = path.resolve(process.cwd(), "content/sources");

export function sourceFiles() {
  return readdirSync(SOURCES_DIR).filter((f) => f.endsWith(".txt") || f.endsWith(".md"));
}

/** "001_0af4f9b4e6b8a21f.txt §III.5(2)" → { file, section }, or null when malformed. */
export function parseSource(source: string) {
  const match = /^(\S+\.(?:txt|md)) §(.+)$/.exec(source.trim());
  if (!match) return null;
  return { file: match[1]!, section: match[2]!.trim() };
}

/** An error message when `source` does not cite an existing document and a section. */
export function checkSource(source: string): string | null {
  const parsed = parseSource(source);
  if (!parsed) return `nguồn "${source}" không đúng dạng "<tệp> §<mục>"`;
  if (!existsSync(path.join(SOURCES_DIR, parsed.file))) return `nguồn "${source}" trỏ tới tệp không tồn tại`;
  return null;
}
