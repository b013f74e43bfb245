/**
 * Situation rounds ("Xử lý tình huống"): confidential situations entered by the organisers, one
 * draw (or assignment) per contestant, and, in written rounds ('viet'), the contestant's answer
 * with a server-enforced deadline. Judges score with the rubric (ballots.server.ts) as before.
 */
import { z } from "zod";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "#db/client.server";
import { auditLog, contest, contestContestant, contestRound, contestSituation, contestSituationDraw, person, unit } from "#db/schema";
import { sameTccs } from "./ballots.server";
import { GRACE, HANDED_IN } from "./handed-in.server";
import { fullNameSql } from "~/org/name-sql.server";
import { refuse } from "~/forms/command";

/** Presented rounds: once drawn. Written rounds: once handed in. SQL over `d`, `r`. */
const VISIBLE_TO_JUDGE = sql`(d.drawn_at is not null and (r.answer_mode <> 'viet' or ${HANDED_IN}))`;

async function audit(tx: Tx, entry: { actorId: string; contestId: number; action: string; before?: unknown; after?: unknown }) {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: "contest",
    entityId: String(entry.contestId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** The situation round of this contest, locked for the rest of the transaction. */
async function lockRound(tx: Tx, input: { contestId: number; roundId: number }) {
  const [row] = await tx
    .select({
      id: contestRound.id,
      status: contestRound.status,
      answerMode: contestRound.answerMode,
      timeLimitMinutes: contestRound.timeLimitMinutes,
      closesAt: contestRound.closesAt,
    })
    .from(contestRound)
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contestId), eq(contestRound.kind, "situation")))
    .for("update");
  return row ?? null;
}

const NOT_PENDING = "Chỉ sửa được tình huống trước khi vòng thi mở.";

// ---------- situations (organisers) ----------

/** Every situation of the round with how often it was drawn or assigned; organisers only (callers authorise). */
export async function listSituationsForOrganiser(roundId: number) {
  return getDb()
    .select({
      id: contestSituation.id,
      code: contestSituation.code,
      title: contestSituation.title,
      body: contestSituation.body,
      // ${contestSituation}.id, not ${contestSituation.id}: drizzle would render a bare "id", bound to d inside the subquery.
      uses: sql<number>`(select count(*)::int from ${contestSituationDraw} d where d.situation_id = ${contestSituation}.id)`,
    })
    .from(contestSituation)
    .where(eq(contestSituation.roundId, roundId))
    .orderBy(asc(contestSituation.position));
}

export async function addSituation(input: { contestId: number; roundId: number; title: string; body: string; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Chỉ vòng xử lý tình huống mới có tình huống.");
    if (round.status !== "pending") return refuse(NOT_PENDING);
    // Codes follow the position; the round lock makes max(position) safe to reuse.
    const [next] = await tx
      .select({ n: sql<number>`coalesce(max(${contestSituation.position}), 0)::int + 1` })
      .from(contestSituation)
      .where(eq(contestSituation.roundId, round.id));
    const position = next?.n ?? 1;
    const code = `TH-${String(position).padStart(2, "0")}`;
    const [row] = await tx
      .insert(contestSituation)
      .values({ roundId: round.id, code, position, title: input.title, body: input.body })
      .returning({ id: contestSituation.id });
    await audit(tx, { actorId: input.actorId, contestId: input.contestId, action: "situation.add", after: { roundId: round.id, code, title: input.title } });
    return { ok: true as const, id: row!.id, code };
  });
}

export async function updateSituation(input: { contestId: number; roundId: number; situationId: number; title: string; body: string; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    if (round.status !== "pending") return refuse(NOT_PENDING);
    const [row] = await tx
      .update(contestSituation)
      .set({ title: input.title, body: input.body, updatedAt: new Date() })
      .where(and(eq(contestSituation.id, input.situationId), eq(contestSituation.roundId, round.id)))
      .returning({ code: contestSituation.code });
    if (!row) return refuse("Không tìm thấy tình huống.");
    await audit(tx, {
      actorId: input.actorId,
      contestId: input.contestId,
      action: "situation.edit",
      after: { roundId: round.id, code: row.code, title: input.title },
    });
    return { ok: true as const };
  });
}

