import { IdField } from "~/utils/ids";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getAttemptForTaking, getAttemptReview } from "~/quiz/engine.server";
import { isTrainingQuiz, parseQuizKey, quizTitle } from "~/quiz/quizzes.server";
import { sourceHref, sourceLabel } from "~/training/sources";
import { formatDateTime, formatPercent } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const parsed = IdField.safeParse(params.attemptId);
  if (!parsed.success) notFound("Không tìm thấy bài làm.");
  const attemptId = parsed.data;
  let review = await getAttemptReview({ attemptId, userId: user.id });
  if (!review) {
    // Still open (or just expired: reading it for taking grades it).
    const open = await getAttemptForTaking({ attemptId, userId: user.id });
    if (!open || !isTrainingQuiz(open.quizKey)) notFound("Không tìm thấy bài làm.");
    if (open.status === "open") throw redirect(`/kiem-tra/bai/${attemptId}`);
    review = await getAttemptReview({ attemptId, userId: user.id });
    if (!review) notFound("Không tìm thấy bài làm.");
  }
  // A contest round's review belongs to the contest pages, which know when its key may be shown.
  if (!isTrainingQuiz(review.quizKey)) notFound("Không tìm thấy bài làm.");
  const results = new Map(review.results.map((r) => [r.questionId, r]));
  const kind = parseQuizKey(review.quizKey);
  return {
    attemptId,
    title: quizTitle(review.quizKey),
    retakeUrl: kind?.kind === "module" ? `/kiem-tra/chuyen-de/${kind.slug}` : kind?.kind === "final" ? `/kiem-tra/cuoi-khoa/${kind.track}` : null,
    moduleUrl: kind?.kind === "module" ? `/hoc-tap/${kind.slug}` : null,
    kind: kind?.kind ?? null,
    attemptNo: review.attemptNo,
    score: review.score,
    maxScore: review.maxScore,
    percent: review.percent,
    passed: review.passed,
    passPercent: review.passPercent,
    submittedAt: review.submittedAt.toISOString(),
    durationSeconds: review.durationSeconds,
    questions: review.questions.map((q) => {
      const result = results.get(q.id);
      return {
        id: q.id,
        stem: q.stem,
        type: q.type,
        options: q.options.map((o) => ({ ...o, correct: q.correct.includes(o.id), chosen: result?.selected.includes(o.id) ?? false })),
        correct: result?.correct ?? false,
        answered: (result?.selected.length ?? 0) > 0,
        explanation: q.explanation ?? null,
        source: q.source ? { label: sourceLabel(q.source), href: sourceHref(q.source) } : null,
      };
    }),
  };
}

function duration(seconds: number) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} phút ${s} giây` : `${s} giây`;
}

export default function ResultPage() {
  const r = useLoaderData<typeof loader>();
  const wrong = r.questions.filter((q) => !q.correct).length;
  return (
    <section className="stack quiz-result" aria-labelledby="result-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="result-title">Kết quả: {r.title}</h1>
      <div className={r.passed ? "card quiz-score quiz-score-pass" : "card quiz-score quiz-score-fail"}>
        <p className="quiz-score-line">
          <strong>
            {r.score}/{r.maxScore} câu đúng ({formatPercent(r.percent)})
          </strong>{" "}
          {r.passed ? <span className="badge badge-ok">Đạt</span> : <span className="badge badge-bad">Chưa đạt</span>}
        </p>
        <p className="small">
          Lần làm thứ {r.attemptNo} · nộp lúc {formatDateTime(r.submittedAt)} · thời gian làm bài {duration(r.durationSeconds)} · yêu cầu đạt từ {r.passPercent}
          %
        </p>
        {r.passed && r.kind === "module" ? <p>Đồng chí đã hoàn thành bài học này.</p> : null}
        {r.passed && r.kind === "final" ? <p>Đồng chí đã hoàn thành chương trình tập huấn trực tuyến.</p> : null}
        <p className="row">
          {r.retakeUrl ? <Link to={r.retakeUrl}>{r.passed ? "Làm lại để ôn tập" : "Làm lại bài kiểm tra"}</Link> : null}
          {r.moduleUrl && !r.passed ? <Link to={r.moduleUrl}>Đọc lại bài học</Link> : null}
        </p>
      </div>

      <h2>Xem lại bài làm {wrong > 0 ? `(${wrong} câu sai hoặc chưa trả lời)` : ""}</h2>
      <ol className="quiz-review">
        {r.questions.map((q) => (
          <li key={q.id} className={q.correct ? "quiz-review-item quiz-right" : "quiz-review-item quiz-wrong"}>
            <p className="quiz-review-stem">
              {q.stem}{" "}
              {q.correct ? (
                <span className="badge badge-ok">Đúng</span>
              ) : q.answered ? (
                <span className="badge badge-bad">Sai</span>
              ) : (
                <span className="badge badge-warn">Chưa trả lời</span>
              )}
            </p>
            <ul className="quiz-review-options">
              {q.options.map((o) => (
                <li key={o.id} className={o.correct ? "quiz-opt-correct" : o.chosen ? "quiz-opt-chosen-wrong" : undefined}>
                  <span aria-hidden="true">{o.chosen ? (q.type === "multiple" ? "☑" : "◉") : q.type === "multiple" ? "☐" : "○"}</span> {o.text}
                  {o.chosen ? <span className="quiz-tag"> — đồng chí chọn</span> : null}
                  {o.correct ? <span className="quiz-tag quiz-tag-ok"> — đáp án đúng</span> : null}
                </li>
              ))}
            </ul>
            {q.explanation ? (
              <p className="quiz-explanation">
                <strong>Giải thích:</strong> {q.explanation}
              </p>
            ) : null}
            {q.source ? (
              <p className="small muted">
                Nguồn: <Link to={q.source.href}>{q.source.label}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: r }) =>
  pageMeta(`Kết quả ${r?.title ?? "bài kiểm tra"}`, "Điểm, kết quả đạt và giải thích từng câu kèm văn bản nguồn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
