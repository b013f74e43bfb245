import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getLearnerOverview } from "~/quiz/quizzes.server";
import { formatPercent } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const overview = await getLearnerOverview({ userId: user.id, personId: user.personId });
  return { ...overview, canAnalyze: can(user, "quiz.analyze"), canOverride: can(user, "quiz.override") };
}

function StatusBadge({ passed, submitted }: { passed: boolean; submitted: number }) {
  if (passed) return <span className="badge badge-ok">Đạt</span>;
  if (submitted > 0) return <span className="badge badge-bad">Chưa đạt</span>;
  return <span className="badge">Chưa làm</span>;
}

function StartButton({ action, open, canStart }: { action: string; open: number | null; canStart: boolean }) {
  if (open !== null) {
    return (
      <Link className="button button-small" to={`/kiem-tra/bai/${open}`}>
        Làm tiếp
      </Link>
    );
  }
  if (!canStart) return <span className="muted small">Đã hết lượt làm bài</span>;
  return (
    <Form method="post" action={action}>
      <button type="submit" className="button-small">
        Bắt đầu làm bài
      </button>
    </Form>
  );
}

export default function QuizzesPage() {
  const { moduleChecks, finalTests, canAnalyze, canOverride } = useLoaderData<typeof loader>();
  return (
    <section className="stack" aria-labelledby="quiz-title">
      <div className="spread">
        <h1 id="quiz-title">Kiểm tra</h1>
        {canAnalyze || canOverride ? (
          <p className="row">
            {canAnalyze ? <Link to="/kiem-tra/phan-tich">Phân tích câu hỏi</Link> : null}
            {canOverride ? <Link to="/kiem-tra/gia-han">Gia hạn, thêm lượt</Link> : null}
          </p>
        ) : null}
      </div>

      <h2>Kiểm tra cuối khóa</h2>
      {finalTests.length === 0 ? <p className="muted">Chưa có bài kiểm tra cuối khóa dành cho đồng chí.</p> : null}
      <div className="cards">
        {finalTests.map((f) => {
          const left = f.attemptsAllowed === null ? null : Math.max(0, f.attemptsAllowed - f.summary.used);
          return (
            <article key={f.quizKey} className="card stack quiz-card" aria-labelledby={`final-${f.track}`}>
              <h3 id={`final-${f.track}`}>{f.title}</h3>
              <p className="small muted">
                {f.questions} câu · {f.timeLimitMinutes === null ? "không giới hạn thời gian" : `${f.timeLimitMinutes} phút`} · đạt từ {f.passPercent}%
              </p>
              <dl className="quiz-facts">
                <dt>Kết quả</dt>
                <dd>
                  <StatusBadge passed={f.summary.passed} submitted={f.summary.submitted} />
                </dd>
                <dt>Điểm cao nhất</dt>
                <dd>{f.summary.bestPercent === null ? "—" : formatPercent(f.summary.bestPercent)}</dd>
                <dt>Số lần đã làm</dt>
                <dd>
                  {f.summary.used}
                  {f.attemptsAllowed === null ? "" : ` / ${f.attemptsAllowed}`}
                  {left !== null ? ` (còn ${left} lần)` : ""}
                </dd>
              </dl>
              <div className="row">
                <StartButton action={`/kiem-tra/cuoi-khoa/${f.track}`} open={f.summary.openAttemptId} canStart={left === null || left > 0} />
                {f.summary.lastSubmittedAttemptId !== null ? (
                  <Link to={`/kiem-tra/bai/${f.summary.lastSubmittedAttemptId}/ket-qua`}>Xem bài gần nhất</Link>
                ) : null}
              </div>
            </article>
          );
        })}
      </div>

      <h2>Kiểm tra theo bài học</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Bài kiểm tra theo bài học</caption>
          <thead>
            <tr>
              <th scope="col">Bài học</th>
              <th scope="col">Kết quả</th>
              <th scope="col" className="num">
                Điểm cao nhất
              </th>
              <th scope="col" className="num">
                Số lần
              </th>
              <th scope="col">Làm bài</th>
            </tr>
          </thead>
          <tbody>
            {moduleChecks.map((m) => (
              <tr key={m.quizKey}>
                <th scope="row">{m.moduleTitle}</th>
                <td>
                  <StatusBadge passed={m.summary.passed} submitted={m.summary.submitted} />
                </td>
                <td className="num">{m.summary.bestPercent === null ? "—" : formatPercent(m.summary.bestPercent)}</td>
                <td className="num">{m.summary.used}</td>
                <td>
                  <div className="row">
                    <StartButton
                      action={`/kiem-tra/chuyen-de/${m.slug}`}
                      open={m.summary.openAttemptId}
                      canStart={m.attemptsAllowed === null || m.summary.used < m.attemptsAllowed}
                    />
                    {m.summary.lastSubmittedAttemptId !== null ? (
                      <Link to={`/kiem-tra/bai/${m.summary.lastSubmittedAttemptId}/ket-qua`}>
                        Xem bài<span className="visually-hidden"> {m.moduleTitle}</span>
                      </Link>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">
        Mỗi bài kiểm tra bài học gồm {moduleChecks[0]?.questions ?? 0} câu chọn ngẫu nhiên, đạt từ {moduleChecks[0]?.passPercent ?? 80}%, làm lại không giới
        hạn. Đạt bài kiểm tra bài học là hoàn thành bài học; đạt bài kiểm tra cuối khóa là hoàn thành chương trình tập huấn trực tuyến.
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Kiểm tra", "Bài kiểm tra chuyên đề và kiểm tra cuối khóa: số lượt còn lại, điểm cao nhất, kết quả đạt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
