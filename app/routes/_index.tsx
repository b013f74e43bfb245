import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can, canBelowRoot } from "~/auth/permissions";
import { getSessionUser } from "~/auth/session.server";

interface Task {
  to: string;
  title: string;
  text: string;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return { name: null, tasks: [] as Task[] };
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
    tasks.push({ to: "/hoi-thi", title: "Hội thi", text: "Xem các hội thi “Bí thư chi bộ giỏi” bạn tham dự." });
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
  return { name: user.displayName, tasks };
}

export default function Home() {
  const { name, tasks } = useLoaderData<typeof loader>();
  if (!name) {
    return (
      <section className="hero stack" aria-labelledby="home-title">
        <h1 id="home-title">Tập huấn nghiệp vụ và Hội thi “Bí thư chi bộ giỏi”</h1>
        <p>
          Nền tảng giúp bí thư, phó bí thư, chi ủy viên và cấp ủy viên cơ sở học nghiệp vụ công tác đảng, thực hành điều hành
          sinh hoạt chi bộ, làm bài kiểm tra và tham dự Hội thi “Bí thư chi bộ giỏi”; giúp Ban Tổ chức theo dõi tiến độ tập
          huấn của từng đơn vị so với chỉ tiêu.
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
      <p className="muted">Việc bạn có thể làm tiếp theo:</p>
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
      {tasks.length === 0 ? <p>Tài khoản của bạn chưa được phân quyền. Vui lòng liên hệ Ban Tổ chức.</p> : null}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Trang chủ · Bí thư chi bộ giỏi" }];
