import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requirePermission } from "~/auth/permissions.server";
import { getJudgeRoundSheet, listJudgeRounds, submitBallot, validateScores } from "~/contest/ballots.server";
import { getContest, listCriteria } from "~/contest/contests.server";
import { getSituationForJudge } from "~/contest/situations.server";
import { ballotStatusLabel } from "~/contest/vocabulary";
import { formatDateTime, formatNumber } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, requireId } from "~/utils/request.server";
import { parseId } from "~/utils/ids";
import { JudgeBallotSchema } from "~/contest/forms";
import { useIntentForm, type IntentReply } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { pageMeta } from "~/utils/meta";

/** The judge and the round, if the judge is assigned to it (assignment checked in the query). */
async function requireAssignedRound(request: Request, params: { contestId?: string; roundId?: string }) {
  const user = await requirePermission(request, "contest.judge");
  const contestId = requireId(params.contestId);
  const roundId = requireId(params.roundId);
  const rounds = await listJudgeRounds({ contestId, judgeUserId: user.id });
  const round = rounds.find((r) => r.id === roundId);
  if (!round) forbidden("Đồng chí không được phân công chấm vòng thi này.");
  const contest = await getContest(contestId);
  return { user, round, contest: contest! };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, round, contest } = await requireAssignedRound(request, params);
  const sheet = await getJudgeRoundSheet({ roundId: round.id, judgeUserId: user.id });
  const selectedId = parseId(new URL(request.url).searchParams.get("thiSinh"));
  const selected = sheet.find((s) => s.contestantId === selectedId && !s.conflict) ?? null;
  // The drawn situation (and a written answer once handed in) beside the rubric; the query re-checks assignment and conflict.
  const situation =
    selected && round.kind === "situation"
      ? await getSituationForJudge({ roundId: round.id, contestantId: selected.contestantId, judgeUserId: user.id })
      : null;
  return {
    contest: { id: contest.id, name: contest.name, running: contest.status === "running" },
    round: { id: round.id, name: round.name },
    criteria: await listCriteria(round.id),
    sheet: sheet.map((s) => ({
      contestantId: s.contestantId,
      fullName: s.fullName,
      unitName: s.unitName,
      conflict: s.conflict,
      status: s.ballotStatus,
      statusLabel: s.ballotStatus ? ballotStatusLabel(s.ballotStatus) : "Chưa chấm",
      total: s.ballotStatus === "submitted" ? s.total : null,
    })),
    situation: situation
      ? {
          written: situation.answerMode === "viet",
          drawn: situation.drawn,
          handedIn: situation.handedIn,
          code: situation.code,
          title: situation.title,
          body: situation.body,
          answer: situation.answer,
          submittedAt: situation.submittedAt ? formatDateTime(situation.submittedAt) : null,
        }
      : null,
    selected: selected
      ? {
          contestantId: selected.contestantId,
          fullName: selected.fullName,
          unitName: selected.unitName,
          locked: selected.ballotStatus === "submitted" || selected.ballotStatus === "pending_confirmation",
          scores: selected.scores,
        }
      : null,
  };
}

const INTENT = "ballot";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round, contest } = await requireAssignedRound(request, params);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: JudgeBallotSchema });
  if (submission.status !== "success") return invalidInput(INTENT, submission);
  const scores = await validateScores({ roundId: round.id, raw: Object.fromEntries(formData) });
  if (!scores.ok) return refused(INTENT, submission, scores);
  const result = await submitBallot({
    roundId: round.id,
    contestantId: submission.value.contestantId,
    judgeUserId: user.id,
    scores: scores.scores,
    total: scores.total,
  });
  if (!result.ok) return refused(INTENT, submission, result);
  return redirectWithFlash(request, `/hoi-thi/${contest.id}/cham/${round.id}`, `Đã nộp phiếu điểm (tổng ${formatNumber(scores.total)} điểm). Phiếu đã khóa.`);
}

type JudgeSituation = NonNullable<Awaited<ReturnType<typeof loader>>["situation"]>;

