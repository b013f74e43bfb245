import { z } from "zod";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor, type Tx } from "#db/client.server";
import { auditLog, contestBallot, contestContestant, contestJudge, contestRound, person, unit, user } from "#db/schema";
import { listCriteria } from "./contests.server";
import { READY_FOR_SHEET } from "./handed-in.server";
import { recomputeScores } from "./recompute.server";
import { roundTo } from "./scoring";
import { fullNameSql } from "~/org/name-sql.server";
import { refuse } from "~/forms/command";

/**
 * Conflict of interest, as SQL over a judge user id and a contestant row `c`: the judge's cell and
 * the contestant's cell lie under the same unit directly below the contest's organising unit (for a
 * bloc contest: the same TCCS; for a grassroots contest: the same chi bộ or đảng bộ bộ phận).
 * A judge without a person record, or from outside the organising unit, has no conflict.
 */
export function sameTccs(judgeUserId: string) {
  const below = (path: ReturnType<typeof sql>) => sql`split_part(substr(${path}, length(ou.path) + 1), '/', 1)`;
  return sql`exists (
    select 1 from ${user} ju
    join ${person} jp on jp.id = ju.person_id join ${unit} jc on jc.id = jp.unit_id
    join contest k2 on k2.id = c.contest_id join ${unit} ou on ou.id = k2.unit_id
    join ${person} cp on cp.id = c.person_id join ${unit} cc on cc.id = cp.unit_id
    where ju.id = ${judgeUserId} and jc.path like ou.path || '%' and cc.path like ou.path || '%'
      and ${below(sql`jc.path`)} = ${below(sql`cc.path`)})`;
}

export type Scores = Record<string, number>;

/** Checks a sheet against the rubric: every criterion scored, within 0..max. Vietnamese errors. */
export async function validateScores(input: { roundId: number; raw: Record<string, unknown> }) {
  const criteria = await listCriteria(input.roundId);
  if (!criteria.length) return refuse("Vòng thi chưa có thang điểm (tiêu chí chấm).");
  const errors: string[] = [];
  const scores: Scores = {};
  for (const c of criteria) {
    const text = String(input.raw[`c${c.id}`] ?? "")
      .trim()
      .replace(",", ".");
    const value = Number(text);
    if (!text || !Number.isFinite(value)) errors.push(`Vui lòng nhập điểm "${c.label}".`);
    else if (value < 0 || value > c.maxPoints) errors.push(`Điểm "${c.label}" phải từ 0 đến ${c.maxPoints}.`);
    else scores[String(c.id)] = roundTo(value, 2);
  }
  // One refusal for the whole sheet: every criterion's problem, in rubric order.
  if (errors.length) return refuse(errors.join(" "));
  return {
    ok: true as const,
    scores,
    total: roundTo(
      Object.values(scores).reduce((s, v) => s + v, 0),
      2,
    ),
    criteria,
  };
}

async function contestIdOfRound(db: Executor, roundId: number) {
  const [row] = await db.select({ contestId: contestRound.contestId }).from(contestRound).where(eq(contestRound.id, roundId));
  return row?.contestId ?? null;
}

async function audit(tx: Tx, entry: { actorId: string; contestId: number; action: string; before?: unknown; after?: unknown; reason?: string | null }) {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: "contest",
    entityId: String(entry.contestId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  });
}

const ExplainRefusalRowSchema = z.object({
  assigned: z.boolean(),
  conflict: z.boolean(),
  running: z.boolean(),
  judged: z.boolean(),
  status: z.string().nullable(),
  registered: z.boolean(),
  ready: z.boolean(),
});

