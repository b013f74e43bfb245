/**
 * The components content authors may use in module MDX (content/README.md
 * documents them). One typed map; the module page passes it to the compiled MDX.
 */
import { createContext, useContext, type ComponentProps, type ReactNode } from "react";
import type { AuthorComponent } from "./module-text";
import { expandShortRef, sourceHref, sourceLabel } from "./sources";

interface ModuleContextValue {
  sections: readonly { id: string; title: string }[];
  doneIds: ReadonlySet<string>;
  /** footnote number of each SourceRef source */
  footnotes: Readonly<Record<string, number>>;
}

export const ModuleContext = createContext<ModuleContextValue>({ sections: [], doneIds: new Set(), footnotes: {} });

/**
 * The form under each section: mark read (or undo). A plain POST to the module's page (the text is
 * served as HTML, outside the router): it works without JavaScript; the page submits it through
 * Remix when JavaScript runs.
 */
function SectionDoneForm({ id, title, done }: { id: string; title: string; done: boolean }) {
  return (
    <form method="post" className="section-done no-print">
      <input type="hidden" name="sectionId" value={id} />
      {done ? (
        <>
          <p className="section-done-status" role="status">
            <span aria-hidden="true">✓ </span>Đã đọc xong phần này
          </p>
          <button type="submit" name="intent" value="unmark" className="secondary button-small" aria-label={`Đánh dấu chưa đọc phần “${title}”`}>
            Đánh dấu chưa đọc
          </button>
        </>
      ) : (
        <button type="submit" name="intent" value="mark" aria-label={`Đã đọc xong phần này: “${title}”`}>
          Đã đọc xong phần này
        </button>
      )}
    </form>
  );
}

function Section({ id, children }: { id: string; children?: ReactNode }) {
  const { sections, doneIds } = useContext(ModuleContext);
  const index = sections.findIndex((s) => s.id === id);
  const title = sections[index]?.title ?? id;
  const done = doneIds.has(id);
  return (
    <section id={id} className={done ? "module-section is-done" : "module-section"} aria-labelledby={`${id}-tieu-de`}>
      <h2 id={`${id}-tieu-de`}>
        <span className="section-number">{index + 1}.</span> {title}
        {done ? <span className="visually-hidden"> (đã đọc)</span> : null}
      </h2>
      {children}
      <SectionDoneForm id={id} title={title} done={done} />
    </section>
  );
}

const CALLOUT_LABELS = { info: "Lưu ý", tip: "Mẹo", warning: "Cảnh báo" } as const;

function Callout({ type = "info", title, children }: { type?: keyof typeof CALLOUT_LABELS; title?: string; children?: ReactNode }) {
  const kind = type in CALLOUT_LABELS ? type : "info";
  return (
    <div className={`callout callout-${kind}`} role="note" aria-label={title ?? CALLOUT_LABELS[kind]}>
      <p className="callout-title">
        <span className="callout-kind">{CALLOUT_LABELS[kind]}:</span> {title}
      </p>
      {children}
    </div>
  );
}

function SourceLink({ source }: { source: string }) {
  return <a href={sourceHref(source)}>{sourceLabel(source)}</a>;
}

function Quote({ source, children }: { source: string; children?: ReactNode }) {
  return (
    <figure className="quote">
      <blockquote>{children}</blockquote>
      <figcaption>
        Nguồn: <SourceLink source={source} />
      </figcaption>
    </figure>
  );
}

function KeyFigure({ value, label, source }: { value: string; label: string; source: string }) {
  return (
    <figure className="key-figure">
      <p className="key-figure-value">{value}</p>
      <figcaption>
        <span className="key-figure-label">{label}</span>
        <span className="key-figure-source small">
          Nguồn: <SourceLink source={source} />
        </span>
      </figcaption>
    </figure>
  );
}

function Checklist({ children }: { children?: ReactNode }) {
  return <div className="checklist">{children}</div>;
}

function Steps({ children }: { children?: ReactNode }) {
  return <div className="steps">{children}</div>;
}

interface TimelineItem {
  date: string;
  label: string;
  source?: string;
}

function Timeline({ items }: { items: readonly TimelineItem[] }) {
  return (
    <ol className="timeline">
      {items.map((item) => (
        <li key={`${item.date}-${item.label}`}>
          <span className="timeline-date">{item.date}</span>
          <span className="timeline-label">
            {item.label}
            {item.source ? (
              <>
                {" "}
                <a href={sourceHref(item.source)} className="small" aria-label={`Nguồn: ${sourceLabel(item.source)}`}>
                  (nguồn)
                </a>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function SourceRef({ source }: { source: string }) {
  const { footnotes } = useContext(ModuleContext);
  const n = footnotes[source];
  if (!n) return null;
  return (
    <sup className="footnote-ref">
      <a href={`#chu-thich-${n}`} title={sourceLabel(source)} aria-label={`Chú thích ${n}: ${sourceLabel(source)}`}>
        [{n}]
      </a>
    </sup>
  );
}

/** Markdown tables scroll sideways inside a focusable region on narrow screens. */
function Table(props: ComponentProps<"table">) {
  return (
    <div className="table-wrap module-table" role="region" aria-label="Bảng (cuộn ngang để xem hết)" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

/**
 * A table cell that holds only short citations ("001 §III.2(4); 003 §II.2") shows each as a link to
 * the source viewer, named by the document, instead of raw file numbers.
 */
function Cell({ children, ...props }: ComponentProps<"td">) {
  const parts =
    typeof children === "string"
      ? children
          .split(";")
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
  const refs = parts.map(expandShortRef);
  if (!parts.length || refs.some((r) => r === null)) return <td {...props}>{children}</td>;
  return (
    <td {...props}>
      {refs.map((ref, i) => (
        <span key={ref}>
          {i > 0 ? "; " : null}
          <a href={sourceHref(ref!)}>{sourceLabel(ref!)}</a>
        </span>
      ))}
    </td>
  );
}

const authorComponents = {
  Section,
  Callout,
  Quote,
  KeyFigure,
  Checklist,
  Steps,
  Timeline,
  SourceRef,
} satisfies Record<AuthorComponent, unknown>;

/** Pass to the compiled module: `<Component components={mdxComponents} />`. */
export const mdxComponents = { ...authorComponents, table: Table, td: Cell };
