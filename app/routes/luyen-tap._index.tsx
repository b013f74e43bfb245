import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { replyMessages } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { DIFFICULTY_LABELS, MODE_LABELS, RatingBadge } from "~/practice/components";
import { listRuns, startRun, summariseRuns } from "~/practice/runs.server";
import { ratingFor, RATING_LABELS, isRating } from "~/practice/scenario";
import { listScenarios } from "~/practice/scenarios.server";
import { StartRunSchema } from "~/practice/schemas";
import { formatDateTime } from "~/utils/format";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const [summaries, runs] = await Promise.all([summariseRuns({ userId: user.id }), listRuns({ userId: user.id })]);
  const scenarios = listScenarios().map(({ scenario }) => {
    const mine = summaries.get(scenario.id);
    const best = mine?.bestPercent ?? null;
    return {
      id: scenario.id,
      title: scenario.title,
      summary: scenario.summary,
      kind: scenario.kind,
      difficulty: scenario.difficulty,
      minutes: scenario.minutes,
      situations: Object.values(scenario.nodes).filter((n) => n.choices || n.drafting).length,
      runs: mine?.runs ?? 0,
      best: best === null ? null : { percent: best, rating: ratingFor(best) },
      openRunId: mine?.openRunId ?? null,
    };
  });
  const titles = new Map(scenarios.map((s) => [s.id, s.title]));
  return {
    scenarios,
    history: runs.map((r) => ({ ...r, title: titles.get(r.scenarioId) ?? r.scenarioId, rating: isRating(r.rating) ? r.rating : null })),
    canAnalyze: can(user, "practice.analyze"),
  };
}

/** Every scenario's start form; their replies come back under this name. */
const START_FORM = "bat-dau";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  const submission = parseWithZod(await readForm(request), { schema: StartRunSchema });
  if (submission.status !== "success") return invalidInput(START_FORM, submission);
  const runId = await startRun({ userId: user.id, ...submission.value });
  if (!runId) return refused(START_FORM, submission, { message: "Không tìm thấy kịch bản này." });
  return redirect(`/luyen-tap/lan/${runId}`);
}

export default function PracticeIndex() {
  const { scenarios, history, canAnalyze } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section aria-labelledby="practice-title" className="stack">
      <div className="spread">
        <h1 id="practice-title">Luyện tập điều hành sinh hoạt chi bộ</h1>
        {canAnalyze ? (
          <Link to="/luyen-tap/thong-ke" className="button button-secondary">
            Thống kê kết quả
          </Link>
        ) : null}
      </div>
      <p>
        Đồng chí là bí thư chi bộ. Mỗi kịch bản là một kỳ sinh hoạt: đọc tình huống, chọn cách xử lý, xem nhận xét theo ba tính chất lãnh đạo, giáo dục, chiến
        đấu và trình tự, thủ tục. Chế độ <strong>thi thử</strong> chỉ hiện nhận xét khi kết thúc. Tiến trình được lưu sau mỗi bước.
      </p>
      <FormErrors errors={replyMessages(reply, START_FORM)} />
      <ul className="cards practice-scenarios">
        {scenarios.map((s) => (
          <li key={s.id} className="card">
            <h2>{s.title}</h2>
            <p className="row small">
              <span className="badge">{s.kind === "regular" ? "Sinh hoạt thường kỳ" : "Sinh hoạt chuyên đề"}</span>
              <span className="badge">Độ khó: {DIFFICULTY_LABELS[s.difficulty]}</span>
              <span className="badge">Khoảng {s.minutes} phút</span>
              <span className="badge">{s.situations} tình huống</span>
            </p>
            <p>{s.summary}</p>
            <p className="small">
              {s.best ? (
                <>
                  Kết quả tốt nhất của đồng chí: <RatingBadge rating={s.best.rating} label={RATING_LABELS[s.best.rating]} /> {s.best.percent}%
                </>
              ) : (
                "Đồng chí chưa hoàn thành kịch bản này"
              )}{" "}
              · Đã luyện {s.runs} lượt
            </p>
            {s.openRunId ? (
              <p>
                <Link to={`/luyen-tap/lan/${s.openRunId}`} className="button">
                  Tiếp tục lượt đang làm
                </Link>
              </p>
            ) : null}
            <Form method="post" className="practice-start">
              <input type="hidden" name="scenarioId" value={s.id} />
              <fieldset>
                <legend className="visually-hidden">Chế độ cho “{s.title}”</legend>
                <label>
                  <input type="radio" name="mode" value="practice" defaultChecked /> Luyện tập (nhận xét ngay)
                </label>
                <label>
                  <input type="radio" name="mode" value="exam" /> Thi thử (nhận xét cuối lượt)
                </label>
              </fieldset>
              <button type="submit" className={s.openRunId ? "secondary" : undefined}>
                {s.runs ? "Luyện lại" : "Bắt đầu"}
                <span className="visually-hidden">: {s.title}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2 id="lich-su">Lịch sử luyện tập của đồng chí</h2>
      {history.length ? (
        <div className="table-wrap">
          <table aria-labelledby="lich-su">
            <thead>
              <tr>
                <th scope="col">Kịch bản</th>
                <th scope="col">Chế độ</th>
                <th scope="col">Bắt đầu</th>
                <th scope="col">Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/luyen-tap/lan/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>{MODE_LABELS[r.mode]}</td>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>
                    {r.status === "finished" && r.rating ? (
                      <>
                        <RatingBadge rating={r.rating} label={RATING_LABELS[r.rating]} /> {r.percent}%
                      </>
                    ) : (
                      "Đang làm"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Đồng chí chưa có lượt luyện tập nào.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Luyện tập", "Luyện điều hành một kỳ sinh hoạt chi bộ qua tình huống, xem đánh giá sau mỗi lượt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
