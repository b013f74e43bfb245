import { Form, Link, useNavigation } from "@remix-run/react";
import { formatPercent } from "~/utils/format";

export interface QuizIntroProps {
  title: string;
  questions: number;
  passPercent: number;
  timeLimitMinutes: number | null;
  attemptsAllowed: number | null;
  used: number;
  bestPercent: number | null;
  passed: boolean;
  openAttemptId: number | null;
  error?: string | undefined;
}

/** The page before a quiz: its rules, the learner's record, and the start (or resume) button. */
export function QuizIntro(props: QuizIntroProps) {
  const navigation = useNavigation();
  const left = props.attemptsAllowed === null ? null : Math.max(0, props.attemptsAllowed - props.used);
  return (
    <section className="card stack quiz-intro" aria-labelledby="intro-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="intro-title">{props.title}</h1>
      <ul>
        <li>{props.questions} câu hỏi, thứ tự câu và lựa chọn được xáo trộn cho mỗi lần làm.</li>
        <li>
          {props.timeLimitMinutes === null
            ? "Không giới hạn thời gian."
            : `Thời gian làm bài: ${props.timeLimitMinutes} phút, tính từ khi bấm “Bắt đầu”. Hết giờ, bài được chấm với các câu trả lời đã lưu.`}
        </li>
        <li>Đạt khi đúng từ {props.passPercent}% trở lên.</li>
        <li>
          {left === null
            ? "Làm lại không giới hạn số lần."
            : `Được làm ${props.attemptsAllowed} lần, đã làm ${props.used} lần, còn ${left} lần; điểm cao nhất được giữ.`}
        </li>
        <li>Câu trả lời được lưu ngay khi chọn; tải lại trang hay mất mạng không làm mất bài.</li>
      </ul>
      {props.bestPercent !== null ? (
        <p>
          Điểm cao nhất của đồng chí: <strong>{formatPercent(props.bestPercent)}</strong> {props.passed ? <span className="badge badge-ok">Đạt</span> : null}
        </p>
      ) : null}
      {props.error ? (
        <p className="form-errors" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.openAttemptId !== null ? (
        <Link className="button" to={`/kiem-tra/bai/${props.openAttemptId}`}>
          Làm tiếp bài đang làm
        </Link>
      ) : left === 0 ? (
        <p className="muted">Đồng chí đã dùng hết số lần làm bài.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" disabled={navigation.state === "submitting"}>
            Bắt đầu làm bài
          </button>
        </Form>
      )}
    </section>
  );
}
