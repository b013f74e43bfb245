import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { readSourceDocument } from "~/training/source-document.server";

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
      {doc.file === "domain.md" ? (
        <p className="callout callout-info">
          Đây là tài liệu tổng hợp (bằng tiếng Anh) của nhóm biên soạn: bảng thuật ngữ, quy tắc nghiệp vụ và danh mục
          văn bản ngoài bộ tài liệu gốc (như Hướng dẫn 12-HD/BTCTW ngày 06/7/2018, Hướng dẫn 42-HD/BTCTW ngày
          28/10/2025), mỗi nội dung đều ghi nguồn gốc. Khi áp dụng, hãy đối chiếu văn bản gốc được dẫn.
        </p>
      ) : null}
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
          const highlighted = i === doc.highlight;
          const className = [p.heading ? "source-heading" : "", highlighted ? "source-highlight" : ""].join(" ").trim();
          return (
            <p key={i} id={highlighted ? "muc" : undefined} className={className || undefined}>
              {p.text}
            </p>
          );
        })}
      </div>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Tài liệu nguồn` : "Tài liệu nguồn" }];
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
