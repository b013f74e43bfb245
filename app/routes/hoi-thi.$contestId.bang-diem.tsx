import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { forbidden } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import { getScoreboard } from "~/contest/results.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestAccess(request, params.contestId);
  if (contest.status === "draft") forbidden("Hội thi chưa bắt đầu.");
  const board = await getScoreboard(contest.id);
  return { contest: { id: contest.id, name: contest.name, unitName: contest.unitName }, ...board, at: new Date().toISOString() };
}

/** Reloads on every score notification (SSE); polls every 15 s when SSE is unavailable or down. */
function useLiveScores(contestId: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    let poll: ReturnType<typeof setInterval> | null = null;
    const startPolling = () => {
      poll ??= setInterval(() => revalidator.revalidate(), 15_000);
    };
    if (typeof EventSource === "undefined") {
      startPolling();
      return () => {
        if (poll) clearInterval(poll);
      };
    }
    const source = new EventSource(`/hoi-thi/${contestId}/su-kien`);
    source.addEventListener("scores", () => revalidator.revalidate());
    source.addEventListener("open", () => {
      if (poll) clearInterval(poll);
      poll = null;
    });
    source.addEventListener("error", startPolling);
    return () => {
      source.close();
      if (poll) clearInterval(poll);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one connection per contest
  }, [contestId]);
}

export default function ScoreboardPage() {
  const { contest, rows, frozen, total } = useLoaderData<typeof loader>();
  useLiveScores(contest.id);
  return (
    <div className="scoreboard">
      <header className="scoreboard-head">
        <h1>{contest.name}</h1>
        <p>{contest.unitName}</p>
        {frozen ? <p className="scoreboard-frozen">Bảng điểm tạm dừng cập nhật — kết quả cuối cùng sẽ được công bố tại lễ bế mạc</p> : null}
      </header>
      <ol className="scoreboard-rows" aria-label="Bảng xếp hạng">
        {rows.map((r) => (
          <li key={r.contestantId} className="scoreboard-row">
            <span className="scoreboard-rank">{r.rank}</span>
            <span className="scoreboard-name">
              {r.fullName}
              <span className="scoreboard-unit">{r.unitName}</span>
            </span>
            <span className="scoreboard-total">{formatNumber(Math.round(r.total * 100) / 100)}</span>
          </li>
        ))}
      </ol>
      {!rows.length ? <p className="scoreboard-empty">Chưa có điểm.</p> : null}
      <p className="scoreboard-foot">
        {formatNumber(total)} thí sinh · <Link to={`/hoi-thi/${contest.id}`}>Trở về hội thi</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`Bảng điểm · ${data?.contest.name ?? "Hội thi"}`, "Bảng xếp hạng trực tiếp của hội thi, cập nhật khi giám khảo chấm.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
