import { parseInline, type Block, type Inline } from "./markdown";

function Spans({ inline }: { inline: Inline[] }) {
  return (
    <>
      {inline.map((part, i) =>
        part.kind === "strong" ? <strong key={i}>{part.text}</strong> : part.kind === "em" ? <em key={i}>{part.text}</em> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

/** Renders the blocks of `parseMarkdown` (text only: no HTML from content). */
export function MarkdownView({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        if (block.kind === "p")
          return (
            <p key={i}>
              <Spans inline={block.inline} />
            </p>
          );
        const items = block.items.map((item, j) => (
          <li key={j}>
            <Spans inline={item} />
          </li>
        ));
        return block.kind === "ul" ? <ul key={i}>{items}</ul> : <ol key={i}>{items}</ol>;
      })}
    </>
  );
}

/** One line of text with **bold** / *italic* (choice texts, feedback). */
export function InlineText({ text }: { text: string }) {
  return <Spans inline={parseInline(text)} />;
}
