/**
 * The quiz attempt engine: module checks, final tests and contest knowledge rounds all run
 * on it. Owned by the quiz feature; the contest feature calls it (quiz-engine contract).
 *
 * API (stable; add, don't break):
 * - `startAttempt({ userId, quizKey, questions, timeLimitSeconds, graceSeconds, closesAt?, maxAttempts, passPercent })`
 *     → `{ ok: true, attemptId, resumed }` | a `Refusal` with code "max_attempts" | "closed". One INSERT … SELECT (questions as jsonb);
 *     returns the user's open attempt of `quizKey` when there is one. Deadline = min(start + limit + override
 *     extra time, closesAt). Max attempts = maxAttempts + override extra attempts (null = unlimited).
 *     Draw and shuffle with `drawQuestions` / `shuffleOptions` (re-exported from ./grading).
 * - `startAttemptForSession({ sessionId, eligible, …startAttempt's input without userId })` → attempt id | null: the
 *     synchronized-start hot path, one statement with the session and the caller's eligibility folded in; null = fall
 *     back to `startAttempt` (resume or reason).
 * - `saveAnswer({ attemptId, userId, questionId, selected })` → `{ ok: true, savedAt }` | `SaveFailure` (a `Refusal`, code = why),
 *   `saveAnswers({ attemptId, userId, answers })` → `{ ok: true, saved, savedAt }` | `SaveFailure`: one guarded
 *     upsert statement (owner, open, now ≤ deadline + grace, question and options belong to the attempt).
 * - `submitAttempt({ attemptId, userId })` → `AttemptResult | null` (null: not this user's attempt). Grades once
 *     (row lock + open → submitted); later calls return the stored result. Late attempts are graded with what was
 *     saved and their submittedAt is capped at the deadline. In the same transaction: a passed "module:<slug>"
 *     sets module_completion.check_passed_at (first pass kept); a passed "final:<track>" inserts the online
 *     training_completion of the user's person (one row per passing attempt; each campaign counts its window).
 * - `gradeExpiredAttempts(now?)` → number graded (open attempts past deadline + grace).
 * - `getAttemptForTaking({ attemptId, userId })` → questions WITHOUT correct/explanation/source, saved answers,
 *     deadline, server now; grades the attempt first when its time ran out; null if not the user's.
 * - `getAttemptReview({ attemptId, userId })` → everything incl. correct answers, only once submitted; else null.
 * - `summarizeAttempts({ userId, quizKeys })` → per quiz: attempts used, best percent, passed, open attempt id.
 * - `grantOverride({ … reason, grantedBy })` (audited in audit_log).
 * - `regrade({ quizKey, questionId, correct })` → number of submitted attempts re-graded.
 * - `getAttemptQuizKey({ attemptId, userId })`; `saveAnswers` accepts `quizKeyPrefixes` to serve some quizzes only.
 */
import { z } from "zod";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, getDb, type Executor } from "#db/client.server";
import { auditLog, quizAnswer, quizAttempt, quizOverride } from "#db/schema";
import { gradeAnswers, publicQuestion, type PublicQuestion, type QuestionResult, type QuestionSnapshot } from "./grading";
import { emitChange } from "~/utils/change-events.server";
import { refuse, type CommandResult, type Refusal } from "~/forms/command";

export { drawQuestions, gradeAnswers, shuffle, shuffleOptions } from "./grading";
export type { PublicQuestion, QuestionResult, QuestionSnapshot } from "./grading";

export interface StartAttemptInput {
  userId: string;
  /** "module:<slug>" | "final:<track>" | "contest-round:<roundId>" */
  quizKey: string;
  /** drawn and shuffled by the caller */
  questions: QuestionSnapshot[];
  timeLimitSeconds: number | null;
  /** answers in flight accepted this long after the deadline */
  graceSeconds: number;
  /** a hard window end (contest rounds) */
  closesAt?: Date | null;
  /** null = unlimited; overrides add to it */
  maxAttempts: number | null;
  passPercent: number;
}