/** Deletes a situation before the round opens, with any assignment of it (nobody can have drawn it yet). */
export async function deleteSituation(input: { contestId: number; roundId: number; situationId: number; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    if (round.status !== "pending") return refuse(NOT_PENDING);
    const unassigned = await tx
      .delete(contestSituationDraw)
      .where(and(eq(contestSituationDraw.roundId, round.id), eq(contestSituationDraw.situationId, input.situationId), isNull(contestSituationDraw.drawnAt)))
      .returning({ contestantId: contestSituationDraw.contestantId });
    const [row] = await tx
      .delete(contestSituation)
      .where(and(eq(contestSituation.id, input.situationId), eq(contestSituation.roundId, round.id)))
      .returning({ code: contestSituation.code, title: contestSituation.title });
    if (!row) return refuse("Không tìm thấy tình huống.");
    await audit(tx, {
      actorId: input.actorId,
      contestId: input.contestId,
      action: "situation.delete",
      before: { roundId: round.id, code: row.code, title: row.title, assignedTo: unassigned.map((u) => u.contestantId) },
    });
    return { ok: true as const };
  });
}

// ---------- opening, closing, assignment (organisers) ----------

/** Opens the round for drawing. `windowMinutes` (≥ the time limit) is how long contestants may draw. */
export async function openSituationRound(input: { contestId: number; roundId: number; windowMinutes?: number | undefined; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    const [owner] = await tx.select({ status: contest.status }).from(contest).where(eq(contest.id, input.contestId));
    if (owner?.status !== "running") return refuse("Hãy chuyển hội thi sang “Đang thi” trước khi mở vòng thi.");
    if (round.status !== "pending") return refuse("Vòng thi đã được mở trước đó.");
    const [situations] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(contestSituation)
      .where(eq(contestSituation.roundId, round.id));
    if (!situations?.n) return refuse("Vòng thi chưa có tình huống: hãy nhập tình huống trước.");
    const minutes = Math.max(round.timeLimitMinutes ?? 30, input.windowMinutes ?? 0);
    await tx
      .update(contestRound)
      .set({ status: "open", opensAt: sql`now()`, closesAt: sql`now() + make_interval(mins => ${minutes})`, updatedAt: new Date() })
      .where(eq(contestRound.id, round.id));
    await audit(tx, { actorId: input.actorId, contestId: input.contestId, action: "round.open", after: { roundId: round.id, minutes } });
    return { ok: true as const };
  });
}

/** Closes the round and locks every draw: what was saved so far is handed in. */
export async function closeSituationRound(input: { contestId: number; roundId: number; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round || round.status !== "open") return refuse("Vòng thi không ở trạng thái đang mở.");
    await tx
      .update(contestRound)
      .set({ status: "closed", closesAt: sql`least(${contestRound.closesAt}, now())`, updatedAt: new Date() })
      .where(eq(contestRound.id, round.id));
    const locked = await tx
      .update(contestSituationDraw)
      .set({ submittedAt: sql`now()`, updatedAt: new Date() })
      .where(and(eq(contestSituationDraw.roundId, round.id), sql`${contestSituationDraw.drawnAt} is not null`, isNull(contestSituationDraw.submittedAt)))
      .returning({ id: contestSituationDraw.id });
    await audit(tx, { actorId: input.actorId, contestId: input.contestId, action: "round.close", after: { roundId: round.id, handedIn: locked.length } });
    return { ok: true as const, handedIn: locked.length };
  });
}

/**
 * Assigns a situation to a contestant instead of a random draw, while they have not drawn yet
 * (a later assignment replaces an earlier one). Audited with the previous assignment.
 */
export async function assignSituation(input: { contestId: number; roundId: number; contestantId: number; situationId: number; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    if (round.status === "closed") return refuse("Vòng thi đã đóng.");
    const [situation] = await tx
      .select({ id: contestSituation.id, code: contestSituation.code })
      .from(contestSituation)
      .where(and(eq(contestSituation.id, input.situationId), eq(contestSituation.roundId, round.id)));
    if (!situation) return refuse("Không tìm thấy tình huống.");
    const [entrant] = await tx
      .select({ id: contestContestant.id })
      .from(contestContestant)
      .where(and(eq(contestContestant.id, input.contestantId), eq(contestContestant.contestId, input.contestId), eq(contestContestant.status, "registered")));
    if (!entrant) return refuse("Không tìm thấy thí sinh trong hội thi này.");
    const [before] = await tx
      .select({ situationId: contestSituationDraw.situationId, drawnAt: contestSituationDraw.drawnAt })
      .from(contestSituationDraw)
      .where(and(eq(contestSituationDraw.roundId, round.id), eq(contestSituationDraw.contestantId, entrant.id)))
      .for("update");
    if (before?.drawnAt) return refuse("Thí sinh đã bốc thăm tình huống: không thể phân công lại.");
    await tx
      .insert(contestSituationDraw)
      .values({ roundId: round.id, contestantId: entrant.id, situationId: situation.id, assignedBy: input.actorId })
      .onConflictDoUpdate({
        target: [contestSituationDraw.roundId, contestSituationDraw.contestantId],
        set: { situationId: situation.id, assignedBy: input.actorId, updatedAt: new Date() },
        setWhere: isNull(contestSituationDraw.drawnAt),
      });
    await audit(tx, {
      actorId: input.actorId,
      contestId: input.contestId,
      action: "situation.assign",
      before: before ? { roundId: round.id, contestantId: entrant.id, situationId: before.situationId } : null,
      after: { roundId: round.id, contestantId: entrant.id, situationId: situation.id, code: situation.code },
    });
    return { ok: true as const };
  });
}

