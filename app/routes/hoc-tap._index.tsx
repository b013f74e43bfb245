import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getLearnerOverview } from "~/training/progress.server";
import { ProgressBar } from "~/training/progress-bar";
import { SearchForm } from "~/training/search-form";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "training.take");
  return getLearnerOverview({ userId: user.id, personId: user.personId });
}

const STATUS_BADGE = {
  not_started: "badge",
  in_progress: "badge badge-warn",
  read: "badge badge-ok",
  completed: "badge badge-ok",
} as const;

export default function LearnPage() {
  const { tracks, continueAt } = useLoaderData<typeof loader>();
  return (
    <div className="learn-page stack">
      <h1>Học tập</h1>
      <SearchForm />
      {continueAt ? (
        <section className="card continue-card" aria-labelledby="tiep-tuc">
          <h2 id="tiep-tuc">{continueAt.started ? "Tiếp tục học" : "Bắt đầu học"}</h2>
          <p>
            <strong>{continueAt.moduleTitle}</strong>
            <br />
            <span className="muted">Phần: {continueAt.sectionTitle}</span>
          </p>
          <Link className="button" to={`/hoc-tap/${continueAt.slug}#${continueAt.sectionId}`}>
            {continueAt.started ? "Học tiếp" : "Bắt đầu"}
          </Link>
        </section>
      ) : (
        <p className="flash" role="status">
          Đồng chí đã đọc xong tất cả các bài học của chương trình.
        </p>
      )}
      {tracks.map((track) => (
        <section key={track.id} className="track" aria-labelledby={`chuong-trinh-${track.id}`}>
          <h2 id={`chuong-trinh-${track.id}`}>{track.title}</h2>
          <p className="muted">
            Dành cho: {track.audience}. Thời lượng tập huấn: {track.days}; học trực tuyến khoảng {track.minutes} phút.
          </p>
          <ProgressBar
            percent={track.modules.length ? Math.round((track.done / track.modules.length) * 100) : 0}
            label={`Đã đọc xong ${track.done}/${track.modules.length} bài học`}
          />
          <ol className="module-list">
            {track.modules.map((m) => (
              <li key={m.slug} className="card module-card">
                <div className="spread">
                  <h3>
                    <Link to={`/hoc-tap/${m.slug}`}>{m.title}</Link>
                  </h3>
                  <span className={STATUS_BADGE[m.state.status]}>{m.state.label}</span>
                </div>
                <p>{m.summary}</p>
                <p className="muted small">Khoảng {m.minutes} phút</p>
                <ProgressBar percent={m.state.percent} label={`Đã đọc ${m.state.done}/${m.state.total} phần`} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Học tập", "Các chuyên đề nghiệp vụ công tác đảng theo chương trình tập huấn của đồng chí, tiến độ từng phần và chỗ học tiếp.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