export type StartAttemptResult = CommandResult<{ attemptId: number; resumed: boolean }, "max_attempts" | "closed">;

const CLOSED = refuse("Bài kiểm tra đã đóng.", undefined, "closed" as const);
const NO_ATTEMPTS_LEFT = refuse("Đồng chí đã dùng hết số lần làm bài kiểm tra này.", undefined, "max_attempts" as const);

export interface AttemptResult {
  attemptId: number;
  userId: string;
  quizKey: string;
  attemptNo: number;
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
  passPercent: number;
  startedAt: Date;
  submittedAt: Date;
  /** time used, the contest tie-break */
  durationSeconds: number;
}

const SAVE_REFUSALS = {
  not_found: "Không tìm thấy bài làm.",
  submitted: "Bài làm đã nộp, không lưu thêm được.",
  late: "Đã hết giờ làm bài: câu trả lời này không được lưu.",
  invalid: "Câu trả lời không hợp lệ.",
} as const;

/** Why an answer was not saved: `code` for the caller's status or redirect, `message` for the learner. */
export type SaveFailure = Refusal<keyof typeof SAVE_REFUSALS>;

function saveRefusal(code: keyof typeof SAVE_REFUSALS): SaveFailure {
  return refuse(SAVE_REFUSALS[code], undefined, code);
}

function keyPrefixCondition(prefixes: string[] | undefined, column: SQL | typeof quizAttempt.quizKey = sql`a.quiz_key`): SQL {
  if (!prefixes) return sql`true`;
  if (!prefixes.length) return sql`false`;
  return sql`(${sql.join(
    prefixes.map((p) => sql`${column} like ${`${p.replace(/[%_\\]/g, "\\$&")}%`}`),
    sql` or `,
  )})`;
}

/** The quiz key of the user's attempt, or null: for routes that serve some quizzes only. */
export async function getAttemptQuizKey(input: { attemptId: number; userId: string }, db: Executor = getDb()): Promise<string | null> {
  const [row] = await db
    .select({ quizKey: quizAttempt.quizKey })
    .from(quizAttempt)
    .where(and(eq(quizAttempt.id, input.attemptId), eq(quizAttempt.userId, input.userId)));
  return row?.quizKey ?? null;
}

const notLate = sql`(${quizAttempt.deadline} is null or now() <= ${quizAttempt.deadline} + make_interval(secs => ${quizAttempt.graceSeconds}))`;

/** Starts (or resumes) the user's attempt at a quiz in one statement. */
export async function startAttempt(input: StartAttemptInput, db: Executor = getDb()): Promise<StartAttemptResult> {
  for (let round = 0; round < 2; round++) {
    const inserted = await insertAttempt(input, input.userId, sql`true`, db);
    if (inserted !== null) return { ok: true, attemptId: inserted, resumed: false };
    const [open] = await db
      .select({ id: quizAttempt.id, expired: sql<boolean>`not ${notLate}` })
      .from(quizAttempt)
      .where(and(eq(quizAttempt.userId, input.userId), eq(quizAttempt.quizKey, input.quizKey), eq(quizAttempt.status, "open")));
    if (open && !open.expired) return { ok: true, attemptId: open.id, resumed: true };
    // An open attempt whose time ran out is graded, then a new one may start.
    if (open) {
      await submitAttempt({ attemptId: open.id, userId: input.userId }, db);
      continue;
    }
    if (input.closesAt && input.closesAt.getTime() <= Date.now()) return CLOSED;
    return NO_ATTEMPTS_LEFT;
  }
  return NO_ATTEMPTS_LEFT;
}

/**
 * The synchronized-start hot path: one statement that starts an attempt for whoever holds a live
 * session of an enabled account, only where `eligible` holds (SQL over `w.user_id` and
 * `w.person_id`, e.g. "is a registered contestant of this open round"). Null when nothing was
 * started (not eligible, an open attempt exists, attempts used up, closed): the caller falls back
 * to `startAttempt`, which resumes the open attempt or says why.
 */
