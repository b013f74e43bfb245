import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { parseWithZod } from "@conform-to/zod";
import { forbidden, notFound } from "~/auth/permissions.server";
import { requireContestAccess } from "~/contest/access.server";
import {
  getAttemptForTaking,
  getContestantRoundState,
  quickStartContestAttempt,
  saveAnswers,
  startContestAttempt,
  submitAttempt,
} from "~/contest/knowledge-round.server";
import { quizKeyOf } from "~/contest/knowledge-scores.server";
import { readSessionId, requireUserId } from "~/auth/session.server";
import { TakeRoundSchema } from "~/contest/forms";
import { refuse } from "~/forms/command";
import { replyMessages, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { answerField, answersFromForm } from "~/quiz/answer-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { Countdown } from "~/contest/countdown";
import { formatDateTime } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { useAnswerSaver } from "~/quiz/answer-saver";
import { readForm, requireId } from "~/utils/request.server";
import { START_MESSAGE } from "~/contest/start-endpoint.server";
import { pageMeta } from "~/utils/meta";

async function requireContestant(request: Request, params: { contestId?: string; roundId?: string }) {
  const access = await requireContestAccess(request, params.contestId);
  if (access.contestantId === null) forbidden("Chỉ thí sinh của hội thi mới làm bài vòng thi này.");
  const state = await getContestantRoundState({ contestId: access.contest.id, roundId: requireId(params.roundId), userId: access.user.id });
  if (!state) notFound("Không tìm thấy vòng thi kiến thức.");
  return { ...access, state };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, contest, state } = await requireContestant(request, params);
  // Questions reach the browser only from the contestant's own open attempt, without keys.
  const attempt = state.openAttemptId ? await getAttemptForTaking({ attemptId: state.openAttemptId, userId: user.id }) : null;
  return {
    contest: { id: contest.id, name: contest.name },
    round: {
      id: state.round.id,
      name: state.round.name,
      status: state.round.status,
      timeLimitMinutes: state.round.timeLimitMinutes,
      closesAt: state.round.closesAt ? formatDateTime(state.round.closesAt) : null,
    },
    submitted: !!state.submittedAttemptId || attempt?.status === "submitted",
    attempt:
      attempt && attempt.status === "open"
        ? {
            id: attempt.attemptId,
            deadline: attempt.deadline?.toISOString() ?? null,
            serverNow: attempt.serverNow.toISOString(),
            questions: attempt.questions.map((q) => ({ id: q.id, type: q.type, stem: q.stem, options: q.options })),
            answers: attempt.answers,
          }
        : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: TakeRoundSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  if (value.intent === "save") {
    // "Lưu bài" without JavaScript (with it, each click goes to the autosave endpoint): the
    // engine's guarded upsert checks the attempt's owner, this round, open status and the deadline.
    const userId = await requireUserId(request);
    const roundId = requireId(params.roundId);
    // The quiz engine's one answer parser: every question shown is carried, so unticking clears an answer.
    const carried = answersFromForm(formData);
    if ("error" in carried) return refused(intent, submission, refuse(carried.error));
    if (!value.attemptId) return refused(intent, submission, refuse("Thiếu bài làm."));
    const saved = await saveAnswers({ attemptId: value.attemptId, userId, answers: carried.answers, quizKeyPrefixes: [quizKeyOf(roundId)] });
    if (!saved.ok) return refused(intent, submission, saved);
    return { intent, savedAt: saved.savedAt.toISOString() };
  }
  if (value.intent === "submit") {
    const { user, contest, state } = await requireContestant(request, params);
    const carried = answersFromForm(formData);
    if ("error" in carried) return refused(intent, submission, refuse(carried.error));
    if (!value.attemptId) return refused(intent, submission, refuse("Thiếu bài làm."));
    // Submitting saves the answers on the form first (without JavaScript they arrive only now).
    await saveAnswers({ attemptId: value.attemptId, userId: user.id, answers: carried.answers, quizKeyPrefixes: [quizKeyOf(state.round.id)] });
    const result = await submitAttempt({ attemptId: value.attemptId, userId: user.id });
    if (!result) return refused(intent, submission, refuse("Không tìm thấy bài làm."));
    return redirectWithFlash(request, `/hoi-thi/${contest.id}/lam-bai/${state.round.id}`, "Đã nộp bài. Kết quả được công bố cùng kết quả hội thi.");
  }
  // The page's start form posts to the endpoint served before Remix (app/contest/start-endpoint.server.ts),
  // which sends here what it did not start; this retry also catches a round changed since it was cached.
  const contestId = requireId(params.contestId);
  const roundId = requireId(params.roundId);
  const quick = await quickStartContestAttempt({ contestId, roundId, sessionId: readSessionId(request.headers.get("Cookie")) });
  if (quick !== null) return redirectWithFlash(request, `/hoi-thi/${contestId}/lam-bai/${roundId}`, START_MESSAGE);
  const { user, contest, state } = await requireContestant(request, params);
  const result = await startContestAttempt({ contestId: contest.id, roundId: state.round.id, userId: user.id, personId: user.personId });
  if (!result.ok) return refused(intent, submission, result);
  return redirectWithFlash(request, `/hoi-thi/${contest.id}/lam-bai/${state.round.id}`, START_MESSAGE);
}

/** An autosave changes nothing the page shows: no reload of the page data after it. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "save" ? false : defaultShouldRevalidate;
}

export default function TakeRoundPage() {
  const { contest, round, submitted, attempt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData && "result" in actionData ? (actionData as IntentReply) : undefined;
  const refusals = ["start", "save", "submit"].flatMap((intent) => replyMessages(reply, intent) ?? []);
  const save = useAnswerSaver(attempt?.id ?? 0);
  const [autosaved, setAutosaved] = useState<{ savedAt: string | null; error: string | null }>({ savedAt: null, error: null });
  const formRef = useRef<HTMLFormElement>(null);
  const savedAt = autosaved.savedAt ?? (actionData && "savedAt" in actionData ? actionData.savedAt : null);
  // Each change saves only the question it belongs to (one small request, one row).
  function onChange(event: FormEvent<HTMLFormElement>) {
    const input = event.target as HTMLInputElement;
    const question = attempt?.questions.find((q) => answerField(q.id) === input.name);
    if (!formRef.current || !question) return;
    const selected = [...formRef.current.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(input.name)}"]:checked`)].map((i) => i.value);
    void save(question.id, selected).then((reply) =>
      setAutosaved(reply.ok ? { savedAt: reply.savedAt, error: null } : { savedAt: null, error: reply.message }),
    );
  }
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
      <FormErrors errors={refusals.length ? refusals : autosaved.error ? [autosaved.error] : undefined} />
      {submitted ? (
        <p className="card">Đồng chí đã nộp bài vòng thi này. Kết quả được công bố cùng kết quả hội thi.</p>
      ) : attempt ? (
        <Form method="post" ref={formRef} onChange={onChange} className="stack">
          <input type="hidden" name="attemptId" value={attempt.id} />
          <div className="take-round-bar">
            {attempt.deadline ? <Countdown deadline={attempt.deadline} serverNow={attempt.serverNow} /> : null}
            <p className="muted small" aria-live="polite">
              {savedAt ? `Đã lưu lúc ${new Date(savedAt).toLocaleTimeString("vi-VN")}` : "Bài làm được lưu tự động."}
            </p>
          </div>
          <ol className="question-list">
            {attempt.questions.map((q, i) => (
              <li key={q.id} className="card">
                <fieldset>
                  <legend>
                    Câu {i + 1}. {q.stem}
                    {q.type === "multiple" ? <span className="muted small"> (chọn tất cả phương án đúng)</span> : null}
                  </legend>
                  <input type="hidden" name="shown" value={q.id} />
                  {q.options.map((o) => (
                    <label key={o.id} className="choice">
                      <input
                        type={q.type === "multiple" ? "checkbox" : "radio"}
                        name={answerField(q.id)}
                        value={o.id}
                        defaultChecked={attempt.answers[q.id]?.includes(o.id)}
                      />{" "}
                      {o.text}
                    </label>
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
          <div className="row">
            <button type="submit" name="intent" value="save" className="secondary">
              Lưu bài
            </button>
            <button type="submit" name="intent" value="submit">
              Nộp bài
            </button>
          </div>
        </Form>
      ) : round.status === "open" ? (
        // A plain document POST to the start endpoint outside Remix (a province starts at the same minute).
        <Form method="post" action={`/hoi-thi/${contest.id}/lam-bai/${round.id}/bat-dau`} reloadDocument className="card stack">
          <p>
            Thời gian làm bài: {round.timeLimitMinutes} phút{round.closesAt ? `, vòng thi đóng lúc ${round.closesAt}` : ""}. Mỗi thí sinh làm một lần; hết giờ,
            bài được thu tự động.
          </p>
          <input type="hidden" name="intent" value="start" />
          <button type="submit">Bắt đầu làm bài</button>
        </Form>
      ) : (
        <p className="card">
          {round.status === "pending" ? "Vòng thi chưa mở. Ban tổ chức sẽ mở vòng thi cho tất cả thí sinh cùng lúc." : "Vòng thi đã kết thúc."}
        </p>
      )}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data?.round.name ?? "Vòng thi"} · Hội thi`, "Bài thi kiến thức: câu trả lời được lưu tự động, nộp trước giờ kết thúc.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
