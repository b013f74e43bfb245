import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { InlineText } from "~/practice/markdown-view";
import { RATING_SCALE } from "~/practice/scenario";
import { buildStatsView } from "~/practice/stats.server";
import { formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "practice.analyze");
  const scopes = scopesOf(user, "practice.analyze");
  const scopeNames = user.grants.filter((g) => scopes.includes(g.unitPath)).map((g) => g.unitName);
  const scenarioId = new URL(request.url).searchParams.get("kich-ban");
  return { ...(await buildStatsView({ scopes, scenarioId })), scopeNames: [...new Set(scopeNames)] };
}

export default function PracticeStats() {
  const { scenarios, detail, scopeNames } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="stats-title" className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/luyen-tap">Luyện tập</Link>
          </li>
          <li aria-current="page">Thống kê</li>
        </ol>
      </nav>
      <h1 id="stats-title">Thống kê kết quả luyện tập</h1>
      <p className="muted">Học viên thuộc: {scopeNames.join(", ")}. Số liệu giúp điều chỉnh nội dung tập huấn: tình huống nào nhiều người chọn chưa đúng.</p>
      <div className="table-wrap">
        <table>
          <caption>Tổng hợp theo kịch bản</caption>
          <thead>
            <tr>
              <th scope="col">Kịch bản</th>
              <th scope="col" className="num">
                Lượt
              </th>
              <th scope="col" className="num">
                Hoàn thành
              </th>
              <th scope="col" className="num">
                Học viên
              </th>
              <th scope="col" className="num">
                Điểm TB
              </th>
              {RATING_SCALE.map((r) => (
                <th key={r.rating} scope="col" className="num">
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scenarios.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`?kich-ban=${s.id}#chi-tiet`} aria-current={detail?.id === s.id ? "true" : undefined}>
                    {s.title}
                  </Link>
                </th>
                <td className="num">{formatNumber(s.runs)}</td>
                <td className="num">{formatNumber(s.finished)}</td>
                <td className="num">{formatNumber(s.learners)}</td>
                <td className="num">{s.averagePercent === null ? "—" : `${s.averagePercent}%`}</td>
                {RATING_SCALE.map((r) => (
                  <td key={r.rating} className="num">
                    {formatNumber(s.ratings[r.rating])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail ? (
        <section id="chi-tiet" className="card" aria-labelledby="chi-tiet-title">
          <h2 id="chi-tiet-title">Lựa chọn theo tình huống: {detail.title}</h2>
          <p className="muted small">Chọn tên kịch bản trong bảng trên để xem kịch bản khác.</p>
          {detail.nodes.every((n) => n.total === 0) ? <p className="muted">Chưa có lựa chọn nào được ghi nhận.</p> : null}
          <ol className="practice-stats-nodes">
            {detail.nodes.map((n) => (
              <li key={n.nodeId}>
                <h3>
                  {n.step} <span className="muted small">({formatNumber(n.total)} lượt chọn)</span>
                </h3>
                <p className="muted small">{n.situation}</p>
                <ul>
                  {n.choices.map((c) => (
                    <li key={c.id} className="practice-share">
                      <span>
                        {c.best ? <span className="badge badge-ok">Tốt nhất</span> : null} <InlineText text={c.text} />
                      </span>
                      <span className="practice-share-bar" aria-hidden="true">
                        <span style={{ width: `${c.share}%` }} />
                      </span>
                      <span className="num">
                        {c.share}% ({formatNumber(c.picks)})
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Thống kê luyện tập", "Số lượt luyện tập và mức đánh giá theo tình huống và đơn vị.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
