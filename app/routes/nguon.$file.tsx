import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { readSourceDocument } from "~/training/source-document.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Every signed-in user may read the cited documents (content links to them from every feature).
  await requireUser(request);
  const section = new URL(request.url).searchParams.get("muc")?.slice(0, 100) ?? null;
  const document = readSourceDocument({ file: params.file ?? "", section });
  if (!document) notFound("Không tìm thấy tài liệu nguồn này.");
  return { ...document, section };
}

export default function SourcePage() {
  const doc = useLoaderData<typeof loader>();
  return (
    <article className="source-document">
      <p className="muted small">Tài liệu nguồn</p>
      <h1>{doc.title}</h1>
      {doc.section ? (
        <p className="source-section-note">
          {doc.highlight !== null ? (
            <>
              Mục được trích dẫn: <a href="#muc">§{doc.section}</a> (tô nền bên dưới).
            </>
          ) : (
            <>Mục được trích dẫn: §{doc.section}.</>
          )}
        </p>
      ) : null}
      <div className="source-text">
        {doc.paragraphs.map((p, i) => {
          const highlighted = doc.highlight !== null && doc.highlightEnd !== null && i >= doc.highlight && i <= doc.highlightEnd;
          const className = [p.heading ? "source-heading" : "", highlighted && !doc.itemSpan ? "source-highlight" : ""].join(" ").trim();
          // An item that runs inline in its paragraph is marked inside it, not the whole paragraph.
          const span = highlighted && doc.itemSpan ? doc.itemSpan : null;
          return (
            <p key={i} id={i === doc.highlight ? "muc" : undefined} className={className || undefined}>
              {span ? (
                <>
                  {p.text.slice(0, span.start)}
                  <mark className="source-highlight">{p.text.slice(span.start, span.end)}</mark>
                  {p.text.slice(span.end)}
                </>
              ) : (
                p.text
              )}
            </p>
          );
        })}
      </div>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(data ? `${data.title} · Tài liệu nguồn` : "Tài liệu nguồn", "Toàn văn tài liệu nguồn mà nội dung học tập và câu hỏi trích dẫn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
