/**
 * Citations that land (content:check): every cited source file exists, the locator finds every level
 * of the cited section, and the located passage contains the words the content quotes next to the
 * citation. Also refuses developer tokens and "bạn" addressing in learner-facing text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { CONTEST_QUESTIONS, CONTEST_SITUATIONS } from "../../db/seed/contest-content";
import { parseSource } from "../../content/sources";
import { MODULES_DIR } from "./catalog.server";
import { readSourceLines } from "./source-document.server";
import { inlineItemSpan, locateCitation, normalizeForMatch } from "./sources";

const CONTENT_DIR = path.resolve(process.cwd(), "content");

// One read per source file for a whole check run (hundreds of citations).
const linesCache = new Map<string, string[] | null>();
function linesOf(file: string) {
  if (!linesCache.has(file)) linesCache.set(file, readSourceLines(file));
  return linesCache.get(file) ?? null;
}

/** The text a citation lands on, or an error message. */
function citedPassage(source: string): { passage: string } | { error: string } {
  const ref = parseSource(source);
  if (!ref) return { error: `nguồn "${source}" không đúng dạng "<tệp> §<mục>"` };
  // One spelling, so that authors and the viewer agree on it.
  if (/^mở đầu/.test(ref.section)) return { error: `nguồn "${source}": viết §Mở đầu` };
  const lines = linesOf(ref.file);
  if (!lines) return { error: `nguồn "${source}" trỏ tới tệp không tồn tại` };
  const located = locateCitation(lines, ref.section);
  if (!located || !located.complete) return { error: `nguồn "${source}": không tìm thấy mục §${ref.section} trong tệp` };
  const first = lines[located.from]!;
  if (located.item) {
    const span = inlineItemSpan(first, located.item);
    return { passage: span ? first.slice(span.start, span.end) : first };
  }
  return { passage: lines.slice(located.from, located.to + 1).join("\n") };
}

/** An error when `source` does not land, or when a quoted phrase is not in the passage it lands on. */
export function checkCitation(source: string, quoted: readonly string[] = []): string | null {
  const result = citedPassage(source);
  if ("error" in result) return result.error;
  const passage = normalizeForMatch(result.passage);
  for (const words of quoted) {
    // "a … b": each piece around an ellipsis must be in the passage.
    const pieces = normalizeForMatch(words)
      .split(/\s*(?:…|\.\.\.)\s*/)
      .filter((p) => p.length >= 3);
    if (!pieces.every((p) => passage.includes(p))) return `nguồn "${source}": mục được dẫn không chứa “${words.slice(0, 80)}”`;
  }
  return null;
}

/** The “…” phrases in a text. */
function quotedPhrases(text: string): string[] {
  return [...text.matchAll(/“([^”]{3,})”/g)].map((m) => m[1]!);
}

/** Developer tokens and informal addressing that must never reach a learner. */
const FORBIDDEN: { pattern: RegExp; label: string }[] = [
  { pattern: /domain\.md/i, label: "domain.md" },
  { pattern: /\[W\d+\]/, label: "[W…]" },
  { pattern: /quy tắc\s+\d+/i, label: "quy tắc <số>" },
  { pattern: /Tài liệu nghiệp vụ tổng hợp/i, label: "Tài liệu nghiệp vụ tổng hợp" },
  { pattern: /(?<![\p{L}])(?:seed|seeds|TODO|FIXME)(?![\p{L}])/iu, label: "seed/TODO" },
  { pattern: /(?<![\p{L}])bạn(?![\p{L}])(?!\s+bè)/iu, label: "“bạn” (xưng hô với học viên là “đồng chí”)" },
];

/** The forbidden tokens in a learner-facing text. */
export function forbiddenTokens(text: string): string[] {
  return FORBIDDEN.filter((f) => f.pattern.test(text)).map((f) => f.label);
}

function lineOf(text: string, index: number) {
  return text.slice(0, index).split("\n").length;
}

