import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can, canBelowRoot } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { listContestsFor } from "~/contest/contests.server";
import { levelLabel, statusLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "contest.list");
  // Unit admins without a learner grant come here only to reach nominations.
  const canNominate = canBelowRoot(user, "contest.nominate");
  const contests = await listContestsFor(user);
  return {
    canCreate: can(user, "contest.manage"),
    canNominate,
    contests: contests.map((c) => ({
      id: c.id,
      name: c.name,
      level: levelLabel(c.level),
      status: c.status,
      statusLabel: statusLabel(c.status),
      dates: `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`,
      unitName: c.unitName,
      roles: [c.managed ? "Ban tổ chức" : null, c.judging ? "Giám khảo" : null, c.entered ? "Thí sinh" : null].filter((r) => r !== null),
    })),
  };
}

export default function ContestListPage() {
  const { contests, canCreate, canNominate } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <div className="spread">
        <h1>Hội thi “Bí thư chi bộ giỏi”</h1>
        <div className="row">
          {canNominate ? (
            <Link to="/hoi-thi/de-cu" className="button button-secondary">
              Đề cử thí sinh
            </Link>
          ) : null}
          {canCreate ? (
            <Link to="/hoi-thi/tao-moi" className="button">
              Tạo hội thi
            </Link>
          ) : null}
        </div>
      </div>
      {contests.length ? (
        <ul className="cards contest-list">
          {contests.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/hoi-thi/${c.id}`}>{c.name}</Link>
              </h2>
              <p className="muted small">
                {c.level} · {c.unitName}
              </p>
              <p className="small">{c.dates}</p>
              <p className="row">
                <span className={`badge contest-status-${c.status}`}>{c.statusLabel}</span>
                {c.roles.map((r) => (
                  <span key={r} className="badge">
                    {r}
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Đồng chí chưa tham gia hội thi nào: thí sinh thấy hội thi mình được đăng ký, giám khảo thấy hội thi được phân công chấm.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Hội thi", "Các hội thi “Bí thư chi bộ giỏi” đồng chí tổ chức, chấm hoặc dự thi.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
