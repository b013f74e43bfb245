import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound } from "~/auth/permissions.server";
import { requireContestManager } from "~/contest/access.server";
import { requireId, readFormOrUpload } from "~/utils/request.server";
import { confirmPaperBallot, enterPaperBallot, listRoundBallots, reopenBallot, validateScores, getJudgeRoundSheet } from "~/contest/ballots.server";
import { addCriterion, assignJudge, deleteCriterion, getRound, listCriteria, listJudges, unassignJudge, updateRound } from "~/contest/contests.server";
import { changeQuestionKey, closeKnowledgeRound, openKnowledgeRound } from "~/contest/knowledge-round.server";
import { listRoundQuestionsForOrganiser, MAX_QUESTION_FILE_BYTES, parseQuestionFile, replaceRoundQuestions } from "~/contest/questions.server";
import { RoundFields } from "~/contest/round-fields";
import { CriterionSchema, ReasonSchema, RoundSchema, SituationSchema } from "~/contest/schemas";
import { DrawsSection, SituationsSection } from "~/contest/situation-admin";
import {
  addSituation,
  assignSituation,
  unassignSituation,
  closeSituationRound,
  deleteSituation,
  listContestantChoices,
  listRoundDraws,
  listSituationsForOrganiser,
  openSituationRound,
  updateSituation,
} from "~/contest/situations.server";
import { answerModeLabel, isJudgedRound, roundsEditable, roundStatusLabel, ballotStatusLabel, roundKindLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { formatDateTime } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { IdField } from "~/utils/ids";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  const round = await getRound({ contestId: contest.id, roundId: requireId(params.roundId) });
  if (!round) notFound("Không tìm thấy vòng thi.");
  const judged = isJudgedRound(round.kind);
  const judges = judged ? await listJudges(round.id) : [];
  const situation = round.kind === "situation";
  const written = situation && round.answerMode === "viet";
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
    criteria: judged ? await listCriteria(round.id) : [],
    judges,
    // The organiser's own view of the confidential set (this route is organisers-only).
    questions: judged ? [] : await listRoundQuestionsForOrganiser(round.id),
    ballots: judged ? await listRoundBallots(round.id) : [],
    // Situation rounds: the confidential set, every draw and answer (organisers only, like the question set).
    situations: situation ? await listSituationsForOrganiser(round.id) : [],
    draws: situation
      ? (await listRoundDraws(round.id)).map((d) => ({
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
        }))
      : [],
    situationContestants: situation && round.status !== "closed" ? await listContestantChoices(contest.id) : [],
    // Contestants for paper entry: from the first judge's sheet (same list for every judge).
    contestants:
      judged && judges[0]
        ? (await getJudgeRoundSheet({ roundId: round.id, judgeUserId: judges[0].userId })).map((c) => ({
            id: c.contestantId,
            fullName: c.fullName,
            unitName: c.unitName,
          }))
        : [],
  };
}

const scoreFields = z.record(z.string(), z.unknown());