/** Removes an assignment the contestant has not drawn yet: they will draw at random. Audited. */
export async function unassignSituation(input: { contestId: number; roundId: number; contestantId: number; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    const [removed] = await tx
      .delete(contestSituationDraw)
      .where(and(eq(contestSituationDraw.roundId, round.id), eq(contestSituationDraw.contestantId, input.contestantId), isNull(contestSituationDraw.drawnAt)))
      .returning({ situationId: contestSituationDraw.situationId });
    if (!removed) return refuse("Không còn phân công nào để bỏ: thí sinh đã bốc thăm hoặc chưa được phân công.");
    await audit(tx, {
      actorId: input.actorId,
      contestId: input.contestId,
      action: "situation.unassign",
      before: { roundId: round.id, contestantId: input.contestantId, situationId: removed.situationId },
    });
    return { ok: true as const };
  });
}

const ContestantChoicesRowSchema = z.object({ id: z.number(), fullName: z.string(), unitName: z.string() });

/** Registered contestants, for the assignment form. */
export async function listContestantChoices(contestId: number) {
  return rowsOf(
    await getDb().execute(sql`
      select c.id, ${fullNameSql()} as "fullName", u.name as "unitName"
      from ${contestContestant} c join ${person} p on p.id = c.person_id join ${unit} u on u.id = c.tccs_unit_id
      where c.contest_id = ${contestId} and c.status = 'registered'
      order by p.sort_key collate "C", c.id
      limit 1000`),
    ContestantChoicesRowSchema,
  );
}

const RoundDrawsRowSchema = z.object({
  id: z.number(),
  contestantId: z.number(),
  fullName: z.string(),
  unitName: z.string(),
  code: z.string(),
  title: z.string(),
  assigned: z.boolean(),
  drawnAt: z.union([z.string(), z.date()]).nullable(),
  deadline: z.union([z.string(), z.date()]).nullable(),
  savedAt: z.union([z.string(), z.date()]).nullable(),
  submittedAt: z.union([z.string(), z.date()]).nullable(),
  handedIn: z.boolean(),
  answer: z.string(),
});

/** Who drew or was assigned what, with status and the answer; organisers only (callers authorise). */
export async function listRoundDraws(roundId: number) {
  const rows = rowsOf(
    await getDb().execute(sql`
      select d.id, c.id as "contestantId", ${fullNameSql()} as "fullName", u.name as "unitName",
        s.code, s.title, d.assigned_by is not null as assigned, d.drawn_at as "drawnAt", d.deadline, d.saved_at as "savedAt",
        d.submitted_at as "submittedAt", (d.drawn_at is not null and ${HANDED_IN}) as "handedIn", d.answer
      from ${contestSituationDraw} d
      join ${contestRound} r on r.id = d.round_id
      join ${contestSituation} s on s.id = d.situation_id
      join ${contestContestant} c on c.id = d.contestant_id
      join ${person} p on p.id = c.person_id
      join ${unit} u on u.id = c.tccs_unit_id
      where d.round_id = ${roundId}
      order by p.sort_key collate "C", c.id
      limit 1000`),
    RoundDrawsRowSchema,
  );
  return rows;
}

// ---------- the contestant ----------

async function loadRoundForContestant(input: { contestId: number; roundId: number }) {
  const [row] = await getDb()
    .select({
      id: contestRound.id,
      name: contestRound.name,
      status: contestRound.status,
      answerMode: contestRound.answerMode,
      timeLimitMinutes: contestRound.timeLimitMinutes,
      closesAt: contestRound.closesAt,
    })
    .from(contestRound)
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contestId), eq(contestRound.kind, "situation")));
  return row ?? null;
}

const DrawRowSchema = z.object({
  code: z.string(),
  title: z.string(),
  body: z.string(),
  answer: z.string(),
  deadline: z.union([z.string(), z.date()]),
  savedAt: z.union([z.string(), z.date()]).nullable(),
  submittedAt: z.union([z.string(), z.date()]).nullable(),
  handedIn: z.boolean(),
  now: z.union([z.string(), z.date()]),
});

