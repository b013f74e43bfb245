import { getFormProps } from "@conform-to/react";
import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { sourceHref, sourceLabel } from "~/training/sources";
import type { DraftCheck, DraftTask } from "./drafting";
import { InlineText, MarkdownView } from "./markdown-view";
import type { ExplainedStep, RunView } from "./run-view.server";
import { DIMENSIONS, DIMENSION_LABELS, type Effects, type Rating } from "./scenario";
import { ChooseSchema, DraftSchema } from "./schemas";

export const MODE_LABELS: Record<string, string> = { practice: "Luyện tập", exam: "Thi thử" };
export const DIFFICULTY_LABELS: Record<number, string> = { 1: "Dễ", 2: "Trung bình", 3: "Khó" };

const RATING_BADGE: Record<Rating, string> = { tot: "badge-ok", kha: "badge-ok", trung_binh: "badge-warn", kem: "badge-bad" };

export function RatingBadge({ rating, label }: { rating: Rating; label: string }) {
  return <span className={`badge ${RATING_BADGE[rating]}`}>{label}</span>;
}

/** The meeting's agenda with the current step marked (aria-current for screen readers). */
export function Agenda({ agenda }: { agenda: RunView["agenda"] }) {
  return (
    <nav aria-label="Chương trình kỳ sinh hoạt" className="practice-agenda card">
      <h2>Chương trình</h2>
      <ol>
        {agenda.map((step) => (
          <li key={step.id} className={`agenda-${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
            <span className="visually-hidden">{step.state === "done" ? "Đã qua: " : step.state === "current" ? "Đang diễn ra: " : "Sắp tới: "}</span>
            {step.title}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function EffectsList({ effects }: { effects: Effects }) {
  return (
    <ul className="effects" aria-label="Tác động của lựa chọn">
      {DIMENSIONS.map((dim) => {
        const v = effects[dim];
        return (
          <li key={dim} className={v > 0 ? "effect-up" : v < 0 ? "effect-down" : "effect-zero"}>
            {DIMENSION_LABELS[dim]}: {v > 0 ? `+${v}` : v}
          </li>
        );
      })}
    </ul>
  );
}

/** Feedback on one choice: good or not, why, the source, the effects. */
export function StepFeedback({ step, heading }: { step: ExplainedStep; heading?: string }) {
  return (
    <div className={`practice-feedback ${step.isBest ? "feedback-best" : "feedback-weak"}`}>
      {heading ? <h3>{heading}</h3> : null}
      <p>
        <strong>{step.isBest ? "Cách xử lý tốt nhất." : "Chưa phải cách xử lý tốt nhất."}</strong> <InlineText text={step.feedback ?? ""} />
      </p>
      {step.source ? (
        <p className="muted small">
          Nguồn: <Link to={sourceHref(step.source)}>{sourceLabel(step.source)}</Link>
        </p>
      ) : null}
      <EffectsList effects={step.effects} />
      {step.bestChoice ? (
        <p className="small">
          <strong>Cách tốt nhất:</strong> <InlineText text={step.bestChoice} />
        </p>
      ) : null}
    </div>
  );
}

export function ChoiceForm({ node, stepIndex, reply }: { node: NonNullable<RunView["node"]>; stepIndex: number; reply: IntentReply | undefined }) {
  const [form] = useIntentForm("choose", reply, ChooseSchema);
  return (
    <Form method="post" className="practice-choices" {...getFormProps(form)}>
      <IntentField intent="choose" />
      <input type="hidden" name="stepIndex" value={stepIndex} />
      <fieldset>
        <legend>Đồng chí, với cương vị bí thư, sẽ làm gì?</legend>
        {node.choices.map((choice) => (
          <div key={choice.id} className="practice-choice">
            <input type="radio" name="choiceId" id={`lua-chon-${choice.id}`} value={choice.id} required />
            <label htmlFor={`lua-chon-${choice.id}`}>
              <InlineText text={choice.text} />
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit">Chọn cách xử lý này</button>
    </Form>
  );
}

export function DraftCheckView({ check }: { check: DraftCheck }) {
  return (
    <div className={`practice-draft-check ${check.ok ? "feedback-best" : "feedback-weak"}`} role="status">
      {check.ok ? (
        <p>
          <strong>Bản nghị quyết đạt yêu cầu:</strong> {check.taskCount} nhiệm vụ cụ thể, đủ người phụ trách và thời hạn, gắn với nhiệm vụ chính trị.
        </p>
      ) : (
        <>
          <p>
            <strong>Bản nghị quyết còn thiếu:</strong>
          </p>
          <ul>
            {check.general.map((g) => (
              <li key={g}>{g[0]?.toUpperCase() + g.slice(1)}.</li>
            ))}
            {check.tasks.map((t) => (
              <li key={t.index}>
                Nhiệm vụ {t.index}: {t.problems.join("; ")}.
              </li>
            ))}
          </ul>
        </>
      )}
      {check.tiesToPoliticalTask ? <p className="small muted">Gắn với nhiệm vụ chính trị qua: {check.matched.map((m) => `“${m}”`).join(", ")}.</p> : null}
    </div>
  );
}

export function DraftForm({
  drafting,
  stepIndex,
  draft,
  exam,
  reply,
}: {
  drafting: NonNullable<NonNullable<RunView["node"]>["drafting"]>;
  stepIndex: number;
  draft: RunView["draft"];
  exam: boolean;
  reply: IntentReply | undefined;
}) {
  // The draft also saves itself through a fetcher on every edit: the browser-side check got in its way (e2e practice journey).
  const [form] = useIntentForm("draft", reply, DraftSchema, undefined, { validateInBrowser: false });
  const formProps = getFormProps(form);
  const rows: DraftTask[] = Array.from({ length: drafting.rows }, (_, i) => draft?.tasks[i] ?? { task: "", owner: "", deadline: "" });
  // With JavaScript the draft is saved a moment after each edit (a reload or another device finds it).
  const autosave = useFetcher<{ saved?: boolean }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [waiting, setWaiting] = useState(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    clearTimeout(timer.current);
    setWaiting(true);
    timer.current = setTimeout(() => {
      setWaiting(false);
      const data = new FormData(form);
      data.set("submitDraft", "check");
      data.set("autosave", "1");
      autosave.submit(data, { method: "post" });
    }, 1200);
  };
  return (
    <Form
      method="post"
      className="practice-draft"
      {...formProps}
      onChange={onChange}
      onSubmit={(event) => {
        clearTimeout(timer.current);
        setWaiting(false);
        formProps.onSubmit(event);
      }}
    >
      <IntentField intent="draft" />
      <input type="hidden" name="stepIndex" value={stepIndex} />
      <p>
        <strong>Nhiệm vụ chính trị của đơn vị trong tháng:</strong> {drafting.politicalTask}
      </p>
      <p className="muted small">
        Ghi ít nhất {drafting.minTasks} nhiệm vụ. Mỗi nhiệm vụ: việc cụ thể và kết quả cần đạt, người phụ trách, thời hạn (dd/mm/yyyy). Bỏ trống các dòng không
        dùng.
      </p>
      {draft?.check ? <DraftCheckView check={draft.check} /> : null}
      <ol className="draft-rows">
        {rows.map((row, i) => (
          <li key={i}>
            <fieldset>
              <legend>Nhiệm vụ {i + 1}</legend>
              <div className="field">
                <label htmlFor={`task-${i}`}>Nội dung nhiệm vụ</label>
                <textarea id={`task-${i}`} name="task" rows={2} defaultValue={row.task} maxLength={500} />
              </div>
              <div className="draft-row-meta">
                <div className="field">
                  <label htmlFor={`owner-${i}`}>Người phụ trách</label>
                  <input id={`owner-${i}`} name="owner" defaultValue={row.owner} maxLength={120} />
                </div>
                <div className="field">
                  <label htmlFor={`deadline-${i}`}>Thời hạn</label>
                  <input id={`deadline-${i}`} name="deadline" defaultValue={row.deadline} placeholder="dd/mm/yyyy" inputMode="numeric" maxLength={10} />
                </div>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <p className="muted small" role="status">
        {waiting || autosave.state !== "idle" ? "Đang lưu bản nháp…" : autosave.data?.saved ? "Đã lưu bản nháp." : ""}
      </p>
      <div className="row">
        {exam ? null : (
          <button type="submit" name="submitDraft" value="check" className="secondary">
            Lưu và kiểm tra
          </button>
        )}
        <button type="submit" name="submitDraft" value="submit">
          Trình nghị quyết và tiếp tục
        </button>
      </div>
    </Form>
  );
}

function PathList({ steps, label }: { steps: ExplainedStep[]; label: string }) {
  return (
    <ol className="practice-path" aria-label={label}>
      {steps.map((step, i) => (
        <li key={`${step.nodeId}-${i}`} className={step.isBest ? "path-best" : "path-weak"}>
          <span className="muted small">{step.step}</span>
          <br />
          {step.drafting ? <em>Soạn nghị quyết</em> : <InlineText text={step.choice ?? ""} />}
        </li>
      ))}
    </ol>
  );
}

export function Report({ view }: { view: RunView }) {
  const report = view.report;
  if (!report) return null;
  return (
    <div className="practice-report stack">
      <section className="card" aria-labelledby="ket-qua">
        <h2 id="ket-qua">Kết quả</h2>
        <p className="practice-overall">
          Xếp loại: <RatingBadge rating={report.rating} label={report.ratingLabel} /> <strong>{report.percent}%</strong> so với đường xử lý tốt nhất
        </p>
        {/* Focusable so that keyboard users can scroll it sideways on a phone. */}
        <div className="table-wrap" role="region" aria-label="Điểm theo từng tiêu chí (cuộn ngang để xem hết)" tabIndex={0}>
          <table>
            <caption>Điểm theo từng tiêu chí</caption>
            <thead>
              <tr>
                <th scope="col">Tiêu chí</th>
                <th scope="col" className="num">
                  Điểm của đồng chí
                </th>
                <th scope="col" className="num">
                  Đường tốt nhất
                </th>
                <th scope="col" className="num">
                  Tỷ lệ
                </th>
              </tr>
            </thead>
            <tbody>
              {report.dimensions.map((d) => (
                <tr key={d.key}>
                  <th scope="row">{d.label}</th>
                  <td className="num">{d.total}</td>
                  <td className="num">{d.best}</td>
                  <td className="num">{d.percent}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Thang xếp loại (ví dụ theo bài học Đánh giá chất lượng sinh hoạt, không phải quy định):{" "}
          {report.scale
            .map((s, i) => `${s.label} ${i === report.scale.length - 1 ? `dưới ${report.scale[i - 1]?.minPercent ?? 0}%` : `từ ${s.minPercent}%`}`)
            .join("; ")}
          .
        </p>
        <MarkdownView blocks={report.endNarrative} />
      </section>
      {report.violations.length ? (
        <section className="card callout callout-warning" aria-labelledby="trai-nguyen-tac">
          <h2 id="trai-nguyen-tac">Lựa chọn trái nguyên tắc</h2>
          <p>
            {report.capped
              ? `Vì có lựa chọn dưới đây, kết quả không được xếp trên mức ${report.capLabel}, dù điểm cộng đạt ${report.percent}%: một kỳ sinh hoạt chỉ tốt khi các yêu cầu then chốt được bảo đảm.`
              : `Lựa chọn dưới đây trái nguyên tắc; một lựa chọn như vậy làm kết quả không được xếp trên mức ${report.capLabel}.`}
          </p>
          <ul>
            {report.violations.map((v, i) => (
              <li key={`${v.nodeId}-${i}`}>
                <span className="muted small">{v.step}</span>
                <br />
                <strong>
                  <InlineText text={v.choice} />
                </strong>
                : {v.reason} (Nguồn: <Link to={sourceHref(v.source)}>{sourceLabel(v.source)}</Link>)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="duong-di">
        <h2 id="duong-di">Đường đi của đồng chí và đường tốt nhất</h2>
        <div className="practice-paths">
          <div>
            <h3>Đồng chí đã chọn</h3>
            <PathList steps={view.path} label="Đường đi của đồng chí" />
          </div>
          <div>
            <h3>Đường xử lý tốt nhất</h3>
            <PathList steps={report.bestPath} label="Đường xử lý tốt nhất" />
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="nhan-xet">
        <h2 id="nhan-xet">Nhận xét từng bước</h2>
        <ol className="practice-steps">
          {view.path.map((step, i) =>
            step.drafting ? (
              <li key={i}>
                <h3>{step.step}: soạn nghị quyết</h3>
                {view.draft?.check ? <DraftCheckView check={view.draft.check} /> : null}
                {view.draft ? <DraftTable tasks={view.draft.tasks} /> : null}
              </li>
            ) : (
              <li key={i}>
                <h3>{step.step}</h3>
                <p>
                  <strong>Đồng chí chọn:</strong> <InlineText text={step.choice ?? ""} />
                </p>
                <StepFeedback step={step} />
              </li>
            ),
          )}
        </ol>
      </section>
      <section className="card" aria-labelledby="on-tap">
        <h2 id="on-tap">Nên ôn lại</h2>
        <ul>
          {report.review.map((r) => (
            <li key={r.href}>
              <Link to={r.href}>{r.title}</Link> <span className="muted small">{r.why}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function DraftTable({ tasks }: { tasks: DraftTask[] }) {
  const written = tasks.filter((t) => t.task.trim() || t.owner.trim() || t.deadline.trim());
  if (!written.length) return <p className="muted">Chưa ghi nhiệm vụ nào.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Nghị quyết đồng chí đã soạn (cuộn ngang để xem hết)" tabIndex={0}>
      <table>
        <caption>Nghị quyết đồng chí đã soạn</caption>
        <thead>
          <tr>
            <th scope="col">Nhiệm vụ</th>
            <th scope="col">Người phụ trách</th>
            <th scope="col">Thời hạn</th>
          </tr>
        </thead>
        <tbody>
          {written.map((t, i) => (
            <tr key={i}>
              <td>{t.task}</td>
              <td>{t.owner}</td>
              <td>{t.deadline}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