const ActionSchema = z.discriminatedUnion("intent", [
  RoundSchema.extend({ intent: z.literal("editRound") }),
  CriterionSchema.extend({ intent: z.literal("addCriterion") }),
  z.object({ intent: z.literal("deleteCriterion"), criterionId: IdField }),
  z.object({ intent: z.literal("assignJudge"), username: z.string({ required_error: "Vui lòng nhập tên đăng nhập của giám khảo." }).trim().min(1) }),
  z.object({ intent: z.literal("unassignJudge"), userId: z.string().min(1) }),
  z.object({ intent: z.literal("import"), file: z.instanceof(File, { message: "Vui lòng chọn tệp câu hỏi." }) }),
  z.object({ intent: z.literal("open"), windowMinutes: z.coerce.number().int().min(1).max(1440).optional() }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("changeKey"), questionId: IdField, correct: z.array(z.string()).or(z.string().transform((s) => [s])), reason: ReasonSchema }),
  z.object({ intent: z.literal("reopen"), ballotId: IdField, reason: ReasonSchema }),
  z.object({ intent: z.literal("paperEntry"), judgeUserId: z.string().min(1, "Chọn giám khảo."), contestantId: IdField }),
  z.object({ intent: z.literal("confirm"), ballotId: IdField }),
  SituationSchema.extend({ intent: z.literal("addSituation") }),
  SituationSchema.extend({ intent: z.literal("editSituation"), situationId: IdField }),
  z.object({ intent: z.literal("deleteSituation"), situationId: IdField }),
  z.object({ intent: z.literal("assignSituation"), contestantId: IdField, situationId: IdField }),
  z.object({ intent: z.literal("unassignSituation"), contestantId: IdField }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest, user } = await requireContestManager(request, params.contestId);
  const round = await getRound({ contestId: contest.id, roundId: requireId(params.roundId) });
  if (!round) notFound("Không tìm thấy vòng thi.");
  // Only the question import is multipart: its file is streamed with a per-file limit.
  const formData = await readFormOrUpload(request, { maxFileBytes: MAX_QUESTION_FILE_BYTES });
  const submission = parseWithZod(formData, { schema: ActionSchema });
  if (submission.status !== "success") return data({ ...submission.reply(), report: null, mismatches: null }, { status: 400 });
  const value = submission.value;
  const here = `/hoi-thi/${contest.id}/vong/${round.id}`;
  const fail = (error: string, extra: { report?: string[]; mismatches?: string[] } = {}) =>
    data({ ...submission.reply({ formErrors: [error] }), report: extra.report ?? null, mismatches: extra.mismatches ?? null }, { status: 400 });
  const raw = Object.fromEntries(formData.entries());
  switch (value.intent) {
    case "editRound": {
      const result = await updateRound({ contest, roundId: round.id, round: value });
      return result.ok ? redirectWithFlash(request, here, "Đã lưu vòng thi.") : fail(result.error);
    }
    case "addCriterion": {
      const result = await addCriterion({ contest, roundId: round.id, label: value.label, maxPoints: value.maxPoints });
      return result.ok ? redirectWithFlash(request, here, "Đã thêm tiêu chí.") : fail(result.error);
    }
    case "deleteCriterion": {
      const result = await deleteCriterion({ contest, roundId: round.id, criterionId: value.criterionId });
      return result.ok ? redirectWithFlash(request, here, "Đã xóa tiêu chí.") : fail(result.error);
    }
    case "assignJudge": {
      const result = await assignJudge({ contest, roundId: round.id, username: value.username });
      return result.ok ? redirectWithFlash(request, here, "Đã phân công giám khảo.") : fail(result.error);
    }
    case "unassignJudge":
      await unassignJudge({ roundId: round.id, userId: value.userId });
      return redirectWithFlash(request, here, "Đã bỏ phân công giám khảo.");
    case "import": {
      const report = await parseQuestionFile(value.file);
      if (!report) return fail("Chỉ nhận tệp .xlsx, .csv hoặc .yaml.");
      if (!report.ok) return fail(`Không nhập câu hỏi nào: tệp có ${report.errors.length} lỗi.`, { report: report.errors });
      const result = await replaceRoundQuestions({ contestId: contest.id, roundId: round.id, questions: report.questions, actorId: user.id });
      return result.ok ? redirectWithFlash(request, here, `Đã nhập ${result.count} câu hỏi.`) : fail(result.error);
    }
    case "open": {
      const target = { contestId: contest.id, roundId: round.id, windowMinutes: value.windowMinutes, actorId: user.id };
      const result = round.kind === "situation" ? await openSituationRound(target) : await openKnowledgeRound(target);
      return result.ok
        ? redirectWithFlash(
            request,
            here,
            round.kind === "situation" ? "Vòng thi đã mở: thí sinh có thể bốc thăm tình huống." : "Vòng thi đã mở: thí sinh có thể vào thi.",
          )
        : fail(result.error);
    }
    case "close": {
      const target = { contestId: contest.id, roundId: round.id, actorId: user.id };
      const result = round.kind === "situation" ? await closeSituationRound(target) : await closeKnowledgeRound(target);
      return result.ok ? redirectWithFlash(request, here, `Đã đóng vòng thi (${result.handedIn} bài đang làm được thu).`) : fail(result.error);
    }
    case "addSituation": {
      const result = await addSituation({ contestId: contest.id, roundId: round.id, title: value.title, body: value.body, actorId: user.id });
      return result.ok ? redirectWithFlash(request, here, `Đã thêm tình huống ${result.code}.`) : fail(result.error);
    }
    case "editSituation": {
      const result = await updateSituation({
        contestId: contest.id,
        roundId: round.id,
        situationId: value.situationId,
        title: value.title,
        body: value.body,
        actorId: user.id,
      });
      return result.ok ? redirectWithFlash(request, here, "Đã lưu tình huống.") : fail(result.error);
    }
    case "deleteSituation": {
      const result = await deleteSituation({ contestId: contest.id, roundId: round.id, situationId: value.situationId, actorId: user.id });
      return result.ok ? redirectWithFlash(request, here, "Đã xóa tình huống.") : fail(result.error);
    }
    case "assignSituation": {
      const result = await assignSituation({
        contestId: contest.id,
        roundId: round.id,
        contestantId: value.contestantId,
        situationId: value.situationId,
        actorId: user.id,
      });
      return result.ok ? redirectWithFlash(request, here, "Đã phân công tình huống cho thí sinh.") : fail(result.error);
    }
    case "unassignSituation": {
      const result = await unassignSituation({ contestId: contest.id, roundId: round.id, contestantId: value.contestantId, actorId: user.id });
      return result.ok ? redirectWithFlash(request, here, "Đã bỏ phân công: thí sinh sẽ bốc thăm ngẫu nhiên.") : fail(result.error);
    }
    case "changeKey": {
      const result = await changeQuestionKey({
        contestId: contest.id,
        roundId: round.id,
        questionId: value.questionId,
        correct: value.correct,
        actorId: user.id,
        reason: value.reason,
      });
      return result.ok ? redirectWithFlash(request, here, `Đã đổi đáp án và chấm lại ${result.regraded} bài.`) : fail(result.error);
    }
    case "reopen": {
      const result = await reopenBallot({ ballotId: value.ballotId, roundId: round.id, reason: value.reason, actorId: user.id });
      return result.ok ? redirectWithFlash(request, here, "Đã mở lại phiếu điểm.") : fail(result.error);
    }
    case "paperEntry": {
      const scores = await validateScores({ roundId: round.id, raw: scoreFields.parse(raw) });
      if (!scores.ok) return fail(scores.errors.join(" "));
      const result = await enterPaperBallot({
        roundId: round.id,
        contestantId: value.contestantId,
        judgeUserId: value.judgeUserId,
        scores: scores.scores,
        total: scores.total,
        clerkId: user.id,
      });
      return result.ok ? redirectWithFlash(request, here, "Đã nhập phiếu giấy: chờ người thứ hai nhập lại để xác nhận.") : fail(result.error);
    }
    case "confirm": {
      const scores = await validateScores({ roundId: round.id, raw: scoreFields.parse(raw) });
      if (!scores.ok) return fail(scores.errors.join(" "));
      const result = await confirmPaperBallot({ ballotId: value.ballotId, roundId: round.id, scores: scores.scores, confirmerId: user.id });
      if (result.ok) return redirectWithFlash(request, here, "Đã xác nhận phiếu điểm: hai lần nhập khớp nhau.");
      const labels = scores.criteria.filter((c) => result.mismatches.includes(String(c.id))).map((c) => c.label);
      return fail(result.error, { mismatches: labels });
    }
  }
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
function RoundOpenClose({ status, canOpen, windowHint }: { status: string; canOpen: boolean; windowHint: string }) {
  return (
    <>
      {status === "pending" ? (
        <Form method="post" className="form form-inline">
          <input type="hidden" name="intent" value="open" />
          <Field id="cua-so" name="windowMinutes" label="Cho phép vào thi trong (phút)" hint={windowHint} type="number" min={1} />
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
      <FormErrors errors={actionData?.error?.[""] ?? undefined} />
      {actionData?.report?.length ? (
        <section className="form-errors" aria-labelledby="report-title">
          <h2 id="report-title">Báo cáo kiểm tra tệp câu hỏi</h2>
          <ul>
            {actionData.report.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {actionData?.mismatches?.length ? (
        <p className="form-errors" role="alert">
          Các tiêu chí không khớp: {actionData.mismatches.join(", ")}.
        </p>
      ) : null}

      {editable ? (
        <details className="card">
          <summary>Sửa vòng thi</summary>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="editRound" />
            <RoundFields idPrefix="sua-vong" defaults={round.defaults} />
            <button type="submit">Lưu vòng thi</button>
          </Form>
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
            />
            {round.written ? null : <p className="muted small">Hình thức trình bày trực tiếp: có thể chấm như trước mà không cần mở bốc thăm trên máy.</p>}
          </section>
          <SituationsSection situations={situations} editable={round.status === "pending"} />
          <DrawsSection
            draws={draws}
            situations={situations}
            contestants={situationContestants}
            canAssign={round.status !== "closed"}
            written={round.written}
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
            {editable ? (
              <Form method="post" className="form form-inline">
                <input type="hidden" name="intent" value="addCriterion" />
                <Field id="tieu-chi-ten" name="label" label="Tiêu chí" required />
                <Field id="tieu-chi-diem" name="maxPoints" label="Điểm tối đa" type="number" min={0.25} step="any" required />
                <button type="submit">Thêm tiêu chí</button>
              </Form>
            ) : null}
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
            <Form method="post" className="form form-inline">
              <input type="hidden" name="intent" value="assignJudge" />
              <Field id="giam-khao" name="username" label="Tên đăng nhập giám khảo" required />
              <button type="submit">Phân công</button>
            </Form>
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
              <details className="card">
                <summary>Nhập phiếu chấm giấy (thư ký)</summary>
                <p className="muted small">Phiếu nhập từ giấy chỉ được tính khi một người khác trong ban tổ chức nhập lại đúng các số liệu.</p>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="paperEntry" />
                  <SelectField id="phieu-giam-khao" name="judgeUserId" label="Giám khảo" required>
                    {judges.map((j) => (
                      <option key={j.userId} value={j.userId}>
                        {j.displayName}
                      </option>
                    ))}
                  </SelectField>
                  <SelectField id="phieu-thi-sinh" name="contestantId" label="Thí sinh" required>
                    {contestants.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.fullName} — {c.unitName}
                      </option>
                    ))}
                  </SelectField>
                  <CriterionInputs criteria={criteria} prefix="phieu" />
                  <button type="submit">Lưu phiếu giấy</button>
                </Form>
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

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data?.round.name ?? "Vòng thi"} · Hội thi`, "Thiết lập vòng thi: thời gian, bộ câu hỏi, giám khảo và tiến độ chấm.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