export async function startAttemptForSession(
  input: Omit<StartAttemptInput, "userId"> & { sessionId: string; eligible: SQL },
  db: Executor = getDb(),
): Promise<number | null> {
  return insertAttempt(input, { sessionId: input.sessionId }, input.eligible, db);
}

/** The account behind `owner` as `(user_id, person_id)`: by id, or through a live session of an enabled account. */
function starter(owner: AttemptOwner): SQL {
  if (typeof owner === "string") return sql`select u.id as user_id, u.person_id from "user" u where u.id = ${owner}`;
  return sql`select u.id as user_id, u.person_id from session s join "user" u on u.id = s.user_id
    where s.id = ${owner.sessionId} and s.expires_at > now() and u.disabled_at is null`;
}

const InsertAttemptRowSchema = z.object({ id: z.number() });

async function insertAttempt(input: Omit<StartAttemptInput, "userId">, owner: AttemptOwner, eligible: SQL, db: Executor): Promise<number | null> {
  const maxScore = input.questions.reduce((sum, q) => sum + (q.points ?? 1), 0);
  const closesAt = input.closesAt ? input.closesAt.toISOString() : null;
  const rows = rowsOf(
    await db.execute(sql`
      -- The account first (one primary-key lookup), whatever the statistics say of the other tables.
      with w as materialized (${starter(owner)})
      insert into quiz_attempt (user_id, quiz_key, attempt_no, status, questions, deadline, grace_seconds, pass_percent, max_score)
      select w.user_id, ${input.quizKey},
        coalesce((select max(attempt_no) from quiz_attempt where user_id = w.user_id and quiz_key = ${input.quizKey}), 0) + 1,
        'open', ${JSON.stringify(input.questions)}::jsonb,
        least(now() + make_interval(secs => ${input.timeLimitSeconds}::int + o.extra_seconds), ${closesAt}::timestamptz),
        ${input.graceSeconds}::int, ${input.passPercent}::int, ${maxScore}::int
      from w
      cross join lateral (
        select coalesce(sum(extra_seconds), 0)::int as extra_seconds, coalesce(sum(extra_attempts), 0)::int as extra_attempts
        from quiz_override where user_id = w.user_id and quiz_key = ${input.quizKey}
      ) o
      where (${input.maxAttempts}::int is null
          or (select count(*) from quiz_attempt where user_id = w.user_id and quiz_key = ${input.quizKey}) < ${input.maxAttempts}::int + o.extra_attempts)
        and (${closesAt}::timestamptz is null or now() < ${closesAt}::timestamptz)
        and ${eligible}
      on conflict (user_id, quiz_key) where status = 'open' do nothing
      returning id`),
    InsertAttemptRowSchema,
  );
  return rows[0]?.id ?? null;
}

/** Saves one answer (autosave). */
export async function saveAnswer(
  input: { attemptId: number; userId: string; questionId: string; selected: string[] },
  db: Executor = getDb(),
): Promise<{ ok: true; savedAt: Date } | SaveFailure> {
  const outcome = await saveAnswers({ attemptId: input.attemptId, userId: input.userId, answers: { [input.questionId]: input.selected } }, db);
  if (!outcome.ok) return outcome;
  if (outcome.saved === 0) return saveRefusal("invalid");
  return { ok: true, savedAt: outcome.savedAt };
}

/**
 * Saves several answers in one guarded upsert (the no-JavaScript "save all" form).
 * Answers naming a question or option that is not in the attempt are skipped.
 * FOR SHARE on the attempt row makes a save wait for a concurrent submit and then see it.
 */
/**
 * Who may save into an attempt: its owner by id, or whoever holds a live session of an enabled
 * account (the autosave endpoint folds the session check into the save: one round trip).
 */
export type AttemptOwner = string | { sessionId: string };

function ownerIs(owner: AttemptOwner, column: SQL | typeof quizAttempt.userId = sql`a.user_id`): SQL {
  if (typeof owner === "string") return sql`${column} = ${owner}`;
  return sql`${column} = (select w.user_id from (${starter(owner)}) w)`;
}

