import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can, canBelowRoot, scopesOf } from "~/auth/permissions";
import { getSessionUser } from "~/auth/session.server";
import { countPendingNominations, getLearnerHome, listSheetsToGrade } from "~/home/next-steps.server";
import { LearnerHome } from "~/home/learner-home";
import { NextStep } from "~/home/next-step";
import { daysLeftLabel } from "~/completion/rules";
import { daysBetween, formatDay, localDate } from "~/utils/dates";
import { currentCampaignId } from "~/completion/dashboard.server";
import { listCampaigns } from "~/completion/campaigns.server";
import { formatNumber } from "~/utils/format";
import { listNominationContests } from "~/contest/nominations.server";
import { pageMeta } from "~/utils/meta";

interface Task {
  to: string;
  title: string;
  text: string;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return { name: null, tasks: [] as Task[], learner: null, sheets: [], nominations: [], nominating: [], campaign: null };
  const tasks: Task[] = [];
  if (can(user, "training.take")) {
    tasks.push(
      { to: "/hoc-tap", title: "Học tập", text: "Học các bài học nghiệp vụ theo chương trình tập huấn của đồng chí." },
      { to: "/luyen-tap", title: "Luyện tập", text: "Thực hành điều hành một buổi sinh hoạt chi bộ qua tình huống." },
      { to: "/kiem-tra", title: "Kiểm tra", text: "Làm bài kiểm tra bài học và bài kiểm tra cuối khóa." },
    );
  }
  if (can(user, "contest.judge")) {
    tasks.push({ to: "/hoi-thi", title: "Chấm thi", text: "Chấm các thí sinh được phân công trong vòng thi đang mở." });
  } else if (can(user, "contest.manage")) {
    tasks.push({ to: "/hoi-thi", title: "Hội thi", text: "Tạo hội thi, vòng thi, bộ câu hỏi; đăng ký thí sinh và phân công giám khảo." });
  } else if (can(user, "contest.view")) {
    tasks.push({ to: "/hoi-thi", title: "Hội thi", text: "Xem các hội thi “Bí thư chi bộ giỏi” đồng chí tham dự." });
  }
  if (canBelowRoot(user, "contest.nominate")) {
    tasks.push({ to: "/hoi-thi/de-cu", title: "Đề cử thí sinh", text: "Đề cử đảng viên của đơn vị dự hội thi cấp trên và xem kết quả duyệt." });
  }
  if (can(user, "report.view")) {
    tasks.push({ to: "/bao-cao", title: "Báo cáo", text: "Theo dõi tỷ lệ cán bộ đã được tập huấn so với chỉ tiêu và thời hạn." });
  }
  if (can(user, "org.manage")) {
    tasks.push({ to: "/quan-tri", title: "Quản trị", text: "Quản lý đơn vị, đảng viên, chức vụ, tài khoản và phân quyền." });
  }
  // Each role's next step, worked out for this person: a learner's whole picture only when learning is
  // their main work (others keep the "Học tập" card and see their own work first).
  const manages = can(user, "contest.judge") || can(user, "contest.manage") || can(user, "report.view") || can(user, "org.manage");
  const reportScopes = scopesOf(user, "report.view");
  const [learner, sheets, nominations, campaigns, nominationContests] = await Promise.all([
    can(user, "training.take") && !manages ? getLearnerHome(user) : null,
    can(user, "contest.judge") ? listSheetsToGrade(user.id) : [],
    countPendingNominations(scopesOf(user, "contest.manage")),
    reportScopes.length ? listCampaigns({ scopes: reportScopes }) : [],
    canBelowRoot(user, "contest.nominate") ? listNominationContests(user) : [],
  ]);
  const current = campaigns.length ? campaigns.find((c) => c.id === currentCampaignId(campaigns)) : undefined;
  return {
    name: user.displayName,
    tasks: learner ? [] : tasks,
    learner,
    sheets,
    nominations,
    nominating: nominationContests
      .filter((c) => c.status === "registration")
      .map((c) => ({ id: c.id, name: c.name, pending: c.pending, accepted: c.accepted })),
    campaign: current
      ? { id: current.id, name: current.name, deadline: formatDay(current.deadlineOn), left: daysLeftLabel(daysBetweenToday(current.deadlineOn)) }
      : null,
  };
}

