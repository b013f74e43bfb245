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
  "domain.md": "Tài liệu nghiệp vụ tổng hợp",
};

/**
 * Short citations as written in module tables ("001 §III.2(4)", "Tài liệu nghiệp vụ tổng hợp §8"), as
 * full references ("001_0af4f9b4e6b8a21f.txt §III.2(4)"); null when a part is not a citation.
 */
export function expandShortRef(part: string): string | null {
  const match = /^(\d{3}|Tài liệu nghiệp vụ tổng hợp) §(.+)$/.exec(part.trim());
  if (!match) return null;
  const file = Object.keys(DOCUMENT_TITLES).find((f) => (match[1] === "Tài liệu nghiệp vụ tổng hợp" ? f === "domain.md" : f.startsWith(`${match[1]}_`)));
  return file ? `${file} §${match[2]!.trim()}` : null;
}

export function parseSourceRef(source: string): { file: string; section: string } | null {
  const match = /^(\S+\.(?:txt|md)) §(.+)$/.exec(source.trim());
  return match ? { file: match[1]!, section: match[2]!.trim() } : null;
}

/** "Đề án 01-ĐA/ĐUK (01/4/2022), mục III.5(2)" */
export function sourceLabel(source: string): string {
  const ref = parseSourceRef(source);
  if (!ref) return source;
  return `${DOCUMENT_TITLES[ref.file] ?? ref.file}, mục ${ref.section}`;
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

/**
 * The index of the line where `section` (e.g. `III.5(2)`, `II "Hai là"`, `4`) starts,
 * found level by level (roman part, numbered part, "(n)" item, quoted words), each
 * searched after the previous one. Approximate: stops at the deepest level found;
 * null when not even the first level is found.
 */
export function locateSection(lines: readonly string[], section: string): number | null {
  const quoted = /"([^"]+)"|“([^”]+)”/.exec(section);
  const rest = section.replace(/"[^"]*"|“[^”]*”/g, "").trim();
  const parts = /^([IVXLC]+(?![a-z]))?[.\-]?\s*((?:\d+\.)*\d+)?\.?\s*(\(\d+\))?/.exec(rest);
  const steps: RegExp[] = [];
  if (parts?.[1]) steps.push(new RegExp(`^${parts[1]}\\s*[.\\-–]\\s`));
  if (parts?.[2]) steps.push(new RegExp(`^${escapeRegExp(parts[2])}\\s*[.\\-–)]?\\s`));
  if (parts?.[3]) steps.push(new RegExp(`^${escapeRegExp(parts[3])}`));
  if (quoted) steps.push(new RegExp(escapeRegExp((quoted[1] ?? quoted[2])!)));
  let found: number | null = null;
  for (const step of steps) {
    const from = found === null ? 0 : found + 1;
    const at = lines.findIndex((line, i) => i >= from && step.test(bare(line)));
    if (at === -1) break;
    found = at;
  }
  return found;
}
