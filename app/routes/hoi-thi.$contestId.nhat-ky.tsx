import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireContestManager } from "~/contest/access.server";
import { listContestAudit } from "~/contest/ballots.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime, formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

const ACTIONS: Record<string, string> = {
  "ballot.submit": "Giám khảo nộp phiếu điểm",
  "ballot.paper_entry": "Nhập phiếu giấy (lần 1)",
  "ballot.confirm": "Xác nhận phiếu giấy (lần 2)",
  "ballot.reopen": "Mở lại phiếu điểm",
  "question.key_change": "Đổi đáp án, chấm lại",
  "questions.import": "Nhập bộ câu hỏi",
  "round.open": "Mở vòng thi",
  "round.close": "Đóng vòng thi",
  "situation.add": "Thêm tình huống",
  "situation.edit": "Sửa tình huống",
  "situation.delete": "Xóa tình huống",
  "situation.assign": "Phân công tình huống cho thí sinh",
  "nomination.create": "Đơn vị đề cử thí sinh",
  "nomination.withdraw": "Đơn vị rút đề cử",
  "nomination.accept": "Chấp nhận đề cử",
  "nomination.decline": "Không chấp nhận đề cử",
};

function describe(value: unknown) {
  if (!value || typeof value !== "object") return "—";
  const v = value as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof v.total === "number") parts.push(`tổng ${formatNumber(v.total)}`);
  if (v.scores && typeof v.scores === "object")
    parts.push(
      `điểm ${Object.values(v.scores as Record<string, number>)
        .map(formatNumber)
        .join(" + ")}`,
    );
  if (Array.isArray(v.correct)) parts.push(`đáp án ${v.correct.map((c) => String(c).toUpperCase()).join(", ")}`);
  if (typeof v.status === "string") parts.push(`trạng thái ${v.status}`);
  if (typeof v.count === "number") parts.push(`${v.count} câu`);
  if (typeof v.code === "string" && typeof v.contestantId !== "number") parts.push(`tình huống ${v.code}`);
  if (typeof v.contestantId === "number") parts.push(`thí sinh #${v.contestantId}${typeof v.code === "string" ? `: tình huống ${v.code}` : ""}`);
  if (typeof v.unitName === "string") parts.push(v.unitName);
  if (Array.isArray(v.people)) parts.push(`đảng viên ${v.people.join(", ")}`);
  return parts.join("; ") || "—";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  const entries = await listContestAudit({ contestId: contest.id });
  return {
    contest: { id: contest.id, name: contest.name },
    entries: entries.map((e) => ({
      id: e.id,
      when: formatDateTime(e.createdAt),
      who: e.actorName ?? "—",
      what: ACTIONS[e.action] ?? e.action,
      before: describe(e.before),
      after: describe(e.after),
      reason: e.reason ?? "",
    })),
  };
}

export default function AuditPage() {
  const { contest, entries } = useLoaderData<typeof loader>();
  return (
    <article className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">Nhật ký</li>
        </ol>
      </nav>
      <h1>Nhật ký thay đổi điểm</h1>
      {entries.length === 0 ? (
        <p className="card">
          Chưa có thay đổi nào. Mỗi lần mở hoặc đóng vòng thi, nộp, xác nhận hay mở lại phiếu điểm, sửa đáp án, nhật ký ghi lại ai làm, lúc nào, trước và sau,
          kèm lý do. Hãy bắt đầu từ trang <Link to={`/hoi-thi/${contest.id}`}>hội thi</Link>: thêm vòng thi, mở vòng thi và phân công giám khảo.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="contest-wide">
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Người thực hiện</th>
                <th scope="col">Thao tác</th>
                <th scope="col">Trước</th>
                <th scope="col">Sau</th>
                <th scope="col">Lý do</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.when}</td>
                  <td>{e.who}</td>
                  <td>{e.what}</td>
                  <td>{e.before}</td>
                  <td>{e.after}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Nhật ký thay đổi điểm · Hội thi", "Ai đã thay đổi điểm, phiếu chấm, đáp án của hội thi, lúc nào, trước và sau, vì sao.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
