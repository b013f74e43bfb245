/** Reading a cited source document (content/sources/) for the source viewer. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { SOURCES_DIR, sourceFiles } from "../../content/sources";
import { DOCUMENT_TITLES, locateSection } from "./sources";

export interface SourceParagraph {
  text: string;
  heading: boolean;
}

/** The document's paragraphs (one per non-empty line) and the index of `section`; null for unknown files. */
export function readSourceDocument({ file, section }: { file: string; section: string | null }) {
  // Only files listed in the folder: no path is ever built from user input otherwise.
  if (!sourceFiles().includes(file)) return null;
  const lines = readFileSync(path.join(SOURCES_DIR, file), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() && !/^[-*\\\s]+$/.test(line));
  const paragraphs: SourceParagraph[] = lines.map((line) => ({
    heading: /^\s*#/.test(line),
    text: line
      .replace(/<[^>]+>/g, "")
      .replace(/^\s*#+\s*/, "")
      .replace(/\*\*|\\\*|(?<!\w)\*|\*(?!\w)/g, "")
      .trim(),
  }));
  const highlight = section ? locateSection(lines, section) : null;
  return { file, title: DOCUMENT_TITLES[file] ?? file, paragraphs, highlight };
}
