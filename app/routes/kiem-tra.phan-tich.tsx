import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AnalysisFilterSchema, FLAG_LABELS, MIN_ATTEMPTS_TO_FLAG, analysisFilters, itemAnalysis } from "~/quiz/analysis.server";
import { listModules } from "~/training/catalog.server";
import { formatNumber, formatPercent } from "~/utils/format";
import { Pager } from "~/org/admin-ui";
import { pageParam } from "~/utils/request.server";
import { z } from "zod";
import { pageMeta } from "~/utils/meta";

const PAGE_SIZE = 30;
const SORTS = {
  "phan-biet": "Phân biệt kém nhất trước",
  kho: "Khó nhất trước (tỷ lệ đúng thấp)",
  de: "Dễ nhất trước (tỷ lệ đúng cao)",
  luot: "Nhiều lượt trả lời nhất trước",
} as const;
type Sort = keyof typeof SORTS;
const SortSchema = z.enum(Object.keys(SORTS) as [Sort, ...Sort[]]).catch("phan-biet");

function sortItems<T extends { pCorrect: number; discrimination: number | null; attempts: number }>(items: T[], sort: Sort) {
  const byDiscrimination = (a: T, b: T) => (a.discrimination ?? Infinity) - (b.discrimination ?? Infinity);
  const order: Record<Sort, (a: T, b: T) => number> = {
    "phan-biet": byDiscrimination,
    kho: (a, b) => a.pCorrect - b.pCorrect,
    de: (a, b) => b.pCorrect - a.pCorrect,
    luot: (a, b) => b.attempts - a.attempts,
  };
  return [...items].sort((a, b) => order[sort](a, b) || byDiscrimination(a, b));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz.analyze");
  const url = new URL(request.url);
  const filter = AnalysisFilterSchema.parse(url.searchParams.get("bai") ?? "all");
  const sort = SortSchema.parse(url.searchParams.get("sap-xep") ?? undefined);
  const modules = listModules();
  const topic = modules.some((m) => m.slug === url.searchParams.get("chu-de")) ? url.searchParams.get("chu-de")! : "";
  const page = pageParam(url);
  // The figures are aggregated in SQL (one row per question); choosing and ordering ~200 rows is cheap here.
  const { items, attempts } = await itemAnalysis({ scopePaths: scopesOf(user, "quiz.analyze"), filter });
  const topics = Object.fromEntries(modules.map((m) => [m.slug, m.title]));
  const chosen = sortItems(topic ? items.filter((i) => i.topic === topic) : items, sort);
  return {
    filter,
    filters: analysisFilters(),
    topic,
    topics: modules.map((m) => ({ value: m.slug, label: m.title })),
    sort,
    sorts: Object.entries(SORTS).map(([value, label]) => ({ value, label })),
    page,
    total: chosen.length,
    attempts,
    minAttemptsToFlag: MIN_ATTEMPTS_TO_FLAG,
    items: chosen
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((i) => ({ ...i, topicTitle: topics[i.topic] ?? i.topic, flagLabel: i.flag ? FLAG_LABELS[i.flag] : null })),
  };
}

/** One labelled filter of the GET form (works without JavaScript). */
function Choice({ id, label, value, options }: { id: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

export default function ItemAnalysisPage() {
  const { filter, filters, topic, topics, sort, sorts, page, total, attempts, items, minAttemptsToFlag } = useLoaderData<typeof loader>();
  const query = `?bai=${encodeURIComponent(filter)}`;
  const pageHref = (n: number) => `?${new URLSearchParams({ bai: filter, "chu-de": topic, "sap-xep": sort, trang: String(n) })}`;
  return (
    <section className="stack" aria-labelledby="analysis-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="analysis-title">Phân tích câu hỏi</h1>
      <p>
        Tỷ lệ trả lời đúng và chỉ số phân biệt (tỷ lệ đúng của nhóm 27% điểm cao nhất trừ nhóm 27% điểm thấp nhất, xếp hạng trong từng bài kiểm tra) của mỗi câu
        hỏi, trên các bài đã nộp của học viên thuộc phạm vi của đồng chí. Câu có chỉ số phân biệt âm hoặc dưới 0,2 nên được xem lại; ghi chú chỉ hiện khi câu có
        từ {minAttemptsToFlag} lượt trả lời trở lên.
      </p>
      <Form method="get" className="row quiz-filter">
        <Choice id="bai" label="Bài kiểm tra" value={filter} options={filters} />
        <Choice id="chu-de" label="Chủ đề" value={topic} options={[{ value: "", label: "Tất cả chủ đề" }, ...topics]} />
        <Choice id="sap-xep" label="Sắp xếp" value={sort} options={sorts} />
        <button type="submit" className="button-small">
          Xem
        </button>
      </Form>
      <p className="row">
        <span>
          {formatNumber(attempts)} bài đã nộp · {formatNumber(total)} câu hỏi
        </span>
        <a href={`/kiem-tra/phan-tich.csv${query}`} download>
          Tải CSV (dữ liệu cho phần mềm, số thập phân dùng dấu chấm)
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
            <caption className="visually-hidden">Phân tích từng câu hỏi, {sorts.find((o) => o.value === sort)?.label.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Câu hỏi</th>
                <th scope="col">Chủ đề</th>
                <th scope="col" className="num">
                  Số lượt
                </th>
                <th scope="col" className="num">
                  Tỷ lệ đúng
                </th>
                <th scope="col" className="num">
                  Phân biệt
                </th>
                <th scope="col">Ghi chú</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.questionId}>
                  <td>{i.stem}</td>
                  <td>{i.topicTitle}</td>
                  <td className="num">{formatNumber(i.attempts)}</td>
                  <td className="num">{formatPercent(i.pCorrect * 100)}</td>
                  <td className="num">{i.discrimination === null ? "—" : formatNumber(Math.round(i.discrimination * 100) / 100)}</td>
                  <td>
                    {i.flagLabel ? (
                      <span className={i.flag === "negative" || i.flag === "too_hard" ? "badge badge-bad" : "badge badge-warn"}>{i.flagLabel}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={total} makeHref={pageHref} />
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Phân tích câu hỏi", "Tỷ lệ trả lời đúng và chỉ số phân biệt của từng câu hỏi kiểm tra, lọc theo bài và chủ đề.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
