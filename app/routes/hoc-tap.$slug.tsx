import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { useMemo, type FormEvent } from "react";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { replyMessages } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { LearnBreadcrumbs } from "~/training/learn-breadcrumbs";
import { getModule } from "~/training/catalog.server";
import { getModulePage } from "~/training/module-page.server";
import { markSectionRead, unmarkSectionRead } from "~/training/progress.server";
import { ProgressBar } from "~/training/progress-bar";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const page = await getModulePage({ user, slug: params.slug ?? "" });
  if (!page) notFound("Không tìm thấy bài học này.");
  return page;
}

const SectionActionSchema = z.object({
  intent: z.enum(["mark", "unmark"], { message: "Thao tác không hợp lệ." }),
  sectionId: z.string().min(1, "Thiếu phần cần đánh dấu."),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const slug = params.slug ?? "";
  const module = getModule(slug);
  if (!module) notFound("Không tìm thấy bài học này.");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: SectionActionSchema });
  if (submission.status !== "success") return invalidInput(intentOf(formData), submission);
  const { intent, sectionId } = submission.value;
  const input = { userId: user.id, slug, sectionId };
  const result = intent === "mark" ? await markSectionRead(input) : await unmarkSectionRead(input);
  if (!result) return refused(intent, submission, { message: "Phần này không thuộc bài học." });
  const sections = module.frontmatter.sections;
  if (intent === "mark" && result.moduleRead) {
    return redirectWithFlash(request, `/hoc-tap/${slug}#ket-thuc`, `Đồng chí đã đọc xong bài học “${module.frontmatter.title}”.`);
  }
  // After marking, the learner goes on to the next section; after undoing, stays on this one.
  const at = sections.findIndex((s) => s.id === sectionId);
  const anchor = intent === "mark" ? (sections[at + 1]?.id ?? "ket-thuc") : sectionId;
  return redirect(`/hoc-tap/${slug}#${anchor}`);
}

function TableOfContents({ sections, doneIds }: { sections: readonly { id: string; title: string }[]; doneIds: ReadonlySet<string> }) {
  return (
    <ol className="toc-list">
      {sections.map((s) => (
        <li key={s.id} className={doneIds.has(s.id) ? "is-done" : undefined}>
          <a href={`#${s.id}`}>{s.title}</a>
          {doneIds.has(s.id) ? (
            <span className="toc-done">
              <span aria-hidden="true"> ✓</span>
              <span className="visually-hidden"> (đã đọc)</span>
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export default function ModulePage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const doneIds = useMemo(() => new Set(page.doneIds), [page.doneIds]);
  const submit = useSubmit();
  // The text's section forms are plain HTML (rendered on the server): submit them through Remix,
  // with the button pressed (its intent), as a <Form> would.
  const submitSectionForm = (event: FormEvent<HTMLDivElement>) => {
    if (!(event.target instanceof HTMLFormElement)) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    submit(submitter instanceof HTMLButtonElement ? submitter : event.target);
  };
  const { module, state } = page;
  return (
    <div className="module-page">
      <LearnBreadcrumbs current={module.title} />
      <header className="module-header">
        <h1>{module.title}</h1>
        <p className="module-summary">{module.summary}</p>
        <p className="muted small">
          Thời lượng ước tính: {module.minutes} phút · {module.sections.length} phần · <strong>{state.label}</strong>
        </p>
        <ProgressBar percent={state.percent} label={`Tiến độ: đã đọc ${state.done}/${state.total} phần`} />
        {/* The section forms (one per section, in the MDX) are answered here, above the text. */}
        <FormErrors errors={reply ? replyMessages(reply, reply.intent) : undefined} />
      </header>
      <div className="module-layout">
        <nav className="toc toc-side no-print" aria-label="Mục lục bài học">
          <h2 className="toc-title">Mục lục</h2>
          <TableOfContents sections={module.sections} doneIds={doneIds} />
        </nav>
        <article className="module-body">
          <details className="toc toc-mobile no-print">
            <summary>
              Mục lục ({state.done}/{state.total} phần đã đọc)
            </summary>
            <TableOfContents sections={module.sections} doneIds={doneIds} />
          </details>
          <section className="objectives" aria-labelledby="muc-tieu">
            <h2 id="muc-tieu">Mục tiêu</h2>
            <p>Sau bài học này, người học:</p>
            <ul>
              {module.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          {/* The lesson's text, rendered once on the server per module version and sections read. */}
          <div className="module-text" onSubmit={submitSectionForm} dangerouslySetInnerHTML={{ __html: page.html }} />
          <section id="ket-thuc" className="module-end" aria-labelledby="ket-thuc-tieu-de">
            <h2 id="ket-thuc-tieu-de">Kết thúc bài học</h2>
            <p>
              {state.status === "read" || state.status === "completed"
                ? "Đồng chí đã đọc xong tất cả các phần của bài học này."
                : `Đồng chí đã đọc ${state.done}/${state.total} phần. Đánh dấu “Đã đọc xong phần này” ở cuối mỗi phần để lưu tiến độ.`}
            </p>
            <Form method="post" action={`/kiem-tra/chuyen-de/${module.slug}`} className="no-print">
              <button type="submit">Làm bài kiểm tra bài học</button>
            </Form>
          </section>
          {page.footnotes.length ? (
            <section className="footnotes" aria-labelledby="chu-thich">
              <h2 id="chu-thich">Nguồn trích dẫn</h2>
              <ol>
                {page.footnotes.map((f) => (
                  <li key={f.n} id={`chu-thich-${f.n}`}>
                    <a href={f.href}>{f.label}</a>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <nav className="module-pager no-print" aria-label="Bài học trước và sau">
            {page.previous ? (
              <Link to={`/hoc-tap/${page.previous.slug}`} rel="prev">
                <span className="muted small">← Bài học trước</span>
                <span>{page.previous.title}</span>
              </Link>
            ) : (
              <span />
            )}
            {page.next ? (
              <Link to={`/hoc-tap/${page.next.slug}`} rel="next" className="pager-next">
                <span className="muted small">Bài học tiếp theo →</span>
                <span>{page.next.title}</span>
              </Link>
            ) : null}
          </nav>
        </article>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(data ? `${data.module.title} · Học tập` : "Học tập", "Nội dung chuyên đề, trích dẫn văn bản nguồn và tiến độ đọc của đồng chí.");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
