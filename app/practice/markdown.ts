/**
 * A tiny Markdown reader for scenario narratives: paragraphs, bullet and numbered
 * lists, **bold** and *italic*. It yields plain data rendered by React, so raw HTML in
 * content can never reach the page as markup.
 */
export type Inline = { kind: "text" | "strong" | "em"; text: string };
export type Block = { kind: "p"; inline: Inline[] } | { kind: "ul" | "ol"; items: Inline[][] };

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ kind: "text", text: text.slice(last, at) });
    if (match[1] !== undefined) out.push({ kind: "strong", text: match[1] });
    else out.push({ kind: "em", text: match[2] ?? match[3] ?? "" });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk.split("\n").filter((l) => l.trim());
    if (!lines.length) continue;
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: "p", inline: parseInline(paragraph.join(" ").trim()) });
      paragraph = [];
    };
    for (const line of lines) {
      const bullet = BULLET.exec(line);
      const numbered = bullet ? null : NUMBERED.exec(line);
      if (bullet || numbered) {
        flush();
        const kind = bullet ? "ul" : "ol";
        const item = parseInline((bullet ?? numbered)![1]!.trim());
        const prev = blocks[blocks.length - 1];
        if (prev && prev.kind === kind) prev.items.push(item);
        else blocks.push({ kind, items: [item] });
      } else {
        paragraph.push(line.trim());
      }
    }
    flush();
  }
  return blocks;
}
