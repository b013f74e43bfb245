import { and, asc, eq, isNotNull, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { meeting, meetingAttendance, meetingSelfAssessment, person, resolutionTask, visit, visitScore } from "#db/schema";
import { fullNameSql } from "~/org/name-sql.server";
import { checkDraft } from "~/practice/drafting";
import { formatDay } from "~/utils/dates";
import { refuse, type CommandResult } from "~/forms/command";
import type { RecordValue } from "./schemas";
import type { AttendanceStatus, MeetingKind, Rating } from "./rules";
import { refreshCellDates } from "./figures-rollup.server";
import { lockTrees } from "~/org/tree-lock.server";

/** Cell-facing: the meeting record form and what the cell may see of its meeting (ADR 015). */

export interface MeetingKey {
  cellId: number;
  scheduledOn: string;
  kind: MeetingKind;
}

function keyWhere(key: MeetingKey) {
  return and(eq(meeting.cellId, key.cellId), eq(meeting.scheduledOn, key.scheduledOn), eq(meeting.kind, key.kind));
}

/** The cell's members to call the roll of: active members of the cell and anyone already on the meeting's roll. */
async function listRoll(cellId: number, meetingId: number | null, db: Executor = getDb()) {
  const p = sql.raw("person");
  return db
    .select({ personId: person.id, name: fullNameSql(p), memberCode: person.memberCode })
    .from(person)
    .where(
      or(
        and(eq(person.unitId, cellId), eq(person.active, true)),
        meetingId === null ? sql`false` : sql`exists (select 1 from meeting_attendance ma where ma.meeting_id = ${meetingId} and ma.person_id = ${person.id})`,
      ),
    )
    .orderBy(sql`${person.sortKey} collate "C"`, asc(person.id));
}

/** The meeting record as the cell sees it (null fields for a meeting not yet recorded). */
export async function getRecord(key: MeetingKey) {
  const [row] = await getDb()
    .select({
      id: meeting.id,
      heldOn: meeting.heldOn,
      topic: meeting.topic,
      status: meeting.status,
      postponeReason: meeting.postponeReason,
      postponedTo: meeting.postponedTo,
      summary: meeting.summary,
      minutesAdopted: meeting.minutesAdopted,
      recordedAt: meeting.recordedAt,
      source: meeting.source,
    })
    .from(meeting)
    .where(and(keyWhere(key), isNotNull(meeting.recordedAt)));
  const meetingId = row?.id ?? null;
  const [roll, attendance, tasks, self, visits] = await Promise.all([
    listRoll(key.cellId, meetingId),
    meetingId === null
      ? []
      : getDb()
          .select({ personId: meetingAttendance.personId, status: meetingAttendance.status, reason: meetingAttendance.reason })
          .from(meetingAttendance)
          .where(eq(meetingAttendance.meetingId, meetingId)),
    meetingId === null
      ? []
      : getDb()
          .select({ task: resolutionTask.task, ownerPersonId: resolutionTask.ownerPersonId, deadlineOn: resolutionTask.deadlineOn })
          .from(resolutionTask)
          .where(eq(resolutionTask.meetingId, meetingId))
          .orderBy(asc(resolutionTask.position)),
    meetingId === null
      ? []
      : getDb()
          .select({ rating: meetingSelfAssessment.rating, remarks: meetingSelfAssessment.remarks })
          .from(meetingSelfAssessment)
          .where(eq(meetingSelfAssessment.meetingId, meetingId)),
    listFiledVisits(key),
  ]);
  const byPerson = new Map(attendance.map((a) => [a.personId, a]));
  const ownerName = new Map(roll.map((r) => [r.personId, r.name]));
  const recorded = row?.status === "held" ? row : null;
  return {
    meeting: row ?? null,
    recorded,
    roll: roll.map((r) => ({
      ...r,
      status: (byPerson.get(r.personId)?.status ?? "present") as AttendanceStatus,
      reason: byPerson.get(r.personId)?.reason ?? "",
    })),
    tasks,
    taskProblems: recorded
      ? checkTasks(
          tasks.map((t) => ({
            task: t.task,
            owner: t.ownerPersonId ? (ownerName.get(t.ownerPersonId) ?? "") : "",
            deadline: t.deadlineOn ? formatDay(t.deadlineOn) : "",
          })),
        )
      : [],
    self: (self[0] as { rating: Rating; remarks: string } | undefined) ?? null,
    visits,
  };
}

/** The drafting checker of the practice feature, on the saved tasks: which are vague or lack an owner or deadline. */
function checkTasks(tasks: { task: string; owner: string; deadline: string }[]) {
  if (!tasks.length) return [];
  return checkDraft({ tasks, politicalTask: "", minTasks: 0 }).tasks;
}

/** Filed visits to the meeting with their score: what the cell sees once the attendee has filed. */
export async function listFiledVisits(key: MeetingKey) {
  const p = sql.raw("person");
  return getDb()
    .select({
      attendee: fullNameSql(p),
      filedAt: visit.filedAt,
      total: visitScore.total,
      rating: visitScore.rating,
      remarks: visitScore.remarks,
      assessment: visit.assessment,
    })
    .from(visit)
    .innerJoin(meeting, eq(meeting.id, visit.meetingId))
    .innerJoin(person, eq(person.id, visit.attendeePersonId))
    .leftJoin(visitScore, eq(visitScore.visitId, visit.id))
    .where(and(keyWhere(key), isNotNull(visit.filedAt)))
    .orderBy(asc(visit.filedAt));
}

export type SaveRecordResult = CommandResult<{ meetingId: number }>;

/**
 * Saves the record in one transaction: the meeting (created or updated on its key, so sending the
 * same form twice leaves one record), its roll and its tasks (replaced). Members and owners must be
 * on the cell's roll.
 */
export async function saveRecord(input: { key: MeetingKey; value: RecordValue; userId: string }): Promise<SaveRecordResult> {
  const { key, value } = input;
  return getDb().transaction(async (tx) => {
    // The tree's write lock before any row that references the cell or its members (app/org/tree-lock.server.ts).
    await lockTrees(tx, { unitIds: [key.cellId] });
    const [existing] = await tx.select({ id: meeting.id, heldOn: meeting.heldOn }).from(meeting).where(keyWhere(key));
    const roll = new Set((await listRoll(key.cellId, existing?.id ?? null, tx)).map((r) => r.personId));
    const strangers = [...value.attendance.map((a) => a.personId), ...value.tasks.flatMap((t) => (t.ownerPersonId === "" ? [] : [t.ownerPersonId]))].filter(
      (id) => !roll.has(id),
    );
    if (strangers.length) return refuse("Danh sách có người không thuộc chi bộ. Hãy tải lại trang và ghi lại.");
    const now = new Date();
    const fields = {
      heldOn: value.heldOn,
      topic: value.topic || null,
      status: "held",
      summary: value.summary,
      minutesAdopted: value.minutesAdopted === "on",
      recordedBy: input.userId,
      updatedAt: now,
    };
    const [saved] = await tx
      .insert(meeting)
      .values({ ...key, ...fields, recordedAt: now })
      .onConflictDoUpdate({
        target: [meeting.cellId, meeting.scheduledOn, meeting.kind],
        set: { ...fields, recordedAt: sql`coalesce(${meeting.recordedAt}, now())` },
      })
      .returning({ id: meeting.id });
    const meetingId = saved!.id;
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    await tx.insert(meetingAttendance).values(
      value.attendance.map((a) => ({
        meetingId,
        personId: a.personId,
        heldOn: value.heldOn,
        status: a.status,
        reason: a.status === "present" ? null : a.reason || null,
      })),
    );
    await tx.delete(resolutionTask).where(eq(resolutionTask.meetingId, meetingId));
    if (value.tasks.length) {
      await tx.insert(resolutionTask).values(
        value.tasks.map((t, i) => ({
          meetingId,
          position: i + 1,
          task: t.task,
          ownerPersonId: t.ownerPersonId === "" ? null : t.ownerPersonId,
          deadlineOn: t.deadlineOn || null,
        })),
      );
    }
    // The dashboards' roll-up moves with the record (ADR 020).
    await refreshCellDates(tx, { cellId: key.cellId, dates: [value.heldOn, key.scheduledOn, existing?.heldOn] });
    return { ok: true, meetingId } as const;
  });
}

/** The cell's own assessment of a recorded meeting; shown apart from any attendee's rating. */
export async function saveSelfAssessment(input: { key: MeetingKey; rating: Rating; remarks: string; userId: string }): Promise<CommandResult> {
  return getDb().transaction(async (tx) => {
    await lockTrees(tx, { unitIds: [input.key.cellId] });
    const [m] = await tx
      .select({ id: meeting.id, heldOn: meeting.heldOn })
      .from(meeting)
      .where(and(keyWhere(input.key), isNotNull(meeting.recordedAt), eq(meeting.status, "held")));
    if (!m) return refuse("Ghi biên bản kỳ sinh hoạt trước khi tự đánh giá.");
    await tx
      .insert(meetingSelfAssessment)
      .values({ meetingId: m.id, rating: input.rating, remarks: input.remarks, assessedBy: input.userId })
      .onConflictDoUpdate({
        target: meetingSelfAssessment.meetingId,
        set: { rating: input.rating, remarks: input.remarks, assessedBy: input.userId, updatedAt: new Date() },
      });
    await refreshCellDates(tx, { cellId: input.key.cellId, dates: [m.heldOn] });
    return { ok: true } as const;
  });
}