function daysBetweenToday(day: string) {
  return daysBetween(localDate(new Date()), day);
}

export default function Home() {
  const { name, tasks, learner, sheets, nominations, nominating, campaign } = useLoaderData<typeof loader>();
  if (!name) {
    return (
      <section className="hero stack" aria-labelledby="home-title">
        <h1 id="home-title">Tập huấn nghiệp vụ và Hội thi “Bí thư chi bộ giỏi”</h1>
        <p>
          Nền tảng giúp bí thư, phó bí thư, chi ủy viên và cấp ủy viên cơ sở học nghiệp vụ công tác đảng, thực hành điều hành sinh hoạt chi bộ, làm bài kiểm tra
          và tham dự Hội thi “Bí thư chi bộ giỏi”; giúp Ban Tổ chức theo dõi tiến độ tập huấn của từng đơn vị so với chỉ tiêu.
        </p>
        <p>
          <Link to="/dang-nhap" className="button">
            Đăng nhập
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="home-title" className="stack">
      <h1 id="home-title">Xin chào, {name}</h1>
      {sheets.length ? (
        <NextStep id="grade-title" title="Phiếu điểm cần chấm">
          <ul className="plain-list">
            {sheets.map((s) => (
              <li key={s.roundId}>
                <Link to={`/hoi-thi/${s.contestId}/cham/${s.roundId}`} className="button">
                  Chấm vòng “{s.roundName}”
                </Link>{" "}
                <span>
                  còn {formatNumber(s.todo)}/{formatNumber(s.total)} phiếu chưa chấm · {s.contestName}
                </span>
              </li>
            ))}
          </ul>
        </NextStep>
      ) : null}
      {nominations.length ? (
        <NextStep id="nomination-title" title="Đề cử chờ duyệt">
          <ul>
            {nominations.map((n) => (
              <li key={n.contestId}>
                <Link to={`/hoi-thi/${n.contestId}/thi-sinh`}>
                  {formatNumber(n.pending)} đề cử chờ duyệt · {n.contestName}
                </Link>
              </li>
            ))}
          </ul>
        </NextStep>
      ) : null}
      {nominating.length ? (
        <NextStep id="nominating-title" title="Hội thi đang nhận đề cử">
          <ul className="plain-list">
            {nominating.map((c) => (
              <li key={c.id}>
                <p>
                  {c.name}: đơn vị đã đề cử {formatNumber(c.pending + c.accepted)} người ({formatNumber(c.pending)} chờ duyệt, {formatNumber(c.accepted)} đã
                  chấp nhận).
                </p>
                <Link to={`/hoi-thi/de-cu/${c.id}`} className="button">
                  Đề cử thí sinh
                </Link>
              </li>
            ))}
          </ul>
        </NextStep>
      ) : null}
      {campaign ? (
        <NextStep id="campaign-title" title="Tiến độ tập huấn">
          <p>
            {campaign.name}: hạn hoàn thành {campaign.deadline} ({campaign.left}).
          </p>
          <p>
            <Link to={`/bao-cao?chien-dich=${campaign.id}`} className="button">
              Xem báo cáo tiến độ
            </Link>
          </p>
        </NextStep>
      ) : null}
      {learner ? <LearnerHome data={learner} /> : null}
      {tasks.length ? (
        <>
          <p className="muted">Việc đồng chí có thể làm:</p>
          <ul className="cards" role="list" style={{ listStyle: "none", padding: 0 }}>
            {tasks.map((task) => (
              <li key={task.to + task.title} className="card">
                <h2>
                  <Link to={task.to}>{task.title}</Link>
                </h2>
                <p>{task.text}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {tasks.length === 0 && !learner ? <p>Tài khoản của đồng chí chưa được phân quyền. Vui lòng liên hệ Ban Tổ chức.</p> : null}
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Trang chủ", "Việc tiếp theo của đồng chí: học tập, kiểm tra, luyện tập, hội thi “Bí thư chi bộ giỏi”, sinh hoạt chi bộ và tiến độ tập huấn.");
