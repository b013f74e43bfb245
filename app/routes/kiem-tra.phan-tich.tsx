import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AnalysisFilterSchema, FLAG_LABELS, MIN_ATTEMPTS_TO_FLAG, analysisFilters, itemAnalysis } from "~/quiz/analysis.server";
import { listModules } from "~/training/catalog.server";
import { formatNumber, formatPercent } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz.analyze");
  const filter = AnalysisFilterSchema.parse(new URL(request.url).searchParams.get("bai") ?? "all");
  const { items, attempts } = await itemAnalysis({ scopePaths: scopesOf(user, "quiz.analyze"), filter });
  const topics = Object.fromEntries(listModules().map((m) => [m.slug, m.title]));
  return {
    filter,
    filters: analysisFilters(),
    attempts,
    minAttemptsToFlag: MIN_ATTEMPTS_TO_FLAG,
    items: items.map((i) => ({ ...i, topicTitle: topics[i.topic] ?? i.topic, flagLabel: i.flag ? FLAG_LABELS[i.flag] : null })),
  };
}

export default function ItemAnalysisPage() {
  const { filter, filters, attempts, items, minAttemptsToFlag } = useLoaderData<typeof loader>();
  const query = `?bai=${encodeURIComponent(filter)}`;
  return (
    <section className="stack" aria-labelledby="analysis-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="analysis-title">Phân tích câu hỏi</h1>
      <p>
        Tỷ lệ trả lời đúng và chỉ số phân biệt (tỷ lệ đúng của nhóm 27% điểm cao nhất trừ nhóm 27% điểm thấp nhất, xếp hạng trong từng bài kiểm tra) của mỗi câu hỏi, trên các bài đã nộp của học viên thuộc phạm vi của bạn. Câu có chỉ số
        phân biệt âm hoặc dưới 0,2 nên được xem lại; ghi chú chỉ hiện khi câu có từ {minAttemptsToFlag} lượt trả lời trở lên.
      </p>
      <Form method="get" className="row quiz-filter">
        <label htmlFor="bai">Bài kiểm tra</label>
        <select id="bai" name="bai" defaultValue={filter}>
          {filters.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button-small">
          Xem
        </button>
      </Form>
      <p className="row">
        <span>
          {formatNumber(attempts)} bài đã nộp · {formatNumber(items.length)} câu hỏi
        </span>
        <a href={`/kiem-tra/phan-tich.csv${query}`} download>
          Tải CSV
        </a>
        <a href={`/kiem-tra/phan-tich.xlsx${query}`} download>
          Tải Excel (xlsx)
        </a>
      </p>
      {items.length === 0 ? (
        <p className="muted">Chưa có bài nộp nào trong phạm vi này.</p>
      ) : (
        <div className="table-wrap">
          <table className="quiz-analysis">
            <caption className="visually-hidden">Phân tích từng câu hỏi, câu phân biệt kém nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Câu hỏi</th>
                <th scope="col">Chủ đề</th>
                <th scope="col" className="num">Số lượt</th>
                <th scope="col" className="num">Tỷ lệ đúng</th>
                <th scope="col" className="num">Phân biệt</th>
                <th scope="col">Ghi chú</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.questionId}>
                  <td>
                    <span className="small muted">{i.questionId}</span>
                    <br />
                    {i.stem}
                  </td>
                  <td>{i.topicTitle}</td>
                  <td className="num">{formatNumber(i.attempts)}</td>
                  <td className="num">{formatPercent(i.pCorrect * 100)}</td>
                  <td className="num">{i.discrimination === null ? "—" : i.discrimination.toFixed(2).replace(".", ",")}</td>
                  <td>{i.flagLabel ? <span className={i.flag === "negative" || i.flag === "too_hard" ? "badge badge-bad" : "badge badge-warn"}>{i.flagLabel}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Phân tích câu hỏi · Bí thư chi bộ giỏi" }];
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