const SaveAnswersRowSchema = z.object({ saved_ms: z.number() });

export async function saveAnswers(
  input: {
    attemptId: number;
    userId: AttemptOwner;
    answers: Readonly<Record<string, readonly string[]>>;
    /** only attempts whose quiz key starts with one of these (a route serving some quizzes only) */
    quizKeyPrefixes?: string[];
  },
  db: Executor = getDb(),
): Promise<{ ok: true; saved: number; savedAt: Date } | SaveFailure> {
  const entries = Object.entries(input.answers).map(([questionId, selected]) => ({ question_id: questionId, selected: [...new Set(selected)] }));
  const rows = entries.length
    ? rowsOf(
        await db.execute(sql`
          insert into quiz_answer (attempt_id, question_id, selected, saved_at)
          select a.id, x.question_id, x.selected, now()
          from quiz_attempt a
          cross join jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as x(question_id text, selected jsonb)
          where a.id = ${input.attemptId} and ${ownerIs(input.userId)} and a.status = 'open' and ${keyPrefixCondition(input.quizKeyPrefixes)}
            and (a.deadline is null or now() <= a.deadline + make_interval(secs => a.grace_seconds))
            and exists (
              select 1 from jsonb_array_elements(a.questions) q
              where q->>'id' = x.question_id
                and (q->>'type' = 'multiple' or jsonb_array_length(x.selected) <= 1)
                and q->'options' @> (select coalesce(jsonb_agg(jsonb_build_object('id', s)), '[]'::jsonb) from jsonb_array_elements_text(x.selected) s))
          for share of a
          on conflict (attempt_id, question_id) do update set selected = excluded.selected, saved_at = excluded.saved_at
          returning (extract(epoch from saved_at) * 1000)::float8 as saved_ms`),
        SaveAnswersRowSchema,
      )
    : [];
  if (rows.length) return { ok: true, saved: rows.length, savedAt: new Date(Number(rows[0]!.saved_ms)) };
  const [attempt] = await db
    .select({ status: quizAttempt.status, late: sql<boolean>`not ${notLate}` })
    .from(quizAttempt)
    .where(and(eq(quizAttempt.id, input.attemptId), ownerIs(input.userId, quizAttempt.userId), keyPrefixCondition(input.quizKeyPrefixes, quizAttempt.quizKey)));
  if (!attempt) return saveRefusal("not_found");
  if (attempt.status !== "open") return saveRefusal("submitted");
  if (attempt.late) return saveRefusal("late");
  if (!entries.length) return { ok: true, saved: 0, savedAt: new Date() };
  return saveRefusal("invalid");
}

const resultColumns = {
  attemptId: quizAttempt.id,
  userId: quizAttempt.userId,
  quizKey: quizAttempt.quizKey,
  attemptNo: quizAttempt.attemptNo,
  score: quizAttempt.score,
  maxScore: quizAttempt.maxScore,
  percent: quizAttempt.percent,
  passed: quizAttempt.passed,
  passPercent: quizAttempt.passPercent,
  startedAt: quizAttempt.startedAt,
  submittedAt: quizAttempt.submittedAt,
};

function toResult(row: {
  attemptId: number;
  userId: string;
  quizKey: string;
  attemptNo: number;
  score: number | null;
  maxScore: number;
  percent: number | null;
  passed: boolean | null;
  passPercent: number;
  startedAt: Date;
  submittedAt: Date | null;
}): AttemptResult {
  const submittedAt = row.submittedAt ?? row.startedAt;
  return {
    attemptId: row.attemptId,
    userId: row.userId,
    quizKey: row.quizKey,
    attemptNo: row.attemptNo,
    maxScore: row.maxScore,
    passPercent: row.passPercent,
    startedAt: row.startedAt,
    score: row.score ?? 0,
    percent: row.percent ?? 0,
    passed: row.passed ?? false,
    submittedAt,
    durationSeconds: Math.max(0, Math.round((submittedAt.getTime() - row.startedAt.getTime()) / 1000)),
  };
}

