import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { listNominationContests } from "~/contest/nominations.server";
import { levelLabel, statusLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "contest.nominate");
  const contests = await listNominationContests(user);
  return {
    contests: contests.map((c) => ({
      id: c.id,
      name: c.name,
      level: levelLabel(c.level),
      unitName: c.unitName,
      open: c.status === "registration",
      statusLabel: statusLabel(c.status),
      status: c.status,
      dates: `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`,
      pending: c.pending,
      accepted: c.accepted,
      declined: c.declined,
    })),
  };
}

export default function NominationContestsPage() {
  const { contests } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/hoi-thi">Hội thi</Link>
          </li>
          <li aria-current="page">Đề cử thí sinh</li>
        </ol>
      </nav>
      <h1>Đề cử thí sinh</h1>
      <p className="muted">
        Đơn vị đề cử đảng viên của mình dự hội thi do cấp trên tổ chức. Ban tổ chức hội thi xem xét, chấp nhận hoặc không chấp nhận (kèm lý do); người được chấp
        nhận mới trở thành thí sinh.
      </p>
      {contests.length ? (
        <ul className="cards contest-list">
          {contests.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/hoi-thi/de-cu/${c.id}`}>{c.name}</Link>
              </h2>
              <p className="muted small">
                {c.level} · {c.unitName}
              </p>
              <p className="small">{c.dates}</p>
              <p className="row">
                <span className={`badge contest-status-${c.status}`}>{c.open ? "Đang nhận đề cử" : c.statusLabel}</span>
              </p>
              <p className="small">
                Đơn vị đã đề cử: {formatNumber(c.pending)} chờ duyệt · {formatNumber(c.accepted)} được chấp nhận · {formatNumber(c.declined)} không được chấp
                nhận
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Hiện không có hội thi nào của cấp trên đang nhận đề cử từ đơn vị của đồng chí.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Đề cử thí sinh · Hội thi", "Các hội thi đang nhận đề cử thí sinh từ đơn vị của đồng chí.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
