import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireContestAccess, requireContestManager } from "~/contest/access.server";
import { listJudgeRounds } from "~/contest/ballots.server";
import { addRound, advanceContest, deleteRound, listRounds, moveRound, saveTieBreaks, setSigner } from "~/contest/contests.server";
import { ContestActionSchema, SignerSchema, TieBreaksSchema } from "~/contest/forms";
import { recomputeNow } from "~/contest/recompute.server";
import { freezeScoreboard, getOwnStanding, getRoundScoresFor, revealScoreboard } from "~/contest/results.server";
import { RoundForm } from "~/contest/round-fields";
import { CONTEST_STATUSES, contestHeader, roundKindLabel, roundsEditable, statusLabel, roundStatusLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const NEXT_ACTION_LABEL: Record<string, string> = {
  draft: "Mở đăng ký",
  registration: "Bắt đầu thi",
  running: "Kết thúc hội thi",
  finished: "Công bố kết quả",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, contest, manager, judge, contestantId } = await requireContestAccess(request, params.contestId);
  const [rounds, judgeRounds] = await Promise.all([listRounds(contest.id), judge ? listJudgeRounds({ contestId: contest.id, judgeUserId: user.id }) : []]);
  return {
    contest: {
      ...contestHeader(contest),
      rules: contest.rules,
      prizes: contest.prizes,
      status: contest.status,
      statusLabel: statusLabel(contest.status),
      frozenAt: contest.frozenAt ? formatDateTime(contest.frozenAt) : null,
      tieBreaks: contest.tieBreaks,
      signer: { capacity: contest.signerCapacity, title: contest.signerTitle, name: contest.signerName },
    },
    manager,
    editable: manager && roundsEditable(contest.status),
    nextAction: manager ? (NEXT_ACTION_LABEL[contest.status] ?? null) : null,
    // Question counts only for organisers: the set itself is confidential until the round opens.
    rounds: rounds.map((r) => ({
      id: r.id,
      position: r.position,
      name: r.name,
      kind: r.kind,
      kindLabel: roundKindLabel(r.kind),
      maxPoints: r.maxPoints,
      weight: r.weight,
      status: r.status,
      statusLabel: roundStatusLabel(r.status),
      closesAt: r.closesAt ? formatDateTime(r.closesAt) : null,
      detail: manager
        ? r.kind === "knowledge"
          ? `${r.questionCount} câu hỏi`
          : `${r.kind === "situation" ? `${r.situationCount} tình huống · ` : ""}${r.criterionCount} tiêu chí · ${r.judgeCount} giám khảo`
        : null,
    })),
    judgeRounds,
    contestant: contestantId !== null,
    // The contestant's own result once published: rank, total, score per round, certificate.
    mine: contestantId !== null && contest.status === "published" ? await ownResult(contest.id, contestantId, rounds) : null,
    resultsVisible: manager || contest.status === "published",
  };
}

