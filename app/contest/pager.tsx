import { Link } from "@remix-run/react";

/** Previous/next links for a paged list (`?trang=n`), hidden when there is one page. */
export function Pager({ page, pages, className = "row" }: { page: number; pages: number; className?: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Phân trang" className={className}>
      {page > 1 ? <Link to={`?trang=${page - 1}`}>← Trang trước</Link> : null}
      <span>
        Trang {page}/{pages}
      </span>
      {page < pages ? <Link to={`?trang=${page + 1}`}>Trang sau →</Link> : null}
    </nav>
  );
}