/** Grades and closes an attempt, once; a repeated call returns the stored result. */
export async function submitAttempt(input: { attemptId: number; userId: string }, db: Executor = getDb()): Promise<AttemptResult | null> {
  return db.transaction(async (tx) => {
    const [attempt] = await tx
      .select({ ...resultColumns, status: quizAttempt.status, questions: quizAttempt.questions })
      .from(quizAttempt)
      .where(and(eq(quizAttempt.id, input.attemptId), eq(quizAttempt.userId, input.userId)))
      .for("update");
    if (!attempt) return null;
    if (attempt.status === "submitted") return toResult(attempt);
    const answers = await tx
      .select({ questionId: quizAnswer.questionId, selected: quizAnswer.selected })
      .from(quizAnswer)
      .where(eq(quizAnswer.attemptId, attempt.attemptId));
    const grade = gradeAnswers({
      questions: attempt.questions,
      answers: Object.fromEntries(answers.map((a) => [a.questionId, a.selected])),
      passPercent: attempt.passPercent,
    });
    const [updated] = await tx
      .update(quizAttempt)
      .set({
        status: "submitted",
        // A late (auto-graded) attempt counts as handed in at its deadline.
        submittedAt: sql`case when ${quizAttempt.deadline} is not null and now() > ${quizAttempt.deadline} then ${quizAttempt.deadline} else now() end`,
        score: grade.score,
        maxScore: grade.maxScore,
        percent: grade.percent,
        passed: grade.passed,
        results: grade.results,
        updatedAt: sql`now()`,
      })
      .where(and(eq(quizAttempt.id, attempt.attemptId), eq(quizAttempt.status, "open")))
      .returning(resultColumns);
    if (!updated) return null;
    const result = toResult(updated);
    if (result.passed) await recordCompletion(tx, result);
    return result;
  });
}

/** Passing means something outside the engine (a module completed, a track trained): the owners react. */
async function recordCompletion(tx: Executor, result: AttemptResult) {
  await emitChange(tx, {
    kind: "attempt-passed",
    attemptId: result.attemptId,
    userId: result.userId,
    quizKey: result.quizKey,
    submittedAt: result.submittedAt,
  });
}

/** Grades every open attempt whose deadline + grace has passed; returns how many. */
export async function gradeExpiredAttempts(now: Date = new Date(), db: Executor = getDb()): Promise<number> {
  const expired = await db
    .select({ id: quizAttempt.id, userId: quizAttempt.userId })
    .from(quizAttempt)
    .where(
      and(
        eq(quizAttempt.status, "open"),
        sql`${quizAttempt.deadline} is not null and ${quizAttempt.deadline} + make_interval(secs => ${quizAttempt.graceSeconds}) < ${now.toISOString()}::timestamptz`,
      ),
    );
  let graded = 0;
  for (const attempt of expired) {
    if (await submitAttempt({ attemptId: attempt.id, userId: attempt.userId }, db)) graded++;
  }
  return graded;
}

export interface AttemptForTaking {
  attemptId: number;
  quizKey: string;
  attemptNo: number;
  status: "open" | "submitted";
  startedAt: Date;
  deadline: Date | null;
  graceSeconds: number;
  serverNow: Date;
  questions: PublicQuestion[];
  /** question id → selected option ids */
  answers: Record<string, string[]>;
  lastSavedAt: Date | null;
}