/** Module citations: frontmatter sources, Quote words, words quoted just before a SourceRef. */
function moduleErrors(file: string, text: string): string[] {
  const errors: string[] = [];
  const at = (i: number, e: string) => errors.push(`${file}:${lineOf(text, i)}: ${e}`);
  for (const m of text.matchAll(/^\s*-\s*"(\S+\.(?:txt|md) §[^"]+)"\s*$/gm)) {
    const e = checkCitation(m[1]!);
    if (e) at(m.index!, e);
  }
  for (const m of text.matchAll(/<Quote\s+source="([^"]*)"\s*>([\s\S]*?)<\/Quote>/g)) {
    const e = checkCitation(m[1]!, [m[2]!.trim()]);
    if (e) at(m.index!, e);
  }
  for (const m of text.matchAll(/<SourceRef\s+source="([^"]*)"\s*\/>/g)) {
    // The words a footnote vouches for: from the previous tag or line start up to the footnote.
    const lineStart = text.lastIndexOf("\n", m.index!) + 1;
    const tagEnd = text.lastIndexOf(">", m.index! - 1) + 1;
    const segment = text.slice(Math.max(lineStart, tagEnd), m.index!);
    const e = checkCitation(m[1]!, quotedPhrases(segment));
    if (e) at(m.index!, e);
  }
  for (const m of text.matchAll(/<KeyFigure\b[^>]*\/>/g)) {
    // The figure itself ("95%", "1.141") must be in the passage it cites.
    const source = /\bsource="([^"]*)"/.exec(m[0])?.[1] ?? "";
    const figure = /\d[\d.,]*%?/.exec(/\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? "")?.[0];
    const e = checkCitation(source, figure ? [figure] : []);
    if (e) at(m.index!, e);
  }
  for (const m of text.matchAll(/source:\s*"([^"]*)"/g)) {
    const e = checkCitation(m[1]!);
    if (e) at(m.index!, e);
  }
  for (const token of forbiddenTokens(text)) errors.push(`${file}: chứa “${token}”`);
  return errors;
}

function yamlFiles(dir: string) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
    .sort();
}

type Cited = { source?: unknown; explanation?: unknown; feedback?: unknown };

/** Question and scenario citations, with the words their explanation or feedback quotes. */
function yamlErrors(dir: string, label: string): string[] {
  const errors: string[] = [];
  for (const file of yamlFiles(dir)) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const where = `${label}/${file}`;
    for (const token of forbiddenTokens(text)) errors.push(`${where}: chứa “${token}”`);
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch {
      continue; // reported by the feature's own check
    }
    const visit = (value: unknown, trail: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${trail}[${i}]`));
      else if (value && typeof value === "object") {
        const item = value as Cited & Record<string, unknown>;
        const id = typeof item.id === "string" ? item.id : trail;
        if (typeof item.source === "string") {
          const words = [item.explanation, item.feedback].filter((t): t is string => typeof t === "string").flatMap(quotedPhrases);
          const e = checkCitation(item.source, words);
          if (e) errors.push(`${where}: ${id}: ${e}`);
        }
        if (Array.isArray(item.sources)) {
          for (const s of item.sources) {
            const e = typeof s === "string" ? checkCitation(s) : "nguồn không phải chuỗi";
            if (e) errors.push(`${where}: ${e}`);
          }
        }
        for (const [k, v] of Object.entries(item)) if (k !== "sources") visit(v, `${trail}.${k}`);
      }
    };
    visit(data, "");
  }
  return errors;
}

/** The demo contest's questions and situations (db/seed/contest-content.ts). */
function contestErrors(): string[] {
  const errors: string[] = [];
  for (const q of CONTEST_QUESTIONS) {
    const e = q.source ? checkCitation(q.source, quotedPhrases(q.explanation ?? "")) : "thiếu nguồn";
    if (e) errors.push(`hội thi mẫu ${q.code}: ${e}`);
    for (const token of forbiddenTokens(JSON.stringify(q))) errors.push(`hội thi mẫu ${q.code}: chứa “${token}”`);
  }
  for (const s of CONTEST_SITUATIONS) {
    // "… “quoted words” (file §section)": the words must be in the cited passage.
    for (const m of s.body.matchAll(/“([^”]+)”[^“(]{0,80}\((\S+\.(?:txt|md) §[^()]*?(?:\(\d+\))?(?:\s*[“"][^”"]*[”"])?)\)/g)) {
      const e = checkCitation(m[2]!, [m[1]!]);
      if (e) errors.push(`hội thi mẫu, tình huống “${s.title}”: ${e}`);
    }
    for (const token of forbiddenTokens(s.title + s.body)) errors.push(`hội thi mẫu, tình huống “${s.title}”: chứa “${token}”`);
  }
  return errors;
}

/** Every citation in all content, and every developer token in learner-facing text. */
export function checkCitations(): string[] {
  const modules = readdirSync(MODULES_DIR)
    .filter((f) => f.endsWith(".mdx"))
    .sort()
    .flatMap((file) => moduleErrors(`modules/${file}`, readFileSync(path.join(MODULES_DIR, file), "utf8")));
  return [
    ...modules,
    ...yamlErrors(path.join(CONTENT_DIR, "questions"), "questions"),
    ...yamlErrors(path.join(CONTENT_DIR, "scenarios"), "scenarios"),
    ...contestErrors(),
  ];
}
