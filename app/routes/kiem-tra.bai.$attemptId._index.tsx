import { IdField } from "~/utils/ids";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useState } from "react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AttemptFormSchema, answersFromForm } from "~/quiz/answer-form";
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

const FAILURES = {
  not_found: "Không tìm thấy bài làm.",
  submitted: "Bài đã được nộp; câu trả lời này không được lưu.",
  late: "Đã hết giờ làm bài; câu trả lời này không được lưu.",
  invalid: "Câu trả lời không hợp lệ.",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const attemptId = attemptIdOf(params);
  const form = await readForm(request);
  const parsed = AttemptFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ ok: false as const, message: "Yêu cầu không hợp lệ." }, { status: 400 });
  const intent = parsed.data;
  const carried = answersFromForm(form);
  if ("error" in carried) return data({ ok: false as const, message: carried.error }, { status: 400 });

  const saved = await saveAnswers({ attemptId, userId: user.id, answers: carried.answers, quizKeyPrefixes: TRAINING_KEY_PREFIXES });
  if (intent.intent === "submit") {
    const quizKey = await getAttemptQuizKey({ attemptId, userId: user.id });
    if (!quizKey || !isTrainingQuiz(quizKey)) notFound("Không tìm thấy bài làm.");
    const result = await submitAttempt({ attemptId, userId: user.id });
    if (!result) notFound("Không tìm thấy bài làm.");
    return redirect(`/kiem-tra/bai/${attemptId}/ket-qua`);
  }
  if (!saved.ok) {
    if (saved.reason === "not_found") notFound(FAILURES.not_found);
    if (saved.reason === "invalid") return data({ ok: false as const, message: FAILURES.invalid }, { status: 400 });
    // The attempt is over (time ran out or submitted elsewhere): its result page says so.
    return redirectWithFlash(request, `/kiem-tra/bai/${attemptId}/ket-qua`, FAILURES[saved.reason]);
  }
  return redirectWithFlash(request, `/kiem-tra/bai/${attemptId}`, `Đã lưu câu trả lời lúc ${formatClock(saved.savedAt)}.`);
}

export default function TakeAttemptPage() {
  const attempt = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
        {attempt.deadline ? <Countdown deadline={attempt.deadline} serverNow={attempt.serverNow} formId="bai-lam" /> : null}
        <span>
          Đã trả lời {answered.size}/{total}
        </span>
        <span role="status" className={saveError ? "quiz-save-error" : "quiz-saved"}>
          {saveError ?? (savedAt ? `Đã lưu ${formatClock(savedAt)}` : "Chưa lưu câu trả lời nào")}
        </span>
      </div>
      {actionData && !actionData.ok ? (
        <p className="form-errors" role="alert">
          {actionData.message}
        </p>
      ) : null}
      <Form method="post" id="bai-lam" className="stack quiz-form">
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