/**
 * The contestant's view: the round and their own draw. The situation's text leaves the database
 * only once this contestant has drawn it; an assignment not yet drawn shows nothing.
 */
export async function getContestantSituation(input: { contestId: number; roundId: number; contestantId: number }) {
  const round = await loadRoundForContestant(input);
  if (!round) return null;
  const [draw] = rowsOf(
    await getDb().execute(sql`
      select s.code, s.title, s.body, d.answer, d.deadline, d.saved_at as "savedAt", d.submitted_at as "submittedAt", ${HANDED_IN} as "handedIn", now() as now
      from ${contestSituationDraw} d
      join ${contestRound} r on r.id = d.round_id
      join ${contestSituation} s on s.id = d.situation_id
      where d.round_id = ${round.id} and d.contestant_id = ${input.contestantId} and d.drawn_at is not null`),
    DrawRowSchema,
  );
  return {
    round,
    draw: draw
      ? {
          ...draw,
          deadline: new Date(draw.deadline),
          savedAt: draw.savedAt ? new Date(draw.savedAt) : null,
          submittedAt: draw.submittedAt ? new Date(draw.submittedAt) : null,
          serverNow: new Date(draw.now),
        }
      : null,
  };
}

/**
 * "Bốc thăm tình huống": returns the contestant's situation, drawing one if needed. An assignment
 * is revealed as is; otherwise the least-used situation of the round (ties at random). Idempotent:
 * the unique (round, contestant) index with ON CONFLICT DO NOTHING keeps one row however many
 * presses arrive; the round lock serialises draws so that "least used" counts every earlier one.
 */
export async function drawSituation(input: { contestId: number; roundId: number; contestantId: number }) {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, input);
    if (!round) return refuse("Không tìm thấy vòng xử lý tình huống.");
    const [entrant] = await tx
      .select({ id: contestContestant.id })
      .from(contestContestant)
      .where(and(eq(contestContestant.id, input.contestantId), eq(contestContestant.contestId, input.contestId), eq(contestContestant.status, "registered")));
    if (!entrant) return refuse("Đồng chí không phải thí sinh của hội thi này.");
    const [existing] = await tx
      .select({ drawnAt: contestSituationDraw.drawnAt })
      .from(contestSituationDraw)
      .where(and(eq(contestSituationDraw.roundId, round.id), eq(contestSituationDraw.contestantId, entrant.id)));
    if (existing?.drawnAt) return { ok: true as const, already: true };
    if (round.status !== "open" || !round.closesAt || round.closesAt.getTime() <= Date.now()) return refuse("Vòng thi chưa mở hoặc đã kết thúc.");
    const deadline = sql`least(now() + make_interval(mins => ${round.timeLimitMinutes ?? 30}), (select closes_at from ${contestRound} where id = ${round.id}))`;
    if (existing) {
      await tx
        .update(contestSituationDraw)
        .set({ drawnAt: sql`now()`, deadline, updatedAt: new Date() })
        .where(and(eq(contestSituationDraw.roundId, round.id), eq(contestSituationDraw.contestantId, entrant.id), isNull(contestSituationDraw.drawnAt)));
      return { ok: true as const, already: false };
    }
    await tx.execute(sql`
      insert into ${contestSituationDraw} (round_id, contestant_id, situation_id, drawn_at, deadline)
      select ${round.id}, ${entrant.id}, s.id, now(), ${deadline}
      from ${contestSituation} s
      where s.round_id = ${round.id}
      order by (select count(*) from ${contestSituationDraw} u where u.situation_id = s.id), random()
      limit 1
      on conflict (round_id, contestant_id) do nothing`);
    return { ok: true as const, already: false };
  });
}

const ExplainAnswerRefusalRowSchema = z.object({ answerMode: z.string(), status: z.string(), drawn: z.boolean(), submitted: z.boolean() });

/** Why a write to the answer was refused (the write itself is guarded in its WHERE clause). */
async function explainAnswerRefusal(input: { roundId: number; contestantId: number }) {
  const [row] = rowsOf(
    await getDb().execute(sql`
      select r.answer_mode as "answerMode", r.status, d.drawn_at is not null as drawn, d.submitted_at is not null as submitted
      from ${contestRound} r left join ${contestSituationDraw} d on d.round_id = r.id and d.contestant_id = ${input.contestantId}
      where r.id = ${input.roundId}`),
    ExplainAnswerRefusalRowSchema,
  );
  if (!row) return "Không tìm thấy vòng thi.";
  if (row.answerMode !== "viet") return "Vòng thi này trình bày trực tiếp, không nộp bài viết.";
  if (!row.drawn) return "Đồng chí chưa bốc thăm tình huống.";
  if (row.submitted) return "Bài làm đã nộp và bị khóa, không sửa được nữa.";
  if (row.status === "closed") return "Vòng thi đã đóng: bài làm đã được thu.";
  return "Đã hết giờ làm bài: không lưu được nội dung mới. Phần đã lưu trước khi hết giờ được tính là bài nộp.";
}