/** An attempt as the learner may see it while taking it: no correct answers, explanations or sources. */
export async function getAttemptForTaking(input: { attemptId: number; userId: string }, db: Executor = getDb()): Promise<AttemptForTaking | null> {
  const [attempt] = await db
    .select({
      attemptId: quizAttempt.id,
      quizKey: quizAttempt.quizKey,
      attemptNo: quizAttempt.attemptNo,
      status: quizAttempt.status,
      startedAt: quizAttempt.startedAt,
      deadline: quizAttempt.deadline,
      graceSeconds: quizAttempt.graceSeconds,
      questions: quizAttempt.questions,
      expired: sql<boolean>`not ${notLate}`,
    })
    .from(quizAttempt)
    .where(and(eq(quizAttempt.id, input.attemptId), eq(quizAttempt.userId, input.userId)));
  if (!attempt) return null;
  let status: "open" | "submitted" = attempt.status === "open" ? "open" : "submitted";
  if (status === "open" && attempt.expired) {
    await submitAttempt(input, db);
    status = "submitted";
  }
  const answers = await db
    .select({ questionId: quizAnswer.questionId, selected: quizAnswer.selected, savedAt: quizAnswer.savedAt })
    .from(quizAnswer)
    .where(eq(quizAnswer.attemptId, attempt.attemptId));
  const lastSavedAt = answers.reduce<Date | null>((latest, a) => (!latest || a.savedAt > latest ? a.savedAt : latest), null);
  return {
    attemptId: attempt.attemptId,
    quizKey: attempt.quizKey,
    attemptNo: attempt.attemptNo,
    status,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    graceSeconds: attempt.graceSeconds,
    serverNow: new Date(),
    questions: attempt.questions.map(publicQuestion),
    answers: Object.fromEntries(answers.map((a) => [a.questionId, a.selected])),
    lastSavedAt,
  };
}

export interface AttemptReview extends AttemptResult {
  questions: QuestionSnapshot[];
  results: QuestionResult[];
}

/** Everything about a submitted attempt, including the right answers; null before submission. */
export async function getAttemptReview(input: { attemptId: number; userId: string }, db: Executor = getDb()): Promise<AttemptReview | null> {
  const [attempt] = await db
    .select({ ...resultColumns, status: quizAttempt.status, questions: quizAttempt.questions, results: quizAttempt.results })
    .from(quizAttempt)
    .where(and(eq(quizAttempt.id, input.attemptId), eq(quizAttempt.userId, input.userId), eq(quizAttempt.status, "submitted")));
  if (!attempt) return null;
  return { ...toResult(attempt), questions: attempt.questions, results: attempt.results ?? [] };
}

export interface AttemptSummary {
  quizKey: string;
  /** attempts started (open or submitted) */
  used: number;
  submitted: number;
  bestPercent: number | null;
  passed: boolean;
  openAttemptId: number | null;
  lastSubmittedAttemptId: number | null;
  extraAttempts: number;
  extraSeconds: number;
}

const SummarizeAttemptsRowSchema = z.object({
  quiz_key: z.string(),
  used: z.number(),
  submitted: z.number(),
  best: z.number().nullable(),
  passed: z.boolean(),
  open_id: z.number().nullable(),
  last_id: z.number().nullable(),
  extra_attempts: z.number(),
  extra_seconds: z.number(),
});

/** Per quiz key: attempts used, best score kept, passed, the open attempt. One aggregate query. */
export async function summarizeAttempts(input: { userId: string; quizKeys: string[] }, db: Executor = getDb()): Promise<Map<string, AttemptSummary>> {
  const summaries = new Map<string, AttemptSummary>();
  if (!input.quizKeys.length) return summaries;
  const rows = rowsOf(
    await db.execute(sql`
      select k.quiz_key,
        (select count(*)::int from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key) as used,
        (select count(*)::int from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key and a.status = 'submitted') as submitted,
        (select max(a.percent)::float8 from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key and a.status = 'submitted') as best,
        coalesce((select bool_or(a.passed) from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key and a.status = 'submitted'), false) as passed,
        (select a.id from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key and a.status = 'open') as open_id,
        (select a.id from quiz_attempt a where a.user_id = ${input.userId} and a.quiz_key = k.quiz_key and a.status = 'submitted' order by a.submitted_at desc limit 1) as last_id,
        (select coalesce(sum(o.extra_attempts), 0)::int from quiz_override o where o.user_id = ${input.userId} and o.quiz_key = k.quiz_key) as extra_attempts,
        (select coalesce(sum(o.extra_seconds), 0)::int from quiz_override o where o.user_id = ${input.userId} and o.quiz_key = k.quiz_key) as extra_seconds
      from jsonb_array_elements_text(${JSON.stringify(input.quizKeys)}::jsonb) as k(quiz_key)`),
    SummarizeAttemptsRowSchema,
  );
  for (const r of rows) {
    summaries.set(r.quiz_key, {
      quizKey: r.quiz_key,
      used: Number(r.used),
      submitted: Number(r.submitted),
      bestPercent: r.best === null ? null : Number(r.best),
      passed: r.passed,
      openAttemptId: r.open_id,
      lastSubmittedAttemptId: r.last_id,
      extraAttempts: Number(r.extra_attempts),
      extraSeconds: Number(r.extra_seconds),
    });
  }
  return summaries;
}