/** Why a ballot could not be written (the write itself is guarded in its WHERE clause). */
async function explainRefusal(tx: Tx, input: { roundId: number; contestantId: number; judgeUserId: string }) {
  const [row] = rowsOf(
    await tx.execute(sql`
      select
        exists (select 1 from ${contestJudge} j where j.round_id = r.id and j.user_id = ${input.judgeUserId}) as assigned,
        ${sameTccs(input.judgeUserId)} as conflict,
        (k.status = 'running') as running,
        (r.kind in ('situation', 'presentation')) as judged,
        (c.status = 'registered') as registered,
        ${READY_FOR_SHEET} as ready,
        (select b.status from ${contestBallot} b where b.round_id = r.id and b.contestant_id = c.id and b.judge_user_id = ${input.judgeUserId}) as status
      from ${contestRound} r join contest k on k.id = r.contest_id
      join ${contestContestant} c on c.contest_id = r.contest_id and c.id = ${input.contestantId}
      where r.id = ${input.roundId}`),
    ExplainRefusalRowSchema,
  );
  if (!row || !row.registered) return "Không tìm thấy thí sinh trong hội thi này.";
  if (!row.judged) return "Vòng thi này không chấm bằng phiếu điểm.";
  if (!row.assigned) return "Giám khảo không được phân công chấm vòng thi này.";
  if (row.conflict) return "Giám khảo không được chấm thí sinh cùng đơn vị với mình.";
  if (!row.running) return "Hội thi không ở trạng thái đang thi.";
  if (!row.ready) return "Thí sinh chưa nộp bài viết của vòng này: chấm sau khi thí sinh nộp bài hoặc khi vòng thi đã đóng.";
  if (row.status === "submitted") return "Phiếu điểm đã nộp và bị khóa. Chỉ ban tổ chức có thể mở lại, kèm lý do.";
  if (row.status === "pending_confirmation") return "Phiếu điểm đang chờ người thứ hai xác nhận.";
  return "Không thể lưu phiếu điểm.";
}

const WriteBallotRowSchema = z.object({ id: z.number() });

/**
 * Writes a sheet for (round, contestant, judge) when the judge is assigned to the round, the
 * contestant is not from the judge's own TCCS, the contest is running and no locked sheet
 * exists (a reopened one may be overwritten). All of it in the statement's WHERE clause.
 */
async function writeBallot(
  tx: Tx,
  input: {
    roundId: number;
    contestantId: number;
    judgeUserId: string;
    scores: Scores;
    total: number;
    status: "submitted" | "pending_confirmation";
    enteredBy: string;
  },
) {
  const submittedAt = input.status === "submitted" ? sql`now()` : sql`null`;
  return rowsOf(
    await tx.execute(sql`
      insert into ${contestBallot} (round_id, contestant_id, judge_user_id, scores, total, status, entered_by, confirmed_by, submitted_at)
      select r.id, c.id, ${input.judgeUserId}, ${JSON.stringify(input.scores)}::jsonb, ${input.total}, ${input.status}, ${input.enteredBy}, null, ${submittedAt}
      from ${contestRound} r
      join contest k on k.id = r.contest_id and k.status = 'running'
      join ${contestContestant} c on c.contest_id = r.contest_id and c.id = ${input.contestantId} and c.status = 'registered'
      join ${contestJudge} j on j.round_id = r.id and j.user_id = ${input.judgeUserId}
      where r.id = ${input.roundId} and r.kind in ('situation', 'presentation') and not ${sameTccs(input.judgeUserId)} and ${READY_FOR_SHEET}
      on conflict (round_id, contestant_id, judge_user_id) do update
        set scores = excluded.scores, total = excluded.total, status = excluded.status, entered_by = excluded.entered_by,
            confirmed_by = null, submitted_at = excluded.submitted_at, updated_at = now()
        where ${contestBallot}.status = 'reopened'
      returning id`),
    WriteBallotRowSchema,
  );
}

async function currentBallot(tx: Tx, input: { roundId: number; contestantId: number; judgeUserId: string }) {
  const [row] = await tx
    .select({
      id: contestBallot.id,
      scores: contestBallot.scores,
      total: contestBallot.total,
      status: contestBallot.status,
      enteredBy: contestBallot.enteredBy,
    })
    .from(contestBallot)
    .where(and(eq(contestBallot.roundId, input.roundId), eq(contestBallot.contestantId, input.contestantId), eq(contestBallot.judgeUserId, input.judgeUserId)))
    .for("update");
  return row ?? null;
}

/**
 * A judge submits their own sheet: it locks at once, totals and ranks are recomputed and the
 * scoreboards notified, all in one transaction.
 */
