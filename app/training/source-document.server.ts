/** Reading a cited source document (content/sources/) for the source viewer. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { SOURCES_DIR, sourceFiles } from "../../content/sources";
import { DOCUMENT_TITLES, inlineItemSpan, locateCitation } from "./sources";

interface SourceParagraph {
  text: string;
  heading: boolean;
}

/** A source file's lines as the viewer and the citation check see them (separators and blank lines dropped). */
export function readSourceLines(file: string): string[] | null {
  // Only files listed in the folder: no path is ever built from user input otherwise.
  if (!sourceFiles().includes(file)) return null;
  return readFileSync(path.join(SOURCES_DIR, file), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() && !/^[-*\\\s]+$/.test(line));
}

/** A line as shown to the reader: no Markdown heading or emphasis marks. */
function displayText(line: string) {
  return line
    .replace(/<[^>]+>/g, "")
    .replace(/^\s*#+\s*/, "")
    .replace(/\*\*|\\\*|(?<!\w)\*|\*(?!\w)/g, "")
    .trim();
}

/**
 * The document's paragraphs (one per non-empty line) and where `section` lands: paragraphs
 * `highlight`..`highlightEnd`, and the span of an inline "(n)" item inside the first; null for unknown files.
 */
export function readSourceDocument({ file, section }: { file: string; section: string | null }) {
  const lines = readSourceLines(file);
  if (!lines) return null;
  const paragraphs: SourceParagraph[] = lines.map((line) => ({ heading: /^\s*#/.test(line), text: displayText(line) }));
  const located = section ? locateCitation(lines, section) : null;
  const itemSpan = located?.item ? inlineItemSpan(paragraphs[located.from]!.text, located.item) : null;
  return {
    file,
    title: DOCUMENT_TITLES[file] ?? file,
    paragraphs,
    highlight: located?.from ?? null,
    highlightEnd: located?.to ?? null,
    itemSpan,
  };
}