/**
 * Gives one person extra time and/or extra attempts at a quiz, with a reason; extra time
 * also extends an attempt already running. Audited.
 */
export async function grantOverride(
  input: { userId: string; quizKey: string; extraSeconds: number; extraAttempts: number; reason: string; grantedBy: string },
  db: Executor = getDb(),
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(quizOverride)
      .values({
        userId: input.userId,
        quizKey: input.quizKey,
        extraSeconds: input.extraSeconds,
        extraAttempts: input.extraAttempts,
        reason: input.reason,
        grantedBy: input.grantedBy,
      })
      .returning({ id: quizOverride.id });
    if (input.extraSeconds > 0) {
      await tx
        .update(quizAttempt)
        .set({ deadline: sql`${quizAttempt.deadline} + make_interval(secs => ${input.extraSeconds}::int)`, updatedAt: sql`now()` })
        .where(and(eq(quizAttempt.userId, input.userId), eq(quizAttempt.quizKey, input.quizKey), eq(quizAttempt.status, "open")));
    }
    await tx.insert(auditLog).values({
      actorId: input.grantedBy,
      action: "quiz.override",
      entity: "quiz_override",
      entityId: String(row!.id),
      after: { userId: input.userId, quizKey: input.quizKey, extraSeconds: input.extraSeconds, extraAttempts: input.extraAttempts },
      reason: input.reason,
    });
    return { overrideId: row!.id };
  });
}

/**
 * After a key change: sets the question's correct options in every submitted attempt of
 * `quizKey` that contains it and grades those attempts again. A newly passed attempt records
 * its completion; a pass is never taken back from completion tables (the audit trail shows it).
 */
export async function regrade(input: { quizKey: string; questionId: string; correct: string[] }, db: Executor = getDb()): Promise<number> {
  return db.transaction(async (tx) => {
    const attempts = await tx
      .select({ ...resultColumns, questions: quizAttempt.questions })
      .from(quizAttempt)
      .where(
        and(
          eq(quizAttempt.quizKey, input.quizKey),
          eq(quizAttempt.status, "submitted"),
          sql`${quizAttempt.questions} @> ${JSON.stringify([{ id: input.questionId }])}::jsonb`,
        ),
      )
      .for("update");
    for (const attempt of attempts) {
      const questions = attempt.questions.map((q) => (q.id === input.questionId ? { ...q, correct: [...input.correct] } : q));
      const answers = await tx
        .select({ questionId: quizAnswer.questionId, selected: quizAnswer.selected })
        .from(quizAnswer)
        .where(eq(quizAnswer.attemptId, attempt.attemptId));
      const grade = gradeAnswers({ questions, answers: Object.fromEntries(answers.map((a) => [a.questionId, a.selected])), passPercent: attempt.passPercent });
      await tx
        .update(quizAttempt)
        .set({
          questions,
          score: grade.score,
          maxScore: grade.maxScore,
          percent: grade.percent,
          passed: grade.passed,
          results: grade.results,
          updatedAt: sql`now()`,
        })
        .where(eq(quizAttempt.id, attempt.attemptId));
      if (grade.passed && !attempt.passed) await recordCompletion(tx, toResult({ ...attempt, ...grade }));
    }
    return attempts.length;
  });
}