export async function submitBallot(input: { roundId: number; contestantId: number; judgeUserId: string; scores: Scores; total: number }) {
  return getDb().transaction(async (tx) => {
    const target = { roundId: input.roundId, contestantId: input.contestantId, judgeUserId: input.judgeUserId };
    const before = await currentBallot(tx, target);
    const written = await writeBallot(tx, { ...input, status: "submitted", enteredBy: input.judgeUserId });
    if (!written.length) return refuse(await explainRefusal(tx, target));
    const contestId = (await contestIdOfRound(tx, input.roundId))!;
    await audit(tx, {
      actorId: input.judgeUserId,
      contestId,
      action: "ballot.submit",
      before: before ? { ballotId: before.id, ...target, scores: before.scores, total: before.total, status: before.status } : null,
      after: { ballotId: written[0]!.id, ...target, scores: input.scores, total: input.total, status: "submitted" },
    });
    await recomputeScores(tx, { contestId, pairs: [{ roundId: input.roundId, contestantId: input.contestantId }] });
    return { ok: true as const, ballotId: written[0]!.id };
  });
}

/** A clerk (organiser) types in a judge's paper sheet; it waits for a second person's identical entry. */
export async function enterPaperBallot(input: { roundId: number; contestantId: number; judgeUserId: string; scores: Scores; total: number; clerkId: string }) {
  return getDb().transaction(async (tx) => {
    const target = { roundId: input.roundId, contestantId: input.contestantId, judgeUserId: input.judgeUserId };
    const written = await writeBallot(tx, { ...input, status: "pending_confirmation", enteredBy: input.clerkId });
    if (!written.length) return refuse(await explainRefusal(tx, target));
    const contestId = (await contestIdOfRound(tx, input.roundId))!;
    await audit(tx, {
      actorId: input.clerkId,
      contestId,
      action: "ballot.paper_entry",
      after: { ballotId: written[0]!.id, ...target, scores: input.scores, total: input.total, status: "pending_confirmation" },
    });
    return { ok: true as const, ballotId: written[0]!.id };
  });
}

/**
 * Double entry: a second organiser re-enters the paper sheet. Equal figures lock the sheet
 * (and recompute); any difference is listed and nothing is accepted.
 */
export async function confirmPaperBallot(input: { ballotId: number; roundId: number; scores: Scores; confirmerId: string }) {
  return getDb().transaction(async (tx) => {
    const [ballot] = await tx
      .select({
        id: contestBallot.id,
        scores: contestBallot.scores,
        total: contestBallot.total,
        enteredBy: contestBallot.enteredBy,
        status: contestBallot.status,
        contestantId: contestBallot.contestantId,
        judgeUserId: contestBallot.judgeUserId,
      })
      .from(contestBallot)
      .where(and(eq(contestBallot.id, input.ballotId), eq(contestBallot.roundId, input.roundId)))
      .for("update");
    if (!ballot || ballot.status !== "pending_confirmation") return { ...refuse("Phiếu điểm không ở trạng thái chờ xác nhận."), mismatches: [] };
    if (ballot.enteredBy === input.confirmerId) return { ...refuse("Người xác nhận phải khác người đã nhập phiếu."), mismatches: [] };
    const mismatches = Object.keys({ ...ballot.scores, ...input.scores }).filter((k) => ballot.scores[k] !== input.scores[k]);
    if (mismatches.length) {
      return { ...refuse("Số liệu nhập lần hai không khớp lần một. Hãy đối chiếu với phiếu giấy."), mismatches };
    }
    await tx
      .update(contestBallot)
      .set({ status: "submitted", confirmedBy: input.confirmerId, submittedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(contestBallot.id, ballot.id), eq(contestBallot.status, "pending_confirmation")));
    const contestId = (await contestIdOfRound(tx, input.roundId))!;
    await audit(tx, {
      actorId: input.confirmerId,
      contestId,
      action: "ballot.confirm",
      after: {
        ballotId: ballot.id,
        roundId: input.roundId,
        contestantId: ballot.contestantId,
        judgeUserId: ballot.judgeUserId,
        scores: ballot.scores,
        total: ballot.total,
        status: "submitted",
      },
    });
    await recomputeScores(tx, { contestId, pairs: [{ roundId: input.roundId, contestantId: ballot.contestantId }] });
    return { ok: true as const };
  });
}

