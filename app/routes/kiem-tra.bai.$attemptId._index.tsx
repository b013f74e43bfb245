import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { IdField } from "~/utils/ids";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useState } from "react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { replyMessages, useIntentForm } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { AttemptFormSchema, answersOf } from "~/quiz/answer-form";
import { getAttemptForTaking, getAttemptQuizKey, saveAnswers, submitAttempt } from "~/quiz/engine.server";
import { QuestionFieldset, Countdown } from "~/quiz/attempt-form";
import { TRAINING_KEY_PREFIXES, isTrainingQuiz, quizTitle } from "~/quiz/quizzes.server";
import { formatClock } from "~/quiz/clock";
import { formatDate } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const AttemptId = IdField;

function attemptIdOf(params: LoaderFunctionArgs["params"]) {
  const parsed = AttemptId.safeParse(params.attemptId);
  if (!parsed.success) notFound("Không tìm thấy bài làm.");
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const attemptId = attemptIdOf(params);
  const attempt = await getAttemptForTaking({ attemptId, userId: user.id });
  // Contest rounds are taken on their own pages: never here (their keys stay hidden until the round ends).
  if (!attempt || !isTrainingQuiz(attempt.quizKey)) notFound("Không tìm thấy bài làm.");
  if (attempt.status === "submitted") throw redirect(`/kiem-tra/bai/${attemptId}/ket-qua`);
  return {
    attemptId,
    title: quizTitle(attempt.quizKey),
    attemptNo: attempt.attemptNo,
    questions: attempt.questions,
    answers: attempt.answers,
    deadline: attempt.deadline?.toISOString() ?? null,
    serverNow: attempt.serverNow.toISOString(),
    lastSavedAt: attempt.lastSavedAt?.toISOString() ?? null,
  };
}

/** The page's one form (two buttons: "save-all" and "submit"); its replies come back under this name. */
const ATTEMPT_FORM = "bai-lam";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const attemptId = attemptIdOf(params);
  const submission = parseWithZod(await readForm(request), { schema: AttemptFormSchema });
  if (submission.status !== "success") return invalidInput(ATTEMPT_FORM, submission);
  const { intent } = submission.value;

  const saved = await saveAnswers({ attemptId, userId: user.id, answers: answersOf(submission.value), quizKeyPrefixes: TRAINING_KEY_PREFIXES });
  if (intent === "submit") {
    const quizKey = await getAttemptQuizKey({ attemptId, userId: user.id });
    if (!quizKey || !isTrainingQuiz(quizKey)) notFound("Không tìm thấy bài làm.");
    const result = await submitAttempt({ attemptId, userId: user.id });
    if (!result) notFound("Không tìm thấy bài làm.");
    return redirect(`/kiem-tra/bai/${attemptId}/ket-qua`);
  }
  if (!saved.ok) {
    if (saved.code === "not_found") notFound(saved.message);
    if (saved.code === "invalid") return refused(ATTEMPT_FORM, submission, saved);
    // The attempt is over (time ran out or submitted elsewhere): its result page says so.
    return redirectWithFlash(request, `/kiem-tra/bai/${attemptId}/ket-qua`, saved.message);
  }
  return redirectWithFlash(request, `/kiem-tra/bai/${attemptId}`, `Đã lưu câu trả lời lúc ${formatClock(saved.savedAt)}.`);
}

export default function TakeAttemptPage() {
  const attempt = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form] = useIntentForm(ATTEMPT_FORM, reply, AttemptFormSchema);
  const navigation = useNavigation();
  const [savedAt, setSavedAt] = useState<string | null>(attempt.lastSavedAt);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [answered, setAnswered] = useState(
    () =>
      new Set(
        Object.entries(attempt.answers)
          .filter(([, s]) => s.length)
          .map(([id]) => id),
      ),
  );
  const onSaved = useCallback((questionId: string, at: string, hasAnswer: boolean) => {
    setSavedAt((prev) => (prev && prev > at ? prev : at));
    setSaveError(null);
    setAnswered((prev) => {
      const next = new Set(prev);
      if (hasAnswer) next.add(questionId);
      else next.delete(questionId);
      return next;
    });
  }, []);
  const total = attempt.questions.length;
  const submitting = navigation.state !== "idle" && navigation.formData?.get("intent") === "submit";

  return (
    <section className="stack quiz-take" aria-labelledby="take-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="take-title">{attempt.title}</h1>
      <p className="muted small">
        Lần làm thứ {attempt.attemptNo} · {total} câu
        {attempt.deadline ? ` · hạn nộp ${formatClock(attempt.deadline)} ngày ${formatDate(attempt.deadline)}` : " · không giới hạn thời gian"}
      </p>
      <div className="quiz-status" role="group" aria-label="Trạng thái bài làm">
        {attempt.deadline ? <Countdown deadline={attempt.deadline} serverNow={attempt.serverNow} formId={form.id} /> : null}
        <span>
          Đã trả lời {answered.size}/{total}
        </span>
        <span role="status" className={saveError ? "quiz-save-error" : "quiz-saved"}>
          {saveError ?? (savedAt ? `Đã lưu ${formatClock(savedAt)}` : "Chưa lưu câu trả lời nào")}
        </span>
      </div>
      {/* The answers are no conform fields: every message of the reply is shown above the form. */}
      <FormErrors errors={[...new Set(replyMessages(reply, ATTEMPT_FORM))]} />
      <Form method="post" className="stack quiz-form" {...getFormProps(form)}>
        {attempt.questions.map((q, index) => (
          <QuestionFieldset
            key={q.id}
            attemptId={attempt.attemptId}
            question={q}
            number={index + 1}
            initial={attempt.answers[q.id] ?? []}
            onSaved={onSaved}
            onError={setSaveError}
          />
        ))}
        <div className="row quiz-actions">
          <button type="submit" name="intent" value="save-all" className="secondary">
            Lưu câu trả lời
          </button>
          <button
            type="submit"
            name="intent"
            value="submit"
            disabled={submitting}
            onClick={(event) => {
              const missing = total - answered.size;
              const message = missing > 0 ? `Đồng chí còn ${missing} câu chưa trả lời. Nộp bài?` : "Nộp bài? Sau khi nộp không sửa được câu trả lời.";
              if (!window.confirm(message)) event.preventDefault();
            }}
          >
            Nộp bài
          </button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: attempt }) =>
  pageMeta(attempt?.title ?? "Làm bài", "Bài kiểm tra: câu trả lời được lưu tự động, nộp trước khi hết giờ.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
