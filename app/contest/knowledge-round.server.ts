/**
 * The knowledge round on the quiz attempt engine (app/quiz/engine.server.ts): quiz key
 * "contest-round:<roundId>", one attempt per contestant, questions "cq-<contest_question id>"
 * frozen into the attempt, deadline = min(start + limit, the round's close). Nothing here grades
 * or stores answers: the engine does (no leakage, guarded autosave, idempotent submit).
 */
import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, contest, contestContestant, contestQuestion, contestRound, quizAttempt } from "#db/schema";
import {
  getAttemptForTaking,
  getAttemptReview,
  regrade,
  saveAnswers,
  shuffle,
  shuffleOptions,
  startAttempt,
  startAttemptForSession,
  submitAttempt,
  summarizeAttempts,
  type QuestionSnapshot,
} from "~/quiz/engine.server";
import { rolesWith } from "~/auth/permissions";
import { GRACE_SECONDS } from "./handed-in.server";
import { recomputeContest } from "./recompute.server";
import { quizKeyOf } from "./knowledge-scores.server";
import { refuse } from "~/forms/command";

async function loadRound(input: { contestId: number; roundId: number }, db: Executor = getDb()) {
  const [row] = await db
    .select({
      id: contestRound.id,
      kind: contestRound.kind,
      name: contestRound.name,
      status: contestRound.status,
      timeLimitMinutes: contestRound.timeLimitMinutes,
      opensAt: contestRound.opensAt,
      closesAt: contestRound.closesAt,
      contestStatus: contest.status,
    })
    .from(contestRound)
    .innerJoin(contest, eq(contest.id, contestRound.contestId))
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contestId), eq(contestRound.kind, "knowledge")));
  return row ?? null;
}

/**
 * Opens the round for everyone at once. `windowMinutes` (≥ the time limit) lets contestants start
 * any time inside the window; each still gets the time limit, never past the window's end.
 */
export async function openKnowledgeRound(input: { contestId: number; roundId: number; windowMinutes?: number | undefined; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await loadRound(input, tx);
    if (!round) return refuse("Không tìm thấy vòng thi kiến thức.");
    if (round.contestStatus !== "running") return refuse("Hãy chuyển hội thi sang “Đang thi” trước khi mở vòng thi.");
    if (round.status !== "pending") return refuse("Vòng thi đã được mở trước đó.");
    const [questions] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(contestQuestion)
      .where(eq(contestQuestion.roundId, round.id));
    if (!questions?.n) return refuse("Vòng thi chưa có câu hỏi: hãy nhập bộ câu hỏi trước.");
    const minutes = Math.max(round.timeLimitMinutes ?? 30, input.windowMinutes ?? 0);
    await tx
      .update(contestRound)
      .set({ status: "open", opensAt: sql`now()`, closesAt: sql`now() + make_interval(mins => ${minutes})`, updatedAt: new Date() })
      .where(and(eq(contestRound.id, round.id), eq(contestRound.status, "pending")));
    await tx
      .insert(auditLog)
      .values({ actorId: input.actorId, action: "round.open", entity: "contest", entityId: String(input.contestId), after: { roundId: round.id, minutes } });
    return { ok: true as const };
  });
}

/** Closes the round: hands in every attempt still open (graded with what was saved) and recomputes. */
export async function closeKnowledgeRound(input: { contestId: number; roundId: number; actorId: string }) {
  const round = await loadRound(input);
  if (!round || round.status !== "open") return refuse("Vòng thi không ở trạng thái đang mở.");
  await getDb()
    .update(contestRound)
    .set({ status: "closed", closesAt: sql`least(${contestRound.closesAt}, now())`, updatedAt: new Date() })
    .where(and(eq(contestRound.id, round.id), eq(contestRound.status, "open")));
  const open = await getDb()
    .select({ id: quizAttempt.id, userId: quizAttempt.userId })
    .from(quizAttempt)
    .where(and(eq(quizAttempt.quizKey, quizKeyOf(round.id)), eq(quizAttempt.status, "open")));
  // Closing early: the engine grades each remaining attempt once (idempotent if the contestant submits now too).
  for (const attempt of open) await submitAttempt({ attemptId: attempt.id, userId: attempt.userId });
  await getDb().transaction(async (tx) => {
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: "round.close",
      entity: "contest",
      entityId: String(input.contestId),
      after: { roundId: round.id, handedIn: open.length },
    });
    await recomputeContest(tx, input.contestId);
  });
  return { ok: true as const, handedIn: open.length };
}

