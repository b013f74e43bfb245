import { Link } from "@remix-run/react";

/** "Học tập › <current page>" above training pages. */
export function LearnBreadcrumbs({ current }: { current: string }) {
  return (
    <nav aria-label="Đường dẫn" className="breadcrumbs no-print">
      <ol>
        <li>
          <Link to="/hoc-tap">Học tập</Link>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