/** The contestant's situation and, in a written round, their handed-in answer. */
function SituationPanel({ situation }: { situation: JudgeSituation }) {
  if (!situation.drawn) return <p className="card muted">Thí sinh chưa bốc thăm tình huống trên hệ thống.</p>;
  if (situation.code === null) return <p className="card muted">Thí sinh đang làm bài: bài viết chỉ hiện khi thí sinh đã nộp hoặc hết giờ.</p>;
  return (
    <section className="card situation-text" aria-labelledby="situation-title">
      <h2 id="situation-title">
        Tình huống {situation.code}: {situation.title}
      </h2>
      <p className="pre-line">{situation.body}</p>
      {situation.written ? (
        <>
          <h3>Bài làm của thí sinh</h3>
          <p className="muted small">{situation.submittedAt ? `Nộp lúc ${situation.submittedAt}.` : "Hết giờ: phần đã lưu được tính là bài nộp."}</p>
          <p className="pre-line answer-text">{situation.answer || "(Không có nội dung)"}</p>
        </>
      ) : null}
    </section>
  );
}

export default function JudgePage() {
  const { contest, round, criteria, sheet, selected, situation } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [form, fields] = useIntentForm(INTENT, reply, JudgeBallotSchema);
  return (
    <article className="stack judge-page">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">Chấm {round.name}</li>
        </ol>
      </nav>
      <h1>Chấm điểm: {round.name}</h1>
      {!contest.running ? <p className="badge badge-warn">Hội thi không ở trạng thái đang thi: chưa thể nộp phiếu.</p> : null}
      <div className="judge-grid">
        {selected && situation ? <SituationPanel situation={situation} /> : null}
        {selected ? (
          <section className="card" aria-labelledby="ballot-title">
            <h2 id="ballot-title">Phiếu điểm: {selected.fullName}</h2>
            <p className="muted">{selected.unitName}</p>
            {selected.locked ? (
              <p>Phiếu điểm đã nộp và bị khóa. Chỉ ban tổ chức có thể mở lại, kèm lý do.</p>
            ) : (
              <Form method="post" className="form" {...getFormProps(form)}>
                <FormErrors errors={[...(form.errors ?? []), ...(fields.contestantId.errors ?? [])]} />
                <input type="hidden" name="contestantId" value={selected.contestantId} />
                {criteria.map((c) => (
                  <Field
                    key={c.id}
                    id={`c${c.id}`}
                    name={`c${c.id}`}
                    label={`${c.label} (0–${formatNumber(c.maxPoints)})`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={c.maxPoints}
                    step="0.25"
                    required
                    defaultValue={selected.scores?.[String(c.id)] ?? ""}
                  />
                ))}
                <p className="muted small">Sau khi nộp, phiếu điểm bị khóa.</p>
                <button type="submit">Nộp phiếu điểm</button>
              </Form>
            )}
            <p>
              <Link to={`/hoi-thi/${contest.id}/cham/${round.id}`}>← Danh sách thí sinh</Link>
            </p>
          </section>
        ) : null}
      </div>
      <section aria-labelledby="list-title">
        <h2 id="list-title">Thí sinh</h2>
        <ul className="judge-list">
          {sheet.map((s) => (
            <li key={s.contestantId} className="card">
              <div className="spread">
                <span>
                  <strong>{s.fullName}</strong>
                  <br />
                  <span className="muted small">{s.unitName}</span>
                </span>
                {s.conflict ? (
                  <span className="badge badge-bad">Cùng đơn vị: không được chấm</span>
                ) : (
                  <span className="row">
                    <span className={`badge ${s.status === "submitted" ? "badge-ok" : ""}`}>
                      {s.statusLabel}
                      {s.total !== null ? ` · ${formatNumber(s.total)} điểm` : ""}
                    </span>
                    {s.status === "submitted" || s.status === "pending_confirmation" ? null : (
                      <Link to={`?thiSinh=${s.contestantId}`} className="button button-small" aria-label={`Chấm ${s.fullName}`}>
                        Chấm
                      </Link>
                    )}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`Chấm ${data?.round.name ?? "vòng thi"} · Hội thi`, "Phiếu chấm của giám khảo theo tiêu chí và thang điểm của vòng thi.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