async function ownResult(contestId: number, contestantId: number, rounds: { id: number; name: string }[]) {
  const [standing, scores] = await Promise.all([
    getOwnStanding({ contestId, contestantId }),
    getRoundScoresFor({ contestantIds: [contestantId], ranked: true }),
  ]);
  if (!standing) return null;
  return {
    ...standing,
    contestantId,
    rounds: rounds.map((r) => {
      const s = scores.find((x) => x.roundId === r.id);
      return { id: r.id, name: r.name, score: s?.score ?? null, rank: s?.rank ?? null };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest } = await requireContestManager(request, params.contestId);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: ContestActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const here = `/hoi-thi/${contest.id}`;
  switch (value.intent) {
    case "advance": {
      const result = await advanceContest({ contestId: contest.id, from: value.from });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, `Hội thi chuyển sang trạng thái “${CONTEST_STATUSES[result.status]}”.`);
    }
    case "addRound": {
      const result = await addRound({ contest, round: value });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã thêm vòng thi.");
    }
    case "moveRound": {
      const result = await moveRound({ contest, roundId: value.roundId, direction: value.direction === "-1" ? -1 : 1 });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã đổi thứ tự vòng thi.");
    }
    case "deleteRound": {
      const result = await deleteRound({ contest, roundId: value.roundId });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã xóa vòng thi.");
    }
    case "tieBreaks": {
      const keys = [value.first, value.second].filter((k): k is string => !!k);
      const result = await saveTieBreaks({ contestId: contest.id, keys });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã lưu thứ tự xét khi bằng điểm và tính lại xếp hạng.");
    }
    case "signer":
      await setSigner({ contestId: contest.id, capacity: value.capacity.toUpperCase(), title: value.title.toUpperCase(), name: value.name });
      return redirectWithFlash(request, here, "Đã lưu người ký giấy chứng nhận.");
    case "freeze":
      await freezeScoreboard(contest.id);
      return redirectWithFlash(request, here, "Bảng điểm trình chiếu đã được “đóng băng”.");
    case "reveal":
      await revealScoreboard(contest.id);
      return redirectWithFlash(request, here, "Bảng điểm trình chiếu đã hiện kết quả mới nhất.");
    case "recompute":
      await recomputeNow(contest.id);
      return redirectWithFlash(request, here, "Đã tính lại điểm và xếp hạng.");
  }
}

const BUTTON_INTENTS = ["advance", "moveRound", "deleteRound", "freeze", "reveal", "recompute"];

const formatScore = (value: number) => formatNumber(Math.round(value * 100) / 100);

function tieBreakOptions(rounds: { id: number; name: string; kind: string }[]) {
  return rounds.flatMap((r) => [
    { value: `score:${r.id}`, label: `Điểm vòng “${r.name}” (cao hơn xếp trên)` },
    ...(r.kind === "knowledge" ? [{ value: `time:${r.id}`, label: `Thời gian làm bài vòng “${r.name}” (nhanh hơn xếp trên)` }] : []),
  ]);
}

export default function ContestPage() {
  const { contest, manager, editable, nextAction, rounds, judgeRounds, contestant, mine, resultsVisible } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const options = tieBreakOptions(rounds);
  // One-button forms (advance, reorder, delete, scoreboard) show their refusal at the top of the page.
  const buttonMessages = BUTTON_INTENTS.flatMap((intent) => replyMessages(reply, intent) ?? []);
  return (
    <article className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/hoi-thi">Hội thi</Link>
          </li>
          <li aria-current="page">{contest.name}</li>
        </ol>
      </nav>
      <header className="hero">
        <h1>{contest.name}</h1>
        <p className="muted">
          {contest.level} · {contest.unitName} · {contest.dates}
        </p>
        <p>
          <span className={`badge contest-status-${contest.status}`}>{contest.statusLabel}</span>
          {contest.frozenAt ? <span className="badge badge-warn">Bảng điểm đóng băng từ {contest.frozenAt}</span> : null}
        </p>
        <p className="row">
          {resultsVisible ? (
            <Link to={`/hoi-thi/${contest.id}/ket-qua`} className="button button-secondary">
              Kết quả
            </Link>
          ) : null}
          {contest.status !== "draft" ? (
            <Link to={`/hoi-thi/${contest.id}/bang-diem`} className="button button-secondary">
              Bảng điểm trình chiếu
            </Link>
          ) : null}
          {manager ? (
            <>
              <Link to={`/hoi-thi/${contest.id}/thi-sinh`} className="button button-secondary">
                Thí sinh
              </Link>
              <Link to={`/hoi-thi/${contest.id}/nhat-ky`} className="button button-secondary">
                Nhật ký thay đổi điểm
              </Link>
            </>
          ) : null}
        </p>
      </header>
      <FormErrors errors={buttonMessages} />

      {manager && nextAction ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="advance" />
          <input type="hidden" name="from" value={contest.status} />
          <button type="submit">{nextAction}</button>
        </Form>
      ) : null}

      {mine ? (
        <section className="card next-step" aria-labelledby="mine-title">
          <h2 id="mine-title">Kết quả của đồng chí</h2>
          <p className="own-result">
            Hạng <strong>{mine.rank}</strong>
            {mine.tied ? " (đồng hạng)" : ""} · Tổng điểm <strong>{formatScore(mine.total)}</strong>
            {mine.prize ? (
              <>
                {" "}
                · <strong>{mine.prize}</strong>
              </>
            ) : null}
          </p>
          <ul>
            {mine.rounds.map((r) => (
              <li key={r.id}>
                {r.name}: {r.score === null ? "chưa có điểm" : `${formatScore(r.score)} điểm, hạng ${r.rank}`}
              </li>
            ))}
          </ul>
          {mine.prize ? (
            <p>
              <a className="button" href={`/hoi-thi/${contest.id}/giay-chung-nhan/${mine.contestantId}.pdf`}>
                Tải giấy chứng nhận (PDF)
              </a>
            </p>
          ) : null}
        </section>
      ) : null}

      {judgeRounds.length ? (
        <section className="card" aria-labelledby="judge-title">
          <h2 id="judge-title">Chấm điểm</h2>
          <ul>
            {judgeRounds.map((r) => (
              <li key={r.id}>
                <Link to={`/hoi-thi/${contest.id}/cham/${r.id}`}>Chấm vòng “{r.name}”</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="rounds-title" className="stack">
        <h2 id="rounds-title">Các vòng thi</h2>
        {rounds.length ? (
          <div className="table-wrap">
            <table className="contest-wide stack-sm">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Vòng thi</th>
                  <th scope="col" className="num">
                    Điểm tối đa
                  </th>
                  <th scope="col" className="num">
                    Hệ số
                  </th>
                  <th scope="col">Trạng thái</th>
                  {manager || contestant ? <th scope="col">Thao tác</th> : null}
                </tr>
              </thead>
              <tbody>
                {rounds.map((r, i) => (
                  <tr key={r.id}>
                    <td className="num" data-label="Vòng">
                      {r.position}
                    </td>
                    <td>
                      <strong>{r.name}</strong>
                      <br />
                      <span className="muted small">
                        {r.kindLabel}
                        {r.detail ? ` · ${r.detail}` : ""}
                      </span>
                    </td>
                    <td className="num" data-label="Điểm tối đa">
                      {formatNumber(r.maxPoints)}
                    </td>
                    <td className="num" data-label="Hệ số">
                      {formatNumber(r.weight)}
                    </td>
                    <td data-label="Trạng thái">
                      {r.statusLabel}
                      {r.closesAt && r.status === "open" ? <span className="muted small"> (đến {r.closesAt})</span> : null}
                    </td>
                    {manager ? (
                      <td>
                        <div className="row">
                          <Link to={`/hoi-thi/${contest.id}/vong/${r.id}`}>Quản lý</Link>
                          {editable ? (
                            <>
                              <Form method="post">
                                <input type="hidden" name="intent" value="moveRound" />
                                <input type="hidden" name="roundId" value={r.id} />
                                <input type="hidden" name="direction" value="-1" />
                                <button type="submit" className="button-small secondary" disabled={i === 0} aria-label={`Đưa vòng “${r.name}” lên trước`}>
                                  ↑
                                </button>
                              </Form>
                              <Form method="post">
                                <input type="hidden" name="intent" value="moveRound" />
                                <input type="hidden" name="roundId" value={r.id} />
                                <input type="hidden" name="direction" value="1" />
                                <button
                                  type="submit"
                                  className="button-small secondary"
                                  disabled={i === rounds.length - 1}
                                  aria-label={`Đưa vòng “${r.name}” xuống sau`}
                                >
                                  ↓
                                </button>
                              </Form>
                              <Form method="post">
                                <input type="hidden" name="intent" value="deleteRound" />
                                <input type="hidden" name="roundId" value={r.id} />
                                <button type="submit" className="button-small secondary" aria-label={`Xóa vòng “${r.name}”`}>
                                  Xóa
                                </button>
                              </Form>
                            </>
                          ) : null}
                        </div>
                      </td>
                    ) : contestant ? (
                      <td>
                        {r.kind === "knowledge" && r.status === "open" ? (
                          <Link to={`/hoi-thi/${contest.id}/lam-bai/${r.id}`} className="button button-small">
                            Vào thi
                          </Link>
                        ) : r.kind === "situation" && r.status !== "pending" ? (
                          <Link to={`/hoi-thi/${contest.id}/tinh-huong/${r.id}`} className="button button-small">
                            {r.status === "open" ? "Bốc thăm tình huống" : "Xem tình huống"}
                          </Link>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">Chưa có vòng thi nào.</p>
        )}
      </section>

      {editable ? (
        <section className="card" aria-labelledby="add-round-title">
          <h2 id="add-round-title">Thêm vòng thi</h2>
          <RoundForm intent="addRound" reply={reply} idPrefix="vong-moi" submitLabel="Thêm vòng thi" />
        </section>
      ) : null}

      {manager && rounds.length ? (
        <section className="card" aria-labelledby="tie-title">
          <h2 id="tie-title">Xét thứ hạng khi bằng tổng điểm</h2>
          <p className="muted small">
            Tốc độ không được cộng điểm (trừ khi vòng thi bật điểm tốc độ); thời gian chỉ dùng để xét khi bằng điểm. Nếu vẫn bằng nhau, thí sinh được xếp đồng
            hạng.
          </p>
          <TieBreaksForm reply={reply} options={options} current={contest.tieBreaks} />
        </section>
      ) : null}

      {manager ? (
        <section className="card" aria-labelledby="signer-title">
          <h2 id="signer-title">Người ký giấy chứng nhận</h2>
          <SignerForm reply={reply} signer={contest.signer} />
        </section>
      ) : null}

      {manager && contest.status !== "draft" ? (
        <section className="card" aria-labelledby="board-title">
          <h2 id="board-title">Bảng điểm trình chiếu</h2>
          <div className="row">
            <Form method="post">
              <input type="hidden" name="intent" value={contest.frozenAt ? "reveal" : "freeze"} />
              <button type="submit" className="secondary">
                {contest.frozenAt ? "Công bố (bỏ đóng băng)" : "Đóng băng bảng điểm"}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="recompute" />
              <button type="submit" className="secondary">
                Tính lại điểm
              </button>
            </Form>
          </div>
        </section>
      ) : null}

      {contest.rules ? (
        <section className="card" aria-labelledby="rules-title">
          <h2 id="rules-title">Thể lệ</h2>
          <p className="pre-line">{contest.rules}</p>
        </section>
      ) : null}
      {contest.prizes.length ? (
        <section className="card" aria-labelledby="prize-title">
          <h2 id="prize-title">Cơ cấu giải thưởng</h2>
          <ul>
            {contest.prizes.map((p) => (
              <li key={p.label}>
                {p.label}: {p.count} giải
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

function TieBreaksForm({ reply, options, current }: { reply: IntentReply | undefined; options: { value: string; label: string }[]; current: string[] }) {
  const [form, fields] = useIntentForm("tieBreaks", reply, TieBreaksSchema, { first: current[0] ?? "", second: current[1] ?? "" });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="tieBreaks" />
      <FormErrors errors={form.errors} />
      {(["first", "second"] as const).map((name, i) => (
        <SelectField label={`Tiêu chí phụ thứ ${i + 1}`} errors={fields[name].errors} {...getSelectProps(fields[name])} key={name} id={`tie-${name}`}>
          <option value="">— Không —</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      ))}
      <button type="submit" className="secondary">
        Lưu thứ tự xét
      </button>
    </Form>
  );
}

function SignerForm({ reply, signer }: { reply: IntentReply | undefined; signer: { capacity: string; title: string; name: string } }) {
  const [form, fields] = useIntentForm("signer", reply, SignerSchema, signer);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="signer" />
      <FormErrors errors={form.errors} />
      <Field label="Thẩm quyền ký" errors={fields.capacity.errors} {...getInputProps(fields.capacity, { type: "text" })} id="signer-capacity" />
      <Field label="Chức vụ người ký" errors={fields.title.errors} {...getInputProps(fields.title, { type: "text" })} id="signer-title" />
      <Field label="Họ và tên người ký" errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} id="signer-name" />
      <button type="submit" className="secondary">
        Lưu người ký
      </button>
    </Form>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(data?.contest.name ?? "Hội thi", "Các vòng thi, lịch, thí sinh và kết quả của hội thi “Bí thư chi bộ giỏi”.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