function writeAnswer(input: { roundId: number; contestantId: number; answer: string; submit: boolean }) {
  return getDb().execute(sql`
    update ${contestSituationDraw} d
    set answer = ${input.answer}, saved_at = now(), updated_at = now()${input.submit ? sql`, submitted_at = now()` : sql``}
    from ${contestRound} r
    where r.id = d.round_id and d.round_id = ${input.roundId} and d.contestant_id = ${input.contestantId}
      and r.kind = 'situation' and r.answer_mode = 'viet' and r.status = 'open'
      and d.drawn_at is not null and d.submitted_at is null and now() <= d.deadline + ${GRACE}
    returning d.saved_at as "savedAt"`);
}

const SaveSituationAnswerRowSchema = z.object({ savedAt: z.union([z.string(), z.date()]) });

/** Autosave of a written answer: only the contestant's own open draw, before deadline + grace. */
export async function saveSituationAnswer(input: { roundId: number; contestantId: number; answer: string }) {
  const [row] = rowsOf(await writeAnswer({ ...input, submit: false }), SaveSituationAnswerRowSchema);
  if (!row) return refuse(await explainAnswerRefusal(input));
  return { ok: true as const, savedAt: new Date(row.savedAt) };
}

/** Hands in the answer (saving the text sent with it) and locks it. A second submit is a no-op. */
export async function submitSituationAnswer(input: { roundId: number; contestantId: number; answer: string }) {
  const [row] = rowsOf(await writeAnswer({ ...input, submit: true }), SaveSituationAnswerRowSchema);
  if (row) return { ok: true as const, already: false };
  const [done] = await getDb()
    .select({ id: contestSituationDraw.id })
    .from(contestSituationDraw)
    .where(
      and(
        eq(contestSituationDraw.roundId, input.roundId),
        eq(contestSituationDraw.contestantId, input.contestantId),
        sql`${contestSituationDraw.submittedAt} is not null`,
      ),
    );
  if (done) return { ok: true as const, already: true };
  return refuse(await explainAnswerRefusal(input));
}

const SituationForJudgeRowSchema = z.object({
  answerMode: z.string(),
  drawn: z.boolean(),
  handedIn: z.boolean(),
  code: z.string().nullable(),
  title: z.string().nullable(),
  body: z.string().nullable(),
  answer: z.string().nullable(),
  submittedAt: z.union([z.string(), z.date()]).nullable(),
});

// ---------- judges ----------

/**
 * What a judge sees beside the rubric for one contestant: the drawn situation, and in a written
 * round the answer, only once handed in (both stay in the database before). Scoped in the WHERE:
 * the judge is assigned to the round and not from the contestant's unit.
 */
export async function getSituationForJudge(input: { roundId: number; contestantId: number; judgeUserId: string }) {
  const [row] = rowsOf(
    await getDb().execute(sql`
      select r.answer_mode as "answerMode", d.drawn_at is not null as drawn, coalesce(d.drawn_at is not null and ${HANDED_IN}, false) as "handedIn",
        case when ${VISIBLE_TO_JUDGE} then s.code end as code,
        case when ${VISIBLE_TO_JUDGE} then s.title end as title,
        case when ${VISIBLE_TO_JUDGE} then s.body end as body,
        case when r.answer_mode = 'viet' and ${VISIBLE_TO_JUDGE} then d.answer end as answer,
        case when ${VISIBLE_TO_JUDGE} then d.submitted_at end as "submittedAt"
      from ${contestRound} r
      join ${contestContestant} c on c.contest_id = r.contest_id and c.id = ${input.contestantId} and c.status = 'registered'
      left join ${contestSituationDraw} d on d.round_id = r.id and d.contestant_id = c.id
      left join ${contestSituation} s on s.id = d.situation_id
      where r.id = ${input.roundId} and r.kind = 'situation'
        and exists (select 1 from contest_judge j where j.round_id = r.id and j.user_id = ${input.judgeUserId})
        and not ${sameTccs(input.judgeUserId)}`),
    SituationForJudgeRowSchema,
  );
  if (!row) return null;
  return { ...row, submittedAt: row.submittedAt ? new Date(row.submittedAt) : null };
}
