import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { formatDateTime } from "~/utils/format";

/** What the admin actions answer on bad input: which form it was and conform's reply. */
export interface IntentReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

/**
 * One conform form among several on a page: only the reply of its own intent reaches it.
 * `schema` types the fields and gives the inputs their HTML constraints.
 */
export function useIntentForm<Schema extends z.ZodTypeAny>(
  intent: string,
  reply: IntentReply | undefined,
  schema: Schema,
  defaultValue?: DefaultValue<z.input<Schema>>,
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: intent,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    constraint: getZodConstraint(schema),
    ...(defaultValue ? { defaultValue } : {}),
    shouldRevalidate: "onInput",
  });
}

export function IntentField({ intent }: { intent: string }) {
  return <input type="hidden" name="intent" value={intent} />;
}

/** A collapsible panel holding one form; open when that form came back with errors. */
export function Panel({ title, open, children }: { title: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="admin-panel" open={open || undefined}>
      <summary>{title}</summary>
      <div className="admin-panel-body">{children}</div>
    </details>
  );
}

export function Breadcrumbs({ items }: { items: { id: number; name: string }[] }) {
  if (!items.length) return null;
  return (
    <nav aria-label="Đường dẫn đơn vị" className="breadcrumbs">
      <ol>
        <li>
          <Link to="/quan-tri">Quản trị</Link>
        </li>
        {items.map((item, i) => (
          <li key={item.id}>
            {i === items.length - 1 ? <span aria-current="page">{item.name}</span> : <Link to={`/quan-tri/don-vi/${item.id}`}>{item.name}</Link>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Previous/next links of a paged list. `label` names the navigation when a page has two lists;
 * `preventScrollReset` keeps the reader's place when the list sits low on a long page.
 */
export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  makeHref: (page: number) => string;
  label?: string;
  preventScrollReset?: boolean;
}) {
  const { page, pageSize, total, makeHref, label = "Phân trang", preventScrollReset } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? (
        <Link to={makeHref(page - 1)} preventScrollReset={preventScrollReset}>
          ‹ Trang trước
        </Link>
      ) : null}
      <span>
        Trang {page}/{pages}
      </span>
      {page < pages ? (
        <Link to={makeHref(page + 1)} preventScrollReset={preventScrollReset}>
          Trang sau ›
        </Link>
      ) : null}
    </nav>
  );
}

export function AuditList({
  entries,
}: {
  entries: { id: number; action: string; label: string; detail: string; actorName: string | null; createdAt: string | Date }[];
}) {
  return (
    <section aria-labelledby="audit-title" className="stack">
      <h2 id="audit-title">Nhật ký thay đổi</h2>
      {entries.length ? (
        <ul className="audit-list">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>{formatDateTime(e.createdAt)}</time> · {e.label}
              {e.detail ? <>: {e.detail}</> : null}
              {e.actorName ? <> · {e.actorName}</> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có thay đổi nào được ghi lại.</p>
      )}
    </section>
  );
}

/** Every message of the reply to `intent` (for one-button forms that have no fields to show them on). */
export function replyMessages(reply: IntentReply | undefined, intent: string) {
  if (reply?.intent !== intent) return undefined;
  return Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []);
}
