import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { Agenda, ChoiceForm, DraftForm, MODE_LABELS, Report, StepFeedback } from "~/practice/components";
import { MarkdownView } from "~/practice/markdown-view";
import { buildRunView } from "~/practice/run-view.server";
import { choose, getRun, isOwnRun, saveDraft } from "~/practice/runs.server";
import { draftTasks, RunActionSchema } from "~/practice/schemas";
import { replyMessages } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

function runIdOf(params: { runId?: string }) {
  return requireId(params.runId, "Không tìm thấy lượt luyện tập.");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const found = await getRun({ runId: runIdOf(params), userId: user.id });
  const view = found ? buildRunView(found) : null;
  if (!view) notFound("Không tìm thấy lượt luyện tập.");
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const runId = runIdOf(params);
  if (!(await isOwnRun({ runId, userId: user.id }))) notFound("Không tìm thấy lượt luyện tập.");
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: RunActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const input = submission.value;
  const result =
    input.intent === "choose"
      ? await choose({ runId, userId: user.id, stepIndex: input.stepIndex, choiceId: input.choiceId })
      : await saveDraft({ runId, userId: user.id, stepIndex: input.stepIndex, submit: input.submitDraft === "submit", tasks: draftTasks(input) });
  if (!result.ok) return refused(intent, submission, result);
  // Background saves of the draft stay on the page (the loader revalidates the check).
  if (input.intent === "draft" && input.autosave && input.submitDraft === "check") return { saved: true };
  // Post/redirect/get: the run page reads the saved state, so reloading never resubmits.
  return redirect(`/luyen-tap/lan/${runId}${result.finished ? "#ket-qua" : ""}`);
}

export default function RunPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData && "intent" in actionData ? actionData : undefined;
  const finished = view.run.status === "finished";
  return (
    <section className="practice-run" aria-labelledby="run-title">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/luyen-tap">Luyện tập</Link>
          </li>
          <li aria-current="page">{view.scenario.title}</li>
        </ol>
      </nav>
      <h1 id="run-title">{view.scenario.title}</h1>
      <p className="muted">
        Chế độ: {MODE_LABELS[view.run.mode]}
        {view.run.mode === "exam" && !finished ? " (nhận xét hiện ở cuối lượt)" : ""} · {finished ? "Đã hoàn thành" : `Bước ${view.run.stepIndex + 1}`}
      </p>
      <div className="practice-layout">
        <Agenda agenda={view.agenda} />
        <div className="practice-main stack">
          {/* Every message of the reply, above both forms (their fields are repeated or radios). */}
          <FormErrors errors={reply ? [...new Set(replyMessages(reply, reply.intent))] : undefined} />
          {view.outdated ? (
            <div className="form-errors" role="alert">
              <p>Kịch bản đã được cập nhật sau khi đồng chí bắt đầu lượt này. Hãy quay lại danh sách và bắt đầu một lượt mới.</p>
            </div>
          ) : null}
          {view.lastFeedback ? (
            <section aria-label="Nhận xét lựa chọn vừa rồi" className="card">
              <StepFeedback step={view.lastFeedback} heading="Nhận xét lựa chọn vừa rồi" />
            </section>
          ) : null}
          {view.node && !view.outdated ? (
            <section className="card practice-situation" aria-labelledby="tinh-huong">
              <h2 id="tinh-huong">Tình huống: {view.node.step}</h2>
              <MarkdownView blocks={view.node.narrative} />
              {view.node.drafting ? (
                <DraftForm
                  key={view.run.stepIndex}
                  drafting={view.node.drafting}
                  stepIndex={view.run.stepIndex}
                  draft={view.draft}
                  exam={view.run.mode === "exam"}
                  reply={reply}
                />
              ) : (
                <ChoiceForm key={view.run.stepIndex} node={view.node} stepIndex={view.run.stepIndex} reply={reply} />
              )}
            </section>
          ) : null}
          {finished ? <Report view={view} /> : null}
          <p>
            <Link to="/luyen-tap">← Về danh sách kịch bản</Link>
          </p>
        </div>
      </div>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: view }) =>
  pageMeta(view?.scenario.title ?? "Luyện tập", "Một lượt luyện điều hành sinh hoạt chi bộ: từng bước, lựa chọn và nhận xét.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
