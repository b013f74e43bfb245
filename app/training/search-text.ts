/**
 * Diacritic-insensitive matching for Vietnamese: "sinh hoat chi bo" finds
 * "sinh hoạt chi bộ". Normalised text keeps a map back to the original offsets so
 * that highlights are drawn on the original words.
 */

const COMBINING_MARKS = /\p{M}/gu;

/** NFD, combining marks removed, đ→d, lower case. */
export function normalise(text: string): string {
  return text.normalize("NFD").replace(COMBINING_MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
}

export interface NormalisedText {
  text: string;
  /** original offset of each normalised character */
  origin: number[];
}

/** Normalises character by character, remembering where each output character came from. */
export function normaliseWithMap(original: string): NormalisedText {
  let text = "";
  const origin: number[] = [];
  let offset = 0;
  for (const char of original) {
    const folded = normalise(char);
    for (let i = 0; i < folded.length; i++) origin.push(offset);
    text += folded;
    offset += char.length;
  }
  origin.push(offset); // the end sentinel: origin[text.length] = original.length
  return { text, origin };
}

/** The distinct normalised words of a query (punctuation is a separator). */
export function queryWords(query: string): string[] {
  const words = normalise(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  return [...new Set(words)];
}

interface Range {
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `word` occurs at `at` as a whole word (not inside a longer one). */
export function isWholeWord(text: string, at: number, length: number) {
  return !WORD_CHAR.test(text[at - 1] ?? " ") && !WORD_CHAR.test(text[at + length] ?? " ");
}

/** Whether every word occurs, as a whole word, in normalised `text`. */
export function containsAll(text: string, words: readonly string[]) {
  return words.every((word) => {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) if (isWholeWord(text, at, word.length)) return true;
    return false;
  });
}

/** Ranges (in original offsets) of every whole-word occurrence of every word; null if some word is missing. */
export function findAll(haystack: NormalisedText, words: readonly string[]): Range[] | null {
  const ranges: Range[] = [];
  for (const word of words) {
    let found = false;
    for (let at = haystack.text.indexOf(word); at !== -1; at = haystack.text.indexOf(word, at + 1)) {
      if (!isWholeWord(haystack.text, at, word.length)) continue;
      found = true;
      ranges.push({ start: haystack.origin[at]!, end: haystack.origin[at + word.length]! });
    }
    if (!found) return null;
  }
  return mergeRanges(ranges);
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

export type SnippetPart = { text: string; mark: boolean };

/**
 * A window of about `width` characters around the densest first match, cut at word
 * boundaries, split into plain and marked parts (rendered as text, so always escaped).
 */
export function snippet(original: string, ranges: readonly Range[], width = 200): SnippetPart[] {
  const first = ranges[0];
  let start = first ? Math.max(0, first.start - Math.floor(width / 3)) : 0;
  let end = Math.min(original.length, start + width);
  if (start > 0) {
    const space = original.indexOf(" ", start);
    start = space !== -1 && space < (first?.start ?? end) ? space + 1 : start;
  }
  if (end < original.length) {
    const space = original.lastIndexOf(" ", end);
    end = space > start ? space : end;
  }
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: "… ", mark: false });
  let at = start;
  for (const r of ranges) {
    if (r.end <= start || r.start >= end) continue;
    const s = Math.max(r.start, start);
    const e = Math.min(r.end, end);
    if (s > at) parts.push({ text: original.slice(at, s), mark: false });
    parts.push({ text: original.slice(s, e), mark: true });
    at = e;
  }
  if (at < end) parts.push({ text: original.slice(at, end), mark: false });
  if (end < original.length) parts.push({ text: " …", mark: false });
  return parts;
}
