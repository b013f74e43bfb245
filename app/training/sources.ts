/**
 * Source references in content ("<file> §<section>"): their labels and links to
 * the source viewer, and locating a section inside a source text. Pure: used by
 * the MDX components in the browser too.
 */

/** Short names of the cited documents (content/sources/). */
export const DOCUMENT_TITLES: Record<string, string> = {
  "000_cc7b9622c9bc6dfa.txt": "Kết luận 132-KL/ĐUK (01/4/2014)",
  "001_0af4f9b4e6b8a21f.txt": "Đề án 01-ĐA/ĐUK (01/4/2022)",
  "002_900d4e3dfc0f17bc.txt": "Kết luận 06-KL/ĐUK (08/02/2022)",
  "003_2160fbdf228d37d6.txt": "Kết luận Hội nghị lần thứ 13 Đảng ủy Khối (24/7/2023)",
  "004_129091b95609afa7.txt": "Thông báo kết luận của Thường trực Tỉnh ủy (01/4/2014)",
  // Vietnamese summaries the editors wrote of documents outside the five seeds (each says so at its top).
  "tom-tat-huong-dan-sinh-hoat-chi-bo.md": "Tóm tắt Hướng dẫn 12-HD/BTCTW (06/7/2018) và 42-HD/BTCTW (28/10/2025) về sinh hoạt chi bộ",
  "tom-tat-dieu-le-dang.md": "Tóm tắt Điều lệ Đảng và quy định thi hành (chi bộ, đảng viên dự bị, xóa tên)",
  "tom-tat-tu-lieu-tham-khao.md": "Tư liệu tham khảo (không phải quy định) và lưu ý khi đọc tài liệu gốc",
};

/**
 * Short citations as written in module tables ("001 §III.2(4)", "Tài liệu nghiệp vụ tổng hợp §8"), as
 * full references ("001_0af4f9b4e6b8a21f.txt §III.2(4)"); null when a part is not a citation.
 */
export function expandShortRef(part: string): string | null {
  const match = /^(\d{3}) §(.+)$/.exec(part.trim());
  if (!match) return null;
  const file = Object.keys(DOCUMENT_TITLES).find((f) => f.startsWith(`${match[1]}_`));
  return file ? `${file} §${match[2]!.trim()}` : null;
}

function parseSourceRef(source: string): { file: string; section: string } | null {
  const match = /^(\S+\.(?:txt|md)) §(.+)$/.exec(source.trim());
  return match ? { file: match[1]!, section: match[2]!.trim() } : null;
}

/** "Đề án 01-ĐA/ĐUK (01/4/2022), mục III.5(2)" */
export function sourceLabel(source: string): string {
  const ref = parseSourceRef(source);
  if (!ref) return source;
  const where = /^mở đầu$/i.test(ref.section) ? "phần mở đầu" : `mục ${ref.section}`;
  return `${DOCUMENT_TITLES[ref.file] ?? ref.file}, ${where}`;
}

/** The source viewer, scrolled to the section when it can be found. */
export function sourceHref(source: string): string {
  const ref = parseSourceRef(source);
  if (!ref) return "/nguon";
  return `/nguon/${encodeURIComponent(ref.file)}?${new URLSearchParams({ muc: ref.section })}#muc`;
}

