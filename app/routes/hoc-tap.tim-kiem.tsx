import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LearnBreadcrumbs } from "~/training/learn-breadcrumbs";
import { searchModules } from "~/training/search.server";
import type { SnippetPart } from "~/training/search-text";
import { SearchForm } from "~/training/search-form";
import { searchText } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "training.take");
  // Over-long queries are cut, not refused: searching is harmless.
  const query = searchText(request.url, "q", 200);
  return { query, ...searchModules(query) };
}

function Highlighted({ parts }: { parts: readonly SnippetPart[] }) {
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

export default function SearchPage() {
  const { query, hits, total } = useLoaderData<typeof loader>();
  return (
    <div className="search-page stack">
      <LearnBreadcrumbs current="Tìm kiếm" />
      <h1>Tìm trong các bài học</h1>
      <SearchForm query={query} />
      {query ? (
        <p role="status">
          {total
            ? `Tìm thấy ${total} phần có “${query}”${total > hits.length ? ` (hiện ${hits.length} phần phù hợp nhất)` : ""}.`
            : `Không tìm thấy phần nào có “${query}”. Hãy thử từ khác hoặc ít từ hơn.`}
        </p>
      ) : (
        <p className="muted">Gõ từ cần tìm; có thể gõ không dấu (ví dụ: “sinh hoat chi bo”).</p>
      )}
      {hits.length ? (
        <ol className="search-results">
          {hits.map((hit) => (
            <li key={`${hit.slug}-${hit.sectionId}`} className="card">
              <h2 className="search-hit-title">
                <Link to={`/hoc-tap/${hit.slug}#${hit.sectionId}`}>
                  <Highlighted parts={hit.titleParts} />
                </Link>
              </h2>
              <p className="muted small">{hit.moduleTitle}</p>
              <p>
                <Highlighted parts={hit.snippet} />
              </p>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => pageMeta("Tìm kiếm · Học tập", "Tìm trong nội dung các chuyên đề học tập.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
