/**
 * Pure reading of a module's MDX body: its Section blocks, the sources it cites,
 * its footnote numbering and its plain text (for search). No MDX compile here.
 */

/** The components authors may use, with the props each requires (content/README.md). */
const AUTHOR_COMPONENTS = {
  Section: ["id"],
  Callout: [],
  Quote: ["source"],
  KeyFigure: ["value", "label", "source"],
  Checklist: [],
  Steps: [],
  Timeline: ["items"],
  SourceRef: ["source"],
} as const satisfies Record<string, readonly string[]>;
export type AuthorComponent = keyof typeof AUTHOR_COMPONENTS;

/** Errors for JSX tags that are not author components, lack required props, or use a bad Callout type. */
export function checkComponents(body: string): string[] {
  const errors: string[] = [];
  for (const match of body.matchAll(/<([A-Za-z][\w.]*)\b([^>]*?)\/?>/g)) {
    const [tag, name, attrs] = [match[0], match[1]!, match[2] ?? ""];
    if (!/^[A-Z]/.test(name)) continue; // HTML-like tags are refused by the compile check's MDX parser if invalid
    if (!(name in AUTHOR_COMPONENTS)) {
      errors.push(`thành phần <${name}> không được hỗ trợ`);
      continue;
    }
    const multiLine = name === "Timeline" ? body.slice(match.index!, body.indexOf("/>", match.index!) + 2) : tag;
    for (const prop of AUTHOR_COMPONENTS[name as AuthorComponent]) {
      if (!new RegExp(`\\b${prop}=`).test(multiLine)) errors.push(`<${name}> thiếu thuộc tính ${prop}`);
    }
    if (name === "Callout") {
      const type = /\btype="([^"]*)"/.exec(attrs)?.[1];
      if (type && !["info", "tip", "warning"].includes(type)) errors.push(`<Callout type="${type}">: type phải là info, tip hoặc warning`);
    }
  }
  return errors;
}

const SECTION_OPEN = /<Section\s+id="([^"]*)"\s*>/g;

/** The ids of the `<Section id="…">` blocks, in order. */
function sectionIdsOf(body: string): string[] {
  return [...body.matchAll(SECTION_OPEN)].map((m) => m[1]!);
}

/** The body of each Section block, by id (text between its opening and closing tags). */
export function sectionBodies(body: string): { id: string; body: string }[] {
  const result: { id: string; body: string }[] = [];
  for (const match of body.matchAll(SECTION_OPEN)) {
    const start = match.index! + match[0].length;
    const end = body.indexOf("</Section>", start);
    result.push({ id: match[1]!, body: body.slice(start, end === -1 ? undefined : end) });
  }
  return result;
}

/** Errors when the Section blocks do not match the frontmatter's `sections`, in order. */
export function checkSections(body: string, expected: readonly { id: string }[]): string[] {
  const found = sectionIdsOf(body);
  const wanted = expected.map((s) => s.id);
  const errors: string[] = [];
  if (found.join(",") !== wanted.join(",")) {
    errors.push(`các khối <Section> (${found.join(", ") || "không có"}) không khớp sections trong frontmatter (${wanted.join(", ")})`);
  }
  const closes = body.match(/<\/Section>/g)?.length ?? 0;
  if (closes !== found.length) errors.push(`${found.length} thẻ <Section> mở nhưng ${closes} thẻ đóng`);
  return errors;
}

/** Every `source` the body cites (component props and Timeline items), in order of appearance. */
export function citedSources(body: string): string[] {
  return [...body.matchAll(/\bsource\s*[=:]\s*"([^"]*)"/g)].map((m) => m[1]!);
}

/** Footnote numbers: each distinct SourceRef source gets the next number, in order of first use. */
export function footnoteNumbers(body: string): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const match of body.matchAll(/<SourceRef\s+source="([^"]*)"\s*\/>/g)) {
    if (!numbers.has(match[1]!)) numbers.set(match[1]!, numbers.size + 1);
  }
  return numbers;
}

function attr(tag: string, name: string) {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? "";
}

/** The readable text of some MDX: what a learner sees, without markup. */
export function plainText(mdx: string): string {
  return (
    mdx
      .replace(/<SourceRef\b[^>]*\/>/g, "")
      .replace(/<KeyFigure\b[^>]*\/>/g, (tag) => ` ${attr(tag, "value")} ${attr(tag, "label")} `)
      .replace(/<Timeline\b[\s\S]*?\/>/g, (tag) => [...tag.matchAll(/date:\s*"([^"]*)",\s*label:\s*"([^"]*)"/g)].map((m) => ` ${m[1]}: ${m[2]}.`).join(""))
      .replace(/<Callout\b[^>]*>/g, (tag) => ` ${attr(tag, "title")}. `)
      .replace(/<\/?[A-Z][A-Za-z]*\b[^>]*>/g, " ")
      // Markdown: table rules, table pipes, headings, list markers, emphasis, links.
      .replace(/^\s*\|?\s*:?-{3,}.*$/gm, " ")
      .replace(/\|/g, " ")
      .replace(/^#{1,6}\s+/gm, "")
      .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/(\*\*|__|\*|`)/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}