/** A line's text without Markdown emphasis or heading marks, for matching. */
function bare(line: string) {
  return line
    .replace(/<[^>]+>/g, "")
    .replace(/[#*_\\]/g, "")
    .trim();
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Text for comparing cited words with a source: no emphasis marks, straight quotes, one space, lower case. */
export function normalizeForMatch(text: string) {
  return text
    .replace(/[*_\\]/g, "")
    .replace(/[“”"]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const ROMAN_HEADING = /^([IVXLC]+)\s*[.\-–]\s/;
const NUMBER_HEADING = /^(\d+(?:\.\d+)*)\s*[.\-–)]\s/;
const ITEM_START = /^\((\d+)\)/;

/** 0 for a roman heading, n for a numbered heading with n parts ("1.2." → 2), null otherwise. */
function headingLevel(text: string): number | null {
  if (ROMAN_HEADING.test(text)) return 0;
  const numbered = NUMBER_HEADING.exec(text);
  return numbered ? numbered[1]!.split(".").length : null;
}

/** Where a citation lands: lines `from`..`to` (inclusive); `item` when the cited "(n)" runs inline in line `from`. */
interface Located {
  from: number;
  to: number;
  item: string | null;
  /** false when only an outer level was found (the viewer still shows it; content:check refuses it). */
  complete: boolean;
}

/** The first line in [from, to] whose bare text passes `test`, or -1. */
function findLine(texts: readonly string[], from: number, to: number, test: (text: string) => boolean) {
  for (let i = from; i <= to; i++) if (test(texts[i]!)) return i;
  return -1;
}

/** The last line before the next heading of `level` or higher (or before the next item when `level` is null). */
function endOf(texts: readonly string[], at: number, limit: number, level: number | "item") {
  for (let i = at + 1; i <= limit; i++) {
    const text = texts[i]!;
    const h = headingLevel(text);
    if (h !== null && (level === "item" || h <= level)) return i - 1;
    if (level === "item" && ITEM_START.test(text)) return i - 1;
  }
  return limit;
}

/**
 * Where `section` (e.g. `III.5(2)`, `II "Hai là"`, `4(1)`, `Mở đầu`) lands in a source text, found level by
 * level, each level searched only inside the one above it: a roman part, a numbered part, an "(n)" item
 * (at the start of a line, or running inline in the section's paragraph), quoted words. "Mở đầu" is the
 * preamble before the first heading. Null when not even the first level is found.
 */
export function locateCitation(lines: readonly string[], section: string): Located | null {
  const texts = lines.map(bare);
  const quotedMatch = /"([^"]+)"|“([^”]+)”/.exec(section);
  const quoted = quotedMatch ? (quotedMatch[1] ?? quotedMatch[2])! : null;
  const rest = section.replace(/"[^"]*"|“[^”]*”/g, "").trim();
  let range: Located | null = null;
  let from = 0;
  let to = texts.length - 1;
  if (/^mở đầu$/i.test(rest)) {
    const firstHeading = findLine(texts, 0, to, (t) => headingLevel(t) !== null);
    to = firstHeading === -1 ? to : firstHeading - 1;
    // The preamble proper starts at its first real paragraph, after the letterhead's short lines.
    from = findLine(texts, 0, to, (t) => t.length >= 120);
    if (from === -1) return null;
    range = { from, to, item: null, complete: true };
  } else {
    const parts = /^([IVXLC]+(?![a-z]))?[.-]?\s*((?:\d+\.)*\d+)?\.?\s*(\(\d+\))?$/.exec(rest);
    if (!parts || (!parts[1] && !parts[2] && !parts[3] && !quoted)) return null;
    if (parts[1]) {
      const roman = parts[1];
      const at = findLine(texts, from, to, (t) => ROMAN_HEADING.exec(t)?.[1] === roman);
      if (at === -1) return null;
      range = { from: at, to: endOf(texts, at, to, 0), item: null, complete: true };
      ({ from, to } = range);
    }
    if (parts[2]) {
      const number = parts[2];
      const at = findLine(texts, from, to, (t) => NUMBER_HEADING.exec(t)?.[1] === number || new RegExp(`^${escapeRegExp(number)}\\s`).test(t));
      if (at === -1) return range && { ...range, complete: false };
      range = { from: at, to: endOf(texts, at, to, number.split(".").length), item: null, complete: true };
      ({ from, to } = range);
    }
    if (parts[3]) {
      const item = parts[3];
      const at = findLine(texts, from, to, (t) => ITEM_START.exec(t)?.[0] === item);
      if (at !== -1) {
        range = { from: at, to: endOf(texts, at, to, "item"), item: null, complete: true };
      } else {
        // Items that run inline in one paragraph: "… đó là: (1) …; (2) …".
        const inline = new RegExp(`(^|[\\s:;.,])${escapeRegExp(item)}\\s`);
        const line = findLine(texts, from, to, (t) => inline.test(t));
        if (line === -1) return range && { ...range, complete: false };
        range = { from: line, to: line, item, complete: true };
      }
      ({ from, to } = range);
    }
  }
  if (quoted) {
    const words = normalizeForMatch(quoted);
    const at = findLine(texts, from, to, (t) => normalizeForMatch(t).includes(words));
    if (at === -1) return range && { ...range, complete: false };
    if (range?.item) return range;
    // A label ("Hai là:") opens a passage that runs to the next label or heading.
    const isLabel = (t: string) => /^\p{Lu}\p{Ll}* là\s*:/u.test(t) || headingLevel(t) !== null;
    const end = isLabel(texts[at]!) ? findLine(texts, at + 1, to, isLabel) : -1;
    range = { from: at, to: isLabel(texts[at]!) ? (end === -1 ? to : end - 1) : at, item: null, complete: true };
  }
  return range;
}

/** The index of the first line `section` lands on (see locateCitation), or null. */
export function locateSection(lines: readonly string[], section: string): number | null {
  return locateCitation(lines, section)?.from ?? null;
}

/**
 * The inline item's span inside a paragraph: from "(n)" to just before the next "(m)" item
 * or the paragraph's end. Null when the paragraph does not contain it.
 */
export function inlineItemSpan(text: string, item: string): { start: number; end: number } | null {
  const at = new RegExp(`(^|[\\s:;.,])(${escapeRegExp(item)})\\s`).exec(text);
  if (!at) return null;
  const start = at.index + at[1]!.length;
  const next = /[\s:;.,]\(\d+\)\s/g;
  next.lastIndex = start + item.length;
  const following = next.exec(text);
  return { start, end: following ? following.index + 1 : text.length };
}