/** What the contestant's round page shows: round state and their attempt (no questions here). */
export async function getContestantRoundState(input: { contestId: number; roundId: number; userId: string }) {
  const round = await loadRound(input);
  if (!round) return null;
  const summary = (await summarizeAttempts({ userId: input.userId, quizKeys: [quizKeyOf(round.id)] })).get(quizKeyOf(round.id));
  return {
    round: { id: round.id, name: round.name, status: round.status, timeLimitMinutes: round.timeLimitMinutes, closesAt: round.closesAt, opensAt: round.opensAt },
    openAttemptId: summary?.openAttemptId ?? null,
    submittedAttemptId: summary?.lastSubmittedAttemptId ?? null,
  };
}

/** A knowledge round as of `version`: its state and question set in position order (with keys: server only). */
interface FrozenRound {
  contestId: number;
  version: string;
  open: boolean;
  timeLimitMinutes: number | null;
  closesAt: Date | null;
  questions: QuestionSnapshot[];
}

/**
 * What changes when a round or its questions change: the round row's and the questions' update
 * times (every write to them sets updated_at; questions are replaced only before the round opens,
 * keys may change while it is open).
 */
const roundVersion = sql`(r.updated_at::text || '|' || (select count(*) || '/' || coalesce(max(q.updated_at)::text, '')
  from ${contestQuestion} q where q.round_id = r.id))`;

const FrozenRoundRowSchema = z.object({
  version: z.string(),
  open: z.boolean(),
  timeLimitMinutes: z.number().nullable(),
  closesMs: z.number().nullable(),
  questions: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      stem: z.string(),
      options: z.array(z.object({ id: z.string(), text: z.string() })),
      correct: z.array(z.string()),
      explanation: z.string(),
      source: z.string(),
    }),
  ),
});

async function loadFrozenRound(input: { contestId: number; roundId: number }): Promise<FrozenRound | null> {
  const [row] = rowsOf(
    await getDb().execute(sql`
      select ${roundVersion} as version, r.status = 'open' and ct.status <> 'draft' as open,
        r.time_limit_minutes as "timeLimitMinutes", (extract(epoch from r.closes_at) * 1000)::float8 as "closesMs",
        (select coalesce(json_agg(json_build_object('id', q.id, 'type', q.type, 'stem', q.stem, 'options', q.options,
            'correct', q.correct, 'explanation', q.explanation, 'source', q.source) order by q.position), '[]'::json)
          from ${contestQuestion} q where q.round_id = r.id) as questions
      from ${contestRound} r join ${contest} ct on ct.id = r.contest_id
      where r.id = ${input.roundId} and r.contest_id = ${input.contestId} and r.kind = 'knowledge'`),
    FrozenRoundRowSchema,
  );
  if (!row) return null;
  return {
    contestId: input.contestId,
    version: row.version,
    open: row.open,
    timeLimitMinutes: row.timeLimitMinutes === null ? null : Number(row.timeLimitMinutes),
    closesAt: row.closesMs === null ? null : new Date(Number(row.closesMs)),
    questions: row.questions.map(toSnapshot),
  };
}

interface QuestionRow {
  id: number;
  type: string;
  stem: string;
  options: QuestionSnapshot["options"];
  correct: string[];
  explanation: string;
  source: string;
}

function toSnapshot(q: QuestionRow): QuestionSnapshot {
  return {
    id: `cq-${q.id}`,
    type: q.type === "multiple" ? "multiple" : q.type === "truefalse" ? "truefalse" : "single",
    stem: q.stem,
    options: q.options,
    correct: q.correct,
    explanation: q.explanation,
    source: q.source,
  };
}

/**
 * Rounds' question sets kept in memory: 3,000 contestants starting at the same minute would
 * otherwise read the same 30 questions 3,000 times. An entry is used only while the database
 * still has its version (checked inside the start's own statement), so several app servers and
 * key changes stay correct; a failed check drops the entry.
 */
const frozenRounds = new Map<number, Promise<FrozenRound | null>>();
const CACHED_ROUNDS = 64;

function frozenRound(input: { contestId: number; roundId: number }) {
  let entry = frozenRounds.get(input.roundId);
  if (!entry) {
    if (frozenRounds.size >= CACHED_ROUNDS) frozenRounds.delete(frozenRounds.keys().next().value!);
    entry = loadFrozenRound(input);
    frozenRounds.set(input.roundId, entry);
    entry.catch(() => frozenRounds.delete(input.roundId));
  }
  return entry;
}

function attemptInput(round: FrozenRound, roundId: number) {
  return {
    quizKey: quizKeyOf(roundId),
    // Each contestant gets their own order of questions and options.
    questions: shuffleOptions(shuffle(round.questions)),
    timeLimitSeconds: (round.timeLimitMinutes ?? 30) * 60,
    graceSeconds: GRACE_SECONDS,
    closesAt: round.closesAt,
    maxAttempts: 1,
    passPercent: 0,
  };
}

/**
 * The synchronized start in one statement: the holder of `sessionId` starts their attempt if they
 * may see contests, are a registered contestant and the round is open at the cached version.
 * Null when that did not happen (not signed in, not a contestant, closed, already started, the
 * round changed): the caller takes the full path (`startContestAttempt`), which resumes or says why.
 */