/** An organiser unlocks a submitted sheet, with a reason; it stops counting until resubmitted. */
export async function reopenBallot(input: { ballotId: number; roundId: number; reason: string; actorId: string }) {
  return getDb().transaction(async (tx) => {
    const [ballot] = await tx
      .update(contestBallot)
      .set({ status: "reopened", updatedAt: new Date() })
      .where(and(eq(contestBallot.id, input.ballotId), eq(contestBallot.roundId, input.roundId), eq(contestBallot.status, "submitted")))
      .returning({
        id: contestBallot.id,
        scores: contestBallot.scores,
        total: contestBallot.total,
        contestantId: contestBallot.contestantId,
        judgeUserId: contestBallot.judgeUserId,
      });
    if (!ballot) return refuse("Chỉ mở lại được phiếu điểm đã nộp.");
    const contestId = (await contestIdOfRound(tx, input.roundId))!;
    await audit(tx, {
      actorId: input.actorId,
      contestId,
      action: "ballot.reopen",
      before: {
        ballotId: ballot.id,
        roundId: input.roundId,
        contestantId: ballot.contestantId,
        judgeUserId: ballot.judgeUserId,
        scores: ballot.scores,
        total: ballot.total,
        status: "submitted",
      },
      after: { ballotId: ballot.id, status: "reopened" },
      reason: input.reason,
    });
    await recomputeScores(tx, { contestId, pairs: [{ roundId: input.roundId, contestantId: ballot.contestantId }] });
    return { ok: true as const };
  });
}

const JudgeRoundSheetRowSchema = z.object({
  contestantId: z.number(),
  fullName: z.string(),
  unitName: z.string(),
  conflict: z.boolean(),
  ballotStatus: z.string().nullable(),
  total: z.number().nullable(),
  scores: z.record(z.number()).nullable(),
});

/** A judge's sheet list for one round: contestants, conflict flag, the judge's own ballot. Scoped by assignment. */
export async function getJudgeRoundSheet(input: { roundId: number; judgeUserId: string }) {
  return rowsOf(
    await getDb().execute(sql`
      select c.id as "contestantId", ${fullNameSql()} as "fullName",
        u.name as "unitName", ${sameTccs(input.judgeUserId)} as conflict,
        b.status as "ballotStatus", b.total, b.scores
      from ${contestRound} r
      join ${contestJudge} j on j.round_id = r.id and j.user_id = ${input.judgeUserId}
      join ${contestContestant} c on c.contest_id = r.contest_id and c.status = 'registered'
      join ${person} p on p.id = c.person_id
      join ${unit} u on u.id = c.tccs_unit_id
      left join ${contestBallot} b on b.round_id = r.id and b.contestant_id = c.id and b.judge_user_id = ${input.judgeUserId}
      where r.id = ${input.roundId}
      order by p.sort_key collate "C", c.id
      limit 1000`),
    JudgeRoundSheetRowSchema,
  );
}

/** Rounds a judge is assigned to in a contest. */
export async function listJudgeRounds(input: { contestId: number; judgeUserId: string }) {
  return getDb()
    .select({ id: contestRound.id, name: contestRound.name, kind: contestRound.kind, position: contestRound.position })
    .from(contestRound)
    .innerJoin(contestJudge, and(eq(contestJudge.roundId, contestRound.id), eq(contestJudge.userId, input.judgeUserId)))
    .where(eq(contestRound.contestId, input.contestId))
    .orderBy(asc(contestRound.position));
}

const RoundBallotsRowSchema = z.object({
  id: z.number(),
  contestantId: z.number(),
  fullName: z.string(),
  judgeName: z.string(),
  judgeUserId: z.string(),
  status: z.string(),
  total: z.number(),
  enteredBy: z.string(),
  enteredByName: z.string(),
});

/** Every sheet of a round for the organiser (status, who entered/confirmed). */
export async function listRoundBallots(roundId: number) {
  return rowsOf(
    await getDb().execute(sql`
      select b.id, b.contestant_id as "contestantId", ${fullNameSql()} as "fullName",
        ju.display_name as "judgeName", b.judge_user_id as "judgeUserId", b.status, b.total, b.entered_by as "enteredBy", eu.display_name as "enteredByName"
      from ${contestBallot} b
      join ${contestContestant} c on c.id = b.contestant_id
      join ${person} p on p.id = c.person_id
      join ${user} ju on ju.id = b.judge_user_id
      join ${user} eu on eu.id = b.entered_by
      where b.round_id = ${roundId}
      order by p.sort_key collate "C", ju.display_name
      limit 2000`),
    RoundBallotsRowSchema,
  );
}

/** The contest's audit trail (who, when, before, after, why), newest first. */
export async function listContestAudit(input: { contestId: number; limit?: number }) {
  return getDb()
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorName: user.displayName,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, "contest"), eq(auditLog.entityId, String(input.contestId))))
    .orderBy(desc(auditLog.id))
    .limit(input.limit ?? 200);
}
