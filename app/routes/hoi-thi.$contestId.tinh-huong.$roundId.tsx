import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { parseWithZod } from "@conform-to/zod";
import { forbidden, notFound } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import { Countdown } from "~/contest/countdown";
import { SituationAnswerActionSchema } from "~/contest/forms";
import { ANSWER_MAX_CHARS } from "~/contest/schemas";
import { replyMessages, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { drawSituation, getContestantSituation, saveSituationAnswer, submitSituationAnswer } from "~/contest/situations.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { formatDateTime, formatNumber } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

/** The registered contestant and their view of the round (their own draw only). */
async function requireContestant(request: Request, params: { contestId?: string; roundId?: string }) {
  const access = await requireContestAccess(request, params.contestId);
  if (access.contestantId === null) forbidden("Chỉ thí sinh của hội thi mới bốc thăm tình huống.");
  const roundId = requireId(params.roundId);
  const state = await getContestantSituation({ contestId: access.contest.id, roundId, contestantId: access.contestantId });
  if (!state) notFound("Không tìm thấy vòng xử lý tình huống.");
  return { contest: access.contest, contestantId: access.contestantId, state };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, state } = await requireContestant(request, params);
  const { round, draw } = state;
  return {
    contest: { id: contest.id, name: contest.name },
    round: {
      id: round.id,
      name: round.name,
      status: round.status,
      written: round.answerMode === "viet",
      timeLimitMinutes: round.timeLimitMinutes,
      closesAt: round.closesAt ? formatDateTime(round.closesAt) : null,
    },
    draw: draw
      ? {
          code: draw.code,
          title: draw.title,
          body: draw.body,
          answer: draw.answer,
          handedIn: draw.handedIn,
          submittedAt: draw.submittedAt ? formatDateTime(draw.submittedAt) : null,
          deadline: draw.deadline.toISOString(),
          deadlineText: formatDateTime(draw.deadline),
          serverNow: draw.serverNow.toISOString(),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest, contestantId, state } = await requireContestant(request, params);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: SituationAnswerActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const target = { roundId: state.round.id, contestantId };
  const here = `/hoi-thi/${contest.id}/tinh-huong/${state.round.id}`;
  switch (value.intent) {
    case "draw": {
      const result = await drawSituation({ contestId: contest.id, ...target });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, result.already ? "Đồng chí đã bốc thăm tình huống này." : "Đã bốc thăm tình huống.");
    }
    case "save": {
      const result = await saveSituationAnswer({ ...target, answer: value.answer });
      if (!result.ok) return refused(intent, submission, result);
      return { intent, savedAt: result.savedAt.toISOString() };
    }
    case "submit": {
      const result = await submitSituationAnswer({ ...target, answer: value.answer });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(
        request,
        here,
        result.already ? "Bài làm đã được nộp trước đó." : "Đã nộp bài. Bài làm đã khóa và được chuyển đến Ban Giám khảo.",
      );
    }
  }
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

/** The refusals in an answer of this route (bad input or a refused command), for the page. */
function refusalsOf(reply: ActionData) {
  const intentReply = reply && "result" in reply ? (reply as IntentReply) : undefined;
  return ["draw", "save", "submit"].flatMap((intent) => replyMessages(intentReply, intent) ?? []);
}

function savedAtOf(reply: ActionData) {
  return reply && "savedAt" in reply ? reply.savedAt : null;
}

/** An autosave changes nothing the page shows: no reload of the page data after it. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "save" ? false : defaultShouldRevalidate;
}

const AUTOSAVE_DELAY_MS = 1500;

function AnswerForm({ answer, deadline, serverNow, deadlineText }: { answer: string; deadline: string; serverNow: string; deadlineText: string }) {
  const actionData = useActionData<typeof action>();
  const autosave = useFetcher<typeof action>();
  const [length, setLength] = useState(answer.length);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const savedAt = savedAtOf(autosave.data) ?? savedAtOf(actionData);
  const autosaveErrors = refusalsOf(autosave.data);
  const errors = autosaveErrors.length ? autosaveErrors : refusalsOf(actionData);
  function onInput(event: FormEvent<HTMLTextAreaElement>) {
    const text = event.currentTarget.value;
    setLength(text.length);
    clearTimeout(timer.current);
    // Debounced: one save per pause in typing, not one per keystroke.
    timer.current = setTimeout(() => autosave.submit({ intent: "save", answer: text }, { method: "post" }), AUTOSAVE_DELAY_MS);
  }
  return (
    <Form method="post" className="stack" onSubmit={() => clearTimeout(timer.current)}>
      <div className="take-round-bar">
        <Countdown deadline={deadline} serverNow={serverNow} />
        <p className="muted small" aria-live="polite">
          {savedAt ? `Đã lưu lúc ${new Date(savedAt).toLocaleTimeString("vi-VN")}` : `Hạn nộp: ${deadlineText}. Bài làm được lưu tự động.`}
        </p>
      </div>
      <FormErrors errors={errors} />
      <div className="field">
        <label htmlFor="answer">Bài làm của đồng chí</label>
        <textarea
          id="answer"
          name="answer"
          rows={16}
          maxLength={ANSWER_MAX_CHARS}
          defaultValue={answer}
          onInput={onInput}
          aria-describedby="answer-hint"
          className="answer-text"
        />
        <p className="field-hint" id="answer-hint">
          {formatNumber(length)}/{formatNumber(ANSWER_MAX_CHARS)} ký tự. Hết giờ, phần đã lưu được tính là bài nộp.
        </p>
      </div>
      <div className="row">
        <button type="submit" name="intent" value="save" className="secondary">
          Lưu bài
        </button>
        <button type="submit" name="intent" value="submit">
          Nộp bài
        </button>
      </div>
    </Form>
  );
}

export default function SituationPage() {
  const { contest, round, draw } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const open = round.status === "open";
  return (
    <article className="stack take-round">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/hoi-thi/${contest.id}`}>{contest.name}</Link>
          </li>
          <li aria-current="page">{round.name}</li>
        </ol>
      </nav>
      <h1>{round.name}</h1>
      {draw ? (
        <>
          <section className="card situation-text" aria-labelledby="situation-title">
            <h2 id="situation-title">
              Tình huống {draw.code}: {draw.title}
            </h2>
            <p className="pre-line">{draw.body}</p>
          </section>
          {!round.written ? (
            <p className="card">Đồng chí trình bày cách xử lý tình huống này trực tiếp trước Ban Giám khảo. Thời gian chuẩn bị đến {draw.deadlineText}.</p>
          ) : draw.handedIn ? (
            <section className="card" aria-labelledby="answer-title">
              <h2 id="answer-title">Bài làm đã nộp</h2>
              <p className="muted small">
                {draw.submittedAt ? `Nộp lúc ${draw.submittedAt}.` : "Đã hết giờ: phần đã lưu được tính là bài nộp."} Bài làm đã khóa.
              </p>
              <p className="pre-line">{draw.answer || "(Không có nội dung)"}</p>
            </section>
          ) : (
            <AnswerForm answer={draw.answer} deadline={draw.deadline} serverNow={draw.serverNow} deadlineText={draw.deadlineText} />
          )}
        </>
      ) : open ? (
        <Form method="post" className="card stack">
          <FormErrors errors={refusalsOf(actionData)} />
          <p>
            {round.written
              ? `Thời gian làm bài: ${round.timeLimitMinutes ?? 30} phút kể từ lúc bốc thăm`
              : `Thời gian chuẩn bị: ${round.timeLimitMinutes ?? 30} phút kể từ lúc bốc thăm`}
            {round.closesAt ? `, không quá giờ đóng vòng thi (${round.closesAt})` : ""}. Mỗi thí sinh bốc thăm một lần.
          </p>
          <input type="hidden" name="intent" value="draw" />
          <button type="submit">Bốc thăm tình huống</button>
        </Form>
      ) : (
        <p className="card">{round.status === "pending" ? "Vòng thi chưa mở. Ban tổ chức sẽ mở vòng thi để thí sinh bốc thăm." : "Vòng thi đã kết thúc."}</p>
      )}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data?.round.name ?? "Xử lý tình huống"} · Hội thi`, "Vòng xử lý tình huống: đề tình huống và bài làm của thí sinh.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