export async function quickStartContestAttempt(input: { contestId: number; roundId: number; sessionId: string | null }) {
  if (!input.sessionId) return null;
  const round = await frozenRound(input);
  if (!round || round.contestId !== input.contestId || !round.open || !round.closesAt || round.closesAt.getTime() <= Date.now()) {
    frozenRounds.delete(input.roundId);
    return null;
  }
  const attemptId = await startAttemptForSession({
    ...attemptInput(round, input.roundId),
    sessionId: input.sessionId,
    eligible: sql`exists (select 1 from role_grant g where g.user_id = w.user_id and g.role in ${rolesWith("contest.view")})
      and exists (select 1 from ${contestContestant} c
        where c.contest_id = ${input.contestId} and c.person_id = w.person_id and c.status = 'registered')
      and exists (select 1 from ${contestRound} r join ${contest} ct on ct.id = r.contest_id
        where r.id = ${input.roundId} and r.contest_id = ${input.contestId} and r.kind = 'knowledge' and r.status = 'open'
          and ct.status <> 'draft' and ${roundVersion} = ${round.version})`,
  });
  // Already started, or the round changed since it was cached: the next start reloads it.
  if (attemptId === null) frozenRounds.delete(input.roundId);
  return attemptId;
}

/**
 * Starts (or resumes) the contestant's single attempt while the round is open. The question set
 * leaves the database only here, frozen into the contestant's own attempt, in a shuffled order.
 */
export async function startContestAttempt(input: { contestId: number; roundId: number; userId: string; personId: number | null }) {
  if (!input.personId) return refuse("Tài khoản chưa gắn với hồ sơ đảng viên.");
  const [entrant] = await getDb()
    .select({ id: contestContestant.id })
    .from(contestContestant)
    .where(and(eq(contestContestant.contestId, input.contestId), eq(contestContestant.personId, input.personId), eq(contestContestant.status, "registered")));
  if (!entrant) return refuse("Đồng chí không phải thí sinh của hội thi này.");
  frozenRounds.delete(input.roundId);
  const round = await frozenRound(input);
  if (!round || !round.open || !round.closesAt || round.closesAt.getTime() <= Date.now()) {
    return refuse("Vòng thi chưa mở hoặc đã kết thúc.");
  }
  const started = await startAttempt({ ...attemptInput(round, input.roundId), userId: input.userId });
  if (!started.ok) {
    return refuse(started.code === "max_attempts" ? "Đồng chí đã làm bài vòng thi này (mỗi thí sinh chỉ làm một lần)." : "Vòng thi đã kết thúc.");
  }
  return { ok: true as const, attemptId: started.attemptId };
}

export { getAttemptForTaking, getAttemptReview, saveAnswers, submitAttempt };

/**
 * Changes a question's key: the question, every submitted attempt containing it (engine regrade),
 * every total and rank, all in one transaction, audited.
 */
export async function changeQuestionKey(input: { contestId: number; roundId: number; questionId: number; correct: string[]; actorId: string; reason: string }) {
  return getDb().transaction(async (tx) => {
    const [question] = await tx
      .select({
        id: contestQuestion.id,
        code: contestQuestion.code,
        type: contestQuestion.type,
        options: contestQuestion.options,
        correct: contestQuestion.correct,
      })
      .from(contestQuestion)
      .innerJoin(contestRound, eq(contestRound.id, contestQuestion.roundId))
      .where(and(eq(contestQuestion.id, input.questionId), eq(contestQuestion.roundId, input.roundId), eq(contestRound.contestId, input.contestId)))
      .for("update");
    if (!question) return refuse("Không tìm thấy câu hỏi.");
    const ids = new Set(question.options.map((o) => o.id));
    const correct = [...new Set(input.correct)];
    if (!correct.length || correct.some((c) => !ids.has(c)) || (question.type !== "multiple" && correct.length !== 1)) {
      return refuse(question.type === "multiple" ? "Chọn ít nhất một đáp án đúng." : "Câu này phải có đúng một đáp án đúng.");
    }
    await tx.update(contestQuestion).set({ correct, updatedAt: new Date() }).where(eq(contestQuestion.id, question.id));
    const regraded = await regrade({ quizKey: quizKeyOf(input.roundId), questionId: `cq-${question.id}`, correct }, tx);
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: "question.key_change",
      entity: "contest",
      entityId: String(input.contestId),
      before: { roundId: input.roundId, questionId: question.id, code: question.code, correct: question.correct },
      after: { roundId: input.roundId, questionId: question.id, code: question.code, correct, regradedAttempts: regraded },
      reason: input.reason,
    });
    await recomputeContest(tx, input.contestId);
    return { ok: true as const, regraded };
  });
}
