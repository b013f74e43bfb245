import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDateTime } from "~/utils/format";

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
