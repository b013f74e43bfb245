import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/permissions.server";
import { requireContestManager } from "~/contest/access.server";
import { getJudgeRoundSheet, listRoundBallots } from "~/contest/ballots.server";
import { getRound, listCriteria, listJudges } from "~/contest/contests.server";
import { AddCriterionSchema, AssignJudgeSchema, OpenRoundSchema, PaperEntrySchema, RoundActionSchema } from "~/contest/forms";
import { listRoundQuestionsForOrganiser, MAX_QUESTION_FILE_BYTES } from "~/contest/questions.server";
import { runRoundCommand } from "~/contest/round-admin.server";
import { RoundForm } from "~/contest/round-fields";
import { DrawsSection, SituationsSection } from "~/contest/situation-admin";
import { listContestantChoices, listRoundDraws, listSituationsForOrganiser } from "~/contest/situations.server";
import { answerModeLabel, isJudgedRound, roundsEditable, roundStatusLabel, ballotStatusLabel, roundKindLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { formatDateTime } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageMeta } from "~/utils/meta";
import { readFormOrUpload, requireId } from "~/utils/request.server";

/** Forms repeated per row (or one-button forms): their refusals show at the top of the page. */
const PAGE_LEVEL_INTENTS = [
  "deleteCriterion",
  "unassignJudge",
  "import",
  "close",
  "changeKey",
  "reopen",
  "confirm",
  "editSituation",
  "deleteSituation",
  "unassignSituation",
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  const round = await getRound({ contestId: contest.id, roundId: requireId(params.roundId) });
  if (!round) notFound("Không tìm thấy vòng thi.");
  const judged = isJudgedRound(round.kind);
  const situation = round.kind === "situation";
  const written = situation && round.answerMode === "viet";
  // Independent reads of the round's parts, together; a kind's parts are read only for that kind.
  const [judges, criteria, questions, ballots, situations, draws, situationContestants] = await Promise.all([
    judged ? listJudges(round.id) : [],
    judged ? listCriteria(round.id) : [],
    // The organiser's own view of the confidential set (this route is organisers-only).
    judged ? [] : listRoundQuestionsForOrganiser(round.id),
    judged ? listRoundBallots(round.id) : [],
    // Situation rounds: the confidential set, every draw and answer (organisers only, like the question set).
    situation ? listSituationsForOrganiser(round.id) : [],
    situation ? listRoundDraws(round.id) : [],
    situation && round.status !== "closed" ? listContestantChoices(contest.id) : [],
  ]);
  // Contestants for paper entry: from the first judge's sheet (same list for every judge).
  const sheet = judged && judges[0] ? await getJudgeRoundSheet({ roundId: round.id, judgeUserId: judges[0].userId }) : [];
  return {
    contest: { id: contest.id, name: contest.name, status: contest.status },
    round: {
      id: round.id,
      name: round.name,
      kind: round.kind,
      kindLabel: roundKindLabel(round.kind),
      answerModeLabel: situation ? answerModeLabel(round.answerMode) : null,
      written,
      status: round.status,
      statusLabel: roundStatusLabel(round.status),
      closesAt: round.closesAt ? formatDateTime(round.closesAt) : null,
      defaults: {
        kind: round.kind,
        name: round.name,
        maxPoints: round.maxPoints,
        weight: round.weight,
        dropExtremesFrom: round.dropExtremesFrom,
        speedBonus: round.speedBonus,
        timeLimitMinutes: round.timeLimitMinutes,
        answerMode: round.answerMode,
      },
    },
    editable: roundsEditable(contest.status),
    running: contest.status === "running",
    criteria,
    judges,
    questions,
    ballots,
    situations,
    draws: draws.map((d) => ({
      id: d.id,
      contestantId: d.contestantId,
      fullName: d.fullName,
      unitName: d.unitName,
      code: d.code,
      title: d.title,
      assigned: d.assigned,
      status: !d.drawnAt
        ? "Đã phân công, chưa bốc thăm"
        : !written
          ? "Đã bốc thăm"
          : d.handedIn
            ? d.submittedAt
              ? "Đã nộp (khóa)"
              : "Hết giờ (khóa)"
            : "Đang làm bài",
      drawnAt: d.drawnAt ? formatDateTime(d.drawnAt) : null,
      submittedAt: d.submittedAt ? formatDateTime(d.submittedAt) : null,
      answer: written && d.drawnAt ? d.answer : null,
    })),
    situationContestants,
    contestants: sheet.map((c) => ({ id: c.contestantId, fullName: c.fullName, unitName: c.unitName })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest, user } = await requireContestManager(request, params.contestId);
  const round = await getRound({ contestId: contest.id, roundId: requireId(params.roundId) });
  if (!round) notFound("Không tìm thấy vòng thi.");
  // Only the question import is multipart: its file is streamed with a per-file limit.
  const formData = await readFormOrUpload(request, { maxFileBytes: MAX_QUESTION_FILE_BYTES });
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: RoundActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const result = await runRoundCommand({ contest, round, user }, submission.value, formData);
  if (result.ok) return redirectWithFlash(request, `/hoi-thi/${contest.id}/vong/${round.id}`, result.flash);
  const reply = refused(intent, submission, result);
  // The import's line report and the criteria a paper confirmation did not match go with the refusal.
  return data({ ...reply.data, report: result.report ?? null, mismatches: result.mismatches ?? null }, { status: 400 });
}

function CriterionInputs({ criteria, prefix }: { criteria: { id: number; label: string; maxPoints: number }[]; prefix: string }) {
  return (
    <div className="form-grid-2">
      {criteria.map((c) => (
        <Field
          key={c.id}
          id={`${prefix}-c${c.id}`}
          name={`c${c.id}`}
          label={`${c.label} (tối đa ${c.maxPoints})`}
          type="number"
          inputMode="decimal"
          min={0}
          max={c.maxPoints}
          step="0.25"
          required
        />
      ))}
    </div>
  );
}

/** Open (pending) or close (open) a timed round; knowledge and situation rounds share it. */
function RoundOpenClose({ status, canOpen, windowHint, reply }: { status: string; canOpen: boolean; windowHint: string; reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("open", reply, OpenRoundSchema);
  return (
    <>
      {status === "pending" ? (
        <Form method="post" className="form form-inline" {...getFormProps(form)}>
          <IntentField intent="open" />
          <FormErrors errors={form.errors} />
          <Field
            label="Cho phép vào thi trong (phút)"
            hint={windowHint}
            errors={fields.windowMinutes.errors}
            {...getInputProps(fields.windowMinutes, { type: "number" })}
            id="cua-so"
          />
          <button type="submit" disabled={!canOpen}>
            Mở vòng thi
          </button>
        </Form>
      ) : status === "open" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="close" />
          <button type="submit">Đóng vòng thi và thu bài</button>
        </Form>
      ) : (
        <p>Vòng thi đã đóng.</p>
      )}
      {!canOpen && status === "pending" ? <p className="muted small">Chỉ mở được khi hội thi ở trạng thái “Đang thi” và vòng thi đã có nội dung thi.</p> : null}
    </>
  );
}

export default function RoundPage() {
  const { contest, round, editable, running, criteria, judges, questions, ballots, contestants, situations, draws, situationContestants } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData as IntentReply | undefined;
  // A refusal may carry the import's line report or the criteria a confirmation did not match.
  const { report, mismatches } = (actionData ?? {}) as { report?: string[] | null; mismatches?: string[] | null };
  const judged = round.kind !== "knowledge";
  return (
    <article className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/hoi-thi">Hội thi</Link>
          </li>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">{round.name}</li>
        </ol>
      </nav>
      <h1>{round.name}</h1>
      <p>
        {round.kindLabel}
        {round.answerModeLabel ? ` (${round.answerModeLabel.toLowerCase()})` : ""} · <span className="badge">{round.statusLabel}</span>
        {round.closesAt && round.status === "open" ? <span className="muted"> · đóng lúc {round.closesAt}</span> : null}
      </p>
      <FormErrors errors={PAGE_LEVEL_INTENTS.flatMap((intent) => replyMessages(reply, intent) ?? [])} />
      {report?.length ? (
        <section className="form-errors" aria-labelledby="report-title">
          <h2 id="report-title">Báo cáo kiểm tra tệp câu hỏi</h2>
          <ul>
            {report.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {mismatches?.length ? (
        <p className="form-errors" role="alert">
          Các tiêu chí không khớp: {mismatches.join(", ")}.
        </p>
      ) : null}

      {editable ? (
        <details className="card" open={reply?.intent === "editRound"}>
          <summary>Sửa vòng thi</summary>
          <RoundForm intent="editRound" reply={reply} idPrefix="sua-vong" defaults={round.defaults} submitLabel="Lưu vòng thi" />
        </details>
      ) : null}

      {round.kind === "situation" ? (
        <>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title">Tổ chức bốc thăm</h2>
            <RoundOpenClose
              status={round.status}
              canOpen={running && situations.length > 0}
              windowHint="Để trống: thời gian mở bằng thời gian làm bài. Mỗi thí sinh có đủ thời gian làm bài kể từ lúc bốc thăm, không quá giờ đóng."
              reply={reply}
            />
            {round.written ? null : <p className="muted small">Hình thức trình bày trực tiếp: có thể chấm như trước mà không cần mở bốc thăm trên máy.</p>}
          </section>
          <SituationsSection situations={situations} editable={round.status === "pending"} reply={reply} />
          <DrawsSection
            draws={draws}
            situations={situations}
            contestants={situationContestants}
            canAssign={round.status !== "closed"}
            written={round.written}
            reply={reply}
          />
        </>
      ) : null}

      {judged ? (
        <>
          <section className="card" aria-labelledby="rubric-title">
            <h2 id="rubric-title">Thang điểm (tiêu chí chấm)</h2>
            {criteria.length ? (
              <ol>
                {criteria.map((c) => (
                  <li key={c.id} className="spread">
                    <span>
                      {c.label}: tối đa {c.maxPoints} điểm
                    </span>
                    {editable ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="deleteCriterion" />
                        <input type="hidden" name="criterionId" value={c.id} />
                        <button type="submit" className="button-small secondary" aria-label={`Xóa tiêu chí ${c.label}`}>
                          Xóa
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">Chưa có tiêu chí.</p>
            )}
            {editable ? <AddCriterionForm reply={reply} /> : null}
          </section>

          <section className="card" aria-labelledby="judges-title">
            <h2 id="judges-title">Giám khảo</h2>
            <p className="muted small">
              Giám khảo không được chấm thí sinh cùng đơn vị trực thuộc (ngay dưới đơn vị tổ chức hội thi) với mình; hệ thống tự chặn.
            </p>
            <ul>
              {judges.map((j) => (
                <li key={j.userId} className="spread">
                  <span>
                    {j.displayName} ({j.username})
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="unassignJudge" />
                    <input type="hidden" name="userId" value={j.userId} />
                    <button type="submit" className="button-small secondary" aria-label={`Bỏ phân công ${j.displayName}`}>
                      Bỏ
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <AssignJudgeForm reply={reply} />
          </section>

          <section aria-labelledby="ballots-title" className="stack">
            <h2 id="ballots-title">Phiếu điểm</h2>
            {ballots.length ? (
              <div className="table-wrap">
                <table className="contest-wide">
                  <thead>
                    <tr>
                      <th scope="col">Thí sinh</th>
                      <th scope="col">Giám khảo</th>
                      <th scope="col">Tổng</th>
                      <th scope="col">Trạng thái</th>
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ballots.map((b) => (
                      <tr key={b.id}>
                        <td>{b.fullName}</td>
                        <td>{b.judgeName}</td>
                        <td>{b.status === "pending_confirmation" ? "—" : b.total}</td>
                        <td>
                          {ballotStatusLabel(b.status)}
                          {b.status === "pending_confirmation" ? <span className="muted small"> (nhập bởi {b.enteredByName})</span> : null}
                        </td>
                        <td>
                          {b.status === "submitted" ? (
                            <Form method="post" className="form-inline">
                              <input type="hidden" name="intent" value="reopen" />
                              <input type="hidden" name="ballotId" value={b.id} />
                              <Field id={`ly-do-${b.id}`} name="reason" label="Lý do mở lại" required />
                              <button type="submit" className="button-small secondary">
                                Mở lại
                              </button>
                            </Form>
                          ) : b.status === "pending_confirmation" ? (
                            <details>
                              <summary>Nhập lại để xác nhận</summary>
                              <Form method="post" className="form">
                                <input type="hidden" name="intent" value="confirm" />
                                <input type="hidden" name="ballotId" value={b.id} />
                                <CriterionInputs criteria={criteria} prefix={`xac-nhan-${b.id}`} />
                                <button type="submit" className="button-small">
                                  Xác nhận
                                </button>
                              </Form>
                            </details>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted">Chưa có phiếu điểm.</p>
            )}
            {running && judges.length && criteria.length ? (
              <details className="card" open={reply?.intent === "paperEntry"}>
                <summary>Nhập phiếu chấm giấy (thư ký)</summary>
                <p className="muted small">Phiếu nhập từ giấy chỉ được tính khi một người khác trong ban tổ chức nhập lại đúng các số liệu.</p>
                <PaperEntryForm reply={reply} judges={judges} contestants={contestants} criteria={criteria} />
              </details>
            ) : null}
          </section>
        </>
      ) : (
        <>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title">Tổ chức thi</h2>
            <RoundOpenClose
              status={round.status}
              canOpen={running && questions.length > 0}
              windowHint="Để trống: mọi thí sinh bắt đầu cùng lúc và kết thúc sau thời gian làm bài."
              reply={reply}
            />
          </section>
          <section className="card" aria-labelledby="import-title">
            <h2 id="import-title">Bộ câu hỏi (bảo mật)</h2>
            <p className="muted small">Chỉ ban tổ chức xem được bộ câu hỏi trước khi vòng thi mở; thí sinh chỉ thấy từng câu trong bài làm của mình.</p>
            {round.status === "pending" ? (
              <Form method="post" encType="multipart/form-data" className="form form-inline">
                <input type="hidden" name="intent" value="import" />
                <Field id="tep-cau-hoi" name="file" label="Tệp câu hỏi (.xlsx hoặc .yaml)" type="file" accept=".xlsx,.csv,.yaml,.yml" required />
                <button type="submit">Nhập câu hỏi</button>
                <a href="/hoi-thi/mau-cau-hoi.xlsx" download>
                  Tải tệp mẫu (.xlsx)
                </a>
              </Form>
            ) : null}
            {questions.length ? (
              <ol className="question-admin-list">
                {questions.map((q) => (
                  <li key={q.id}>
                    <p>
                      <strong>{q.code}</strong>: {q.stem}
                    </p>
                    <Form method="post" className="form">
                      <input type="hidden" name="intent" value="changeKey" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <fieldset>
                        <legend className="small">Đáp án đúng</legend>
                        {q.options.map((o) => (
                          <label key={o.id} className="choice">
                            <input type={q.type === "multiple" ? "checkbox" : "radio"} name="correct" value={o.id} defaultChecked={q.correct.includes(o.id)} />{" "}
                            {o.id.toUpperCase()}. {o.text}
                          </label>
                        ))}
                      </fieldset>
                      {round.status !== "pending" ? (
                        <div className="form-inline">
                          <Field id={`ly-do-dap-an-${q.id}`} name="reason" label="Lý do đổi đáp án" required />
                          <button type="submit" className="button-small secondary">
                            Đổi đáp án và chấm lại
                          </button>
                        </div>
                      ) : null}
                    </Form>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">Chưa có câu hỏi.</p>
            )}
          </section>
        </>
      )}
    </article>
  );
}

function AddCriterionForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("addCriterion", reply, AddCriterionSchema);
  return (
    <Form method="post" className="form form-inline" {...getFormProps(form)}>
      <IntentField intent="addCriterion" />
      <FormErrors errors={form.errors} />
      <Field label="Tiêu chí" errors={fields.label.errors} {...getInputProps(fields.label, { type: "text" })} id="tieu-chi-ten" />
      <Field label="Điểm tối đa" errors={fields.maxPoints.errors} {...getInputProps(fields.maxPoints, { type: "number" })} step="any" id="tieu-chi-diem" />
      <button type="submit">Thêm tiêu chí</button>
    </Form>
  );
}

function AssignJudgeForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("assignJudge", reply, AssignJudgeSchema);
  return (
    <Form method="post" className="form form-inline" {...getFormProps(form)}>
      <IntentField intent="assignJudge" />
      <FormErrors errors={form.errors} />
      <Field label="Tên đăng nhập giám khảo" errors={fields.username.errors} {...getInputProps(fields.username, { type: "text" })} id="giam-khao" />
      <button type="submit">Phân công</button>
    </Form>
  );
}

/** The criterion scores are checked on the server against the rubric; the inputs carry its bounds. */
function PaperEntryForm({
  reply,
  judges,
  contestants,
  criteria,
}: {
  reply: IntentReply | undefined;
  judges: { userId: string; displayName: string }[];
  contestants: { id: number; fullName: string; unitName: string }[];
  criteria: { id: number; label: string; maxPoints: number }[];
}) {
  const [form, fields] = useIntentForm("paperEntry", reply, PaperEntrySchema);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="paperEntry" />
      <FormErrors errors={form.errors} />
      <SelectField label="Giám khảo" errors={fields.judgeUserId.errors} {...getSelectProps(fields.judgeUserId)} id="phieu-giam-khao">
        {judges.map((j) => (
          <option key={j.userId} value={j.userId}>
            {j.displayName}
          </option>
        ))}
      </SelectField>
      <SelectField label="Thí sinh" errors={fields.contestantId.errors} {...getSelectProps(fields.contestantId)} id="phieu-thi-sinh">
        {contestants.map((c) => (
          <option key={c.id} value={c.id}>
            {c.fullName} — {c.unitName}
          </option>
        ))}
      </SelectField>
      <CriterionInputs criteria={criteria} prefix="phieu" />
      <button type="submit">Lưu phiếu giấy</button>
    </Form>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data?.round.name ?? "Vòng thi"} · Hội thi`, "Thiết lập vòng thi: thời gian, bộ câu hỏi, giám khảo và tiến độ chấm.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
