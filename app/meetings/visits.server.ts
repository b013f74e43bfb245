import { z } from "zod";
import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { meeting, person, scoringSheet, unit, visit, visitAssignment, visitScore } from "#db/schema";
import { addDays } from "~/utils/dates";
import { listAudit, writeAudit } from "~/org/audit.server";
import { describeMeetingAudit } from "./audit-labels";
import { fullNameSql } from "~/org/name-sql.server";
import { type Cell, getCell } from "./access.server";
import { addMonths, listPendingPostponements, listSchedules } from "./register.server";
import { type Criterion, expectedMeetings, ratingFromPoints, type Rating, type Scale } from "./rules";
import { visitProblems, type VisitValue } from "./schemas";
import { refuse, type CommandResult } from "~/forms/command";
import type { MeetingKey } from "./record.server";
import { refreshCellDates } from "./figures-rollup.server";
import { lockTrees } from "~/org/tree-lock.server";

/*
 * The superior attendee's side (001 §III.2(2), §III.4). Assignments and unfiled visits are read only
 * here, by the attendee and by the cấp ủy that assigns: never by a cell-facing query (ADR 015).
 */

// ---- Assignments (by the cấp ủy) ----

export type AssignResult = CommandResult;

/**
 * Assigns a member or staff of the assigning unit's subtree to attend a cell strictly below it for a
 * period. Same attendee, cell and start again: the period's end is updated (idempotent).
 */
export async function createAssignment(input: {
  assignedBy: { id: number; path: string };
  memberCode: string;
  cellId: number;
  startsOn: string;
  endsOn: string;
  userId: string;
}): Promise<AssignResult> {
  const cell = await getCell(input.cellId);
  if (!cell || cell.id === input.assignedBy.id || !cell.path.startsWith(input.assignedBy.path)) {
    return refuse("Chi bộ không thuộc đơn vị phân công.", "cellId");
  }
  const [attendee] = await getDb()
    .select({ id: person.id, unitId: person.unitId })
    .from(person)
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(and(sql`upper(${person.memberCode}) = upper(${input.memberCode})`, eq(person.active, true), sql`${unit.path} like ${`${input.assignedBy.path}%`}`));
  if (!attendee) return refuse("Không có đảng viên mang mã này trong đơn vị phân công.", "memberCode");
  if (attendee.unitId === cell.id) return refuse("Không phân công đảng viên đi dự sinh hoạt chi bộ của chính mình.", "memberCode");
  await getDb()
    .insert(visitAssignment)
    .values({
      attendeePersonId: attendee.id,
      cellId: cell.id,
      assignedByUnitId: input.assignedBy.id,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      assignedBy: input.userId,
    })
    .onConflictDoUpdate({
      target: [visitAssignment.attendeePersonId, visitAssignment.cellId, visitAssignment.startsOn],
      set: { endsOn: input.endsOn, assignedBy: input.userId, updatedAt: new Date() },
    });
  return { ok: true };
}

const AssignmentsRowSchema = z.object({
  id: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  cellName: z.string(),
  assignedByName: z.string(),
  attendeeName: z.string(),
  memberCode: z.string(),
  filedVisits: z.number(),
});

/** Assignments to cells under the given unit paths, newest first, with the filed visits they led to. */
export async function listAssignments(input: { scopes: string[]; today: string }) {
  if (!input.scopes.length) return [];
  const a = sql.raw("attendee");
  const rows = await getDb().execute(sql`
    select va.id, va.starts_on as "startsOn", va.ends_on as "endsOn", c.name as "cellName", u.name as "assignedByName",
      ${fullNameSql(a)} as "attendeeName", attendee.member_code as "memberCode",
      (select count(*)::int from visit v where v.assignment_id = va.id and v.filed_at is not null) as "filedVisits"
    from visit_assignment va
    join unit c on c.id = va.cell_id
    join unit u on u.id = va.assigned_by_unit_id
    join person attendee on attendee.id = va.attendee_person_id
    where (${sql.join(
      input.scopes.map((p) => sql`c.path like ${`${p}%`}`),
      sql` or `,
    )}) and va.ends_on >= ${addDays(input.today, -366)}
    order by va.ends_on < ${input.today}, va.starts_on desc, va.id desc
    limit 200
  `);
  return rowsOf(rows, AssignmentsRowSchema);
}

/** Ends an assignment under the scopes: from yesterday on (one that has not started is removed). */
export async function endAssignment(input: { id: number; scopes: string[]; today: string }): Promise<CommandResult> {
  const unknown = refuse("Không tìm thấy phân công này trong đơn vị của đồng chí.");
  if (!input.scopes.length) return unknown;
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: visitAssignment.id, startsOn: visitAssignment.startsOn, endsOn: visitAssignment.endsOn })
      .from(visitAssignment)
      .innerJoin(unit, eq(unit.id, visitAssignment.cellId))
      .where(
        and(
          eq(visitAssignment.id, input.id),
          sql`(${sql.join(
            input.scopes.map((p) => sql`${unit.path} like ${`${p}%`}`),
            sql` or `,
          )})`,
        ),
      );
    if (!row) return unknown;
    const yesterday = addDays(input.today, -1);
    if (row.startsOn > yesterday) await tx.delete(visitAssignment).where(eq(visitAssignment.id, row.id));
    else if (row.endsOn > yesterday) await tx.update(visitAssignment).set({ endsOn: yesterday, updatedAt: new Date() }).where(eq(visitAssignment.id, row.id));
    return { ok: true } as const;
  });
}

// ---- The attendee ----

/** The attendee's assignment covering the cell on `date`, or null. */
export async function getAssignment(input: { personId: number; cellId: number; date: string }) {
  const [row] = await getDb()
    .select({ id: visitAssignment.id, startsOn: visitAssignment.startsOn, endsOn: visitAssignment.endsOn })
    .from(visitAssignment)
    .where(
      and(
        eq(visitAssignment.attendeePersonId, input.personId),
        eq(visitAssignment.cellId, input.cellId),
        lte(visitAssignment.startsOn, input.date),
        gte(visitAssignment.endsOn, input.date),
      ),
    )
    .orderBy(desc(visitAssignment.startsOn))
    .limit(1);
  return row ?? null;
}

/**
 * What the attendee needs: each assigned cell (current or ended within 3 months) with its expected
 * meetings of the assignment's period from 2 months back to 2 months ahead, the cell's postponements,
 * and the attendee's own visits.
 */
export async function attendeeOverview(input: { personId: number; today: string }) {
  const db = getDb();
  const assignments = await db
    .select({ id: visitAssignment.id, cellId: visitAssignment.cellId, cellName: unit.name, startsOn: visitAssignment.startsOn, endsOn: visitAssignment.endsOn })
    .from(visitAssignment)
    .innerJoin(unit, eq(unit.id, visitAssignment.cellId))
    .where(and(eq(visitAssignment.attendeePersonId, input.personId), gte(visitAssignment.endsOn, addDays(input.today, -92))))
    .orderBy(asc(unit.name), asc(visitAssignment.startsOn));
  const cellIds = [...new Set(assignments.map((a) => a.cellId))];
  const [postponements, visits] = await Promise.all([
    listPendingPostponements(db, { cellIds, today: input.today }),
    cellIds.length
      ? db
          .select({ cellId: meeting.cellId, scheduledOn: meeting.scheduledOn, kind: meeting.kind, filedAt: visit.filedAt, rating: visitScore.rating })
          .from(visit)
          .innerJoin(meeting, eq(meeting.id, visit.meetingId))
          .leftJoin(visitScore, eq(visitScore.visitId, visit.id))
          .where(and(eq(visit.attendeePersonId, input.personId), inArray(meeting.cellId, cellIds)))
      : [],
  ]);
  const from = `${addMonths(input.today.slice(0, 7), -2)}-01`;
  const to = addDays(`${addMonths(input.today.slice(0, 7), 3)}-01`, -1);
  const cells = await Promise.all(
    assignments.map(async (a) => {
      const expected = expectedMeetings(await listSchedules(a.cellId), { from, to }).filter((e) => e.date >= a.startsOn && e.date <= a.endsOn);
      const visitOf = (date: string) => visits.find((v) => v.cellId === a.cellId && v.scheduledOn === date && v.kind === "thuong_ky") ?? null;
      return {
        ...a,
        meetings: expected.map((e) => {
          const postponed = postponements.find((p) => p.cellId === a.cellId && p.scheduledOn === e.date) ?? null;
          const v = visitOf(e.date);
          const due = (postponed?.postponedTo ?? e.date) <= input.today;
          return { ...e, postponed, due, visit: v ? { filed: v.filedAt !== null, rating: v.rating } : null };
        }),
      };
    }),
  );
  return { cells, otherVisits: visits.filter((v) => v.kind !== "thuong_ky") };
}

// ---- The visit and its score ----

export interface Sheet {
  id: number;
  version: number;
  name: string;
  source: string;
  isExample: boolean;
  criteria: Criterion[];
  scale: Scale;
}

/** The latest version of the scoring sheet of the nearest unit above (or at) the cell that has one. */
export async function getSheetFor(cell: Cell): Promise<Sheet | null> {
  const [row] = await getDb()
    .select({
      id: scoringSheet.id,
      version: scoringSheet.version,
      name: scoringSheet.name,
      source: scoringSheet.source,
      isExample: scoringSheet.isExample,
      criteria: scoringSheet.criteria,
      scale: scoringSheet.scale,
    })
    .from(scoringSheet)
    .innerJoin(unit, eq(unit.id, scoringSheet.unitId))
    .where(sql`${cell.path} like ${unit.path} || '%'`)
    .orderBy(desc(unit.depth), desc(scoringSheet.version))
    .limit(1);
  return row ? { ...row, criteria: row.criteria as Criterion[], scale: row.scale as Scale } : null;
}

function meetingKeyWhere(key: MeetingKey) {
  return and(eq(meeting.cellId, key.cellId), eq(meeting.scheduledOn, key.scheduledOn), eq(meeting.kind, key.kind));
}

/** The attendee's visit to the meeting (draft or filed) with its score and its audited changes. */
export async function getVisit(input: { personId: number; key: MeetingKey }) {
  const [m] = await getDb()
    .select({
      id: meeting.id,
      status: meeting.status,
      heldOn: meeting.heldOn,
      postponedTo: meeting.postponedTo,
      postponeReason: meeting.postponeReason,
      topic: meeting.topic,
      recorded: sql<boolean>`${meeting.recordedAt} is not null`,
    })
    .from(meeting)
    .where(meetingKeyWhere(input.key));
  if (!m) return { meeting: null, visit: null, score: null, audit: [] };
  const [v] = await getDb()
    .select({
      id: visit.id,
      situation: visit.situation,
      conduct: visit.conduct,
      discussed: visit.discussed,
      reportedUp: visit.reportedUp,
      assessment: visit.assessment,
      filedAt: visit.filedAt,
    })
    .from(visit)
    .where(and(eq(visit.meetingId, m.id), eq(visit.attendeePersonId, input.personId)));
  if (!v) return { meeting: m, visit: null, score: null, audit: [] };
  const [score] = await getDb()
    .select({ sheetId: visitScore.sheetId, points: visitScore.points, total: visitScore.total, rating: visitScore.rating, remarks: visitScore.remarks })
    .from(visitScore)
    .where(eq(visitScore.visitId, v.id));
  const audit = await listAudit({ targets: [{ entity: "visit", entityId: v.id }] }, describeMeetingAudit);
  return { meeting: m, visit: v, score: score ? { ...score, points: score.points as Record<string, number>, rating: score.rating as Rating } : null, audit };
}

/** The date the meeting takes place: its new date when postponed. */
export function meetingDay(key: MeetingKey, m: { status: string; postponedTo: string | null } | null) {
  return m?.status === "postponed" && m.postponedTo ? m.postponedTo : key.scheduledOn;
}

export type SaveVisitResult = CommandResult<{ filed: boolean }>;

/**
 * Saves the attendee's report and score in one transaction; `file` sends it (the cell then sees the
 * rating and remarks). A meeting the cell has not recorded yet gets its row here, unseen by the cell
 * until the visit is filed. Changes after filing are audited with the score before and after.
 */
export async function saveVisit(input: {
  personId: number;
  userId: string;
  key: MeetingKey;
  assignmentId: number;
  sheet: Sheet;
  value: VisitValue;
}): Promise<SaveVisitResult> {
  const { value, sheet } = input;
  // The form's schema (visitSchemaFor) reports every problem at once; this guards other callers.
  const [problem] = visitProblems(value, sheet.criteria);
  if (problem) return refuse(problem.message, problem.field);
  const points = Object.fromEntries(sheet.criteria.filter((c) => value.points[c.key] !== undefined).map((c) => [c.key, value.points[c.key]!]));
  const { total } = ratingFromPoints(points, sheet.criteria, sheet.scale);
  return getDb().transaction(async (tx) => {
    // The tree's write lock before any row that references the cell or its members (app/org/tree-lock.server.ts).
    await lockTrees(tx, { unitIds: [input.key.cellId] });
    await tx
      .insert(meeting)
      .values({ ...input.key, status: "held", heldOn: input.key.scheduledOn })
      .onConflictDoNothing();
    const [m] = await tx.select({ id: meeting.id, heldOn: meeting.heldOn }).from(meeting).where(meetingKeyWhere(input.key));
    const [before] = await tx
      .select({
        id: visit.id,
        filedAt: visit.filedAt,
        total: visitScore.total,
        rating: visitScore.rating,
        remarks: visitScore.remarks,
        assessment: visit.assessment,
      })
      .from(visit)
      .leftJoin(visitScore, eq(visitScore.visitId, visit.id))
      .where(and(eq(visit.meetingId, m!.id), eq(visit.attendeePersonId, input.personId)));
    const report = {
      situation: value.situation,
      conduct: value.conduct,
      discussed: value.discussed,
      reportedUp: value.reportedUp,
      assessment: value.assessment,
    };
    const filing = value.intent === "file" && !before?.filedAt;
    const now = new Date();
    const [saved] = await tx
      .insert(visit)
      .values({ meetingId: m!.id, attendeePersonId: input.personId, assignmentId: input.assignmentId, ...report, filedAt: filing ? now : null })
      .onConflictDoUpdate({ target: [visit.meetingId, visit.attendeePersonId], set: { ...report, updatedAt: now, ...(filing ? { filedAt: now } : {}) } })
      .returning({ id: visit.id });
    const rating = value.rating;
    const score = { sheetId: sheet.id, points, total: total.toFixed(1), rating: rating ?? "", remarks: value.remarks };
    // A draft without a rating keeps no score yet (the rating is the attendee's decision, not derived).
    if (rating)
      await tx
        .insert(visitScore)
        .values({ visitId: saved!.id, ...score, rating })
        .onConflictDoUpdate({ target: visitScore.visitId, set: { ...score, rating, updatedAt: now } });
    const after = { total: score.total, rating: score.rating, remarks: score.remarks, assessment: value.assessment };
    if (filing) await writeAudit(tx, { actorId: input.userId, action: "visit.file", entity: "visit", entityId: saved!.id, after });
    else if (before?.filedAt) {
      const was = { total: before.total, rating: before.rating, remarks: before.remarks, assessment: before.assessment };
      if (JSON.stringify(was) !== JSON.stringify(after))
        await writeAudit(tx, { actorId: input.userId, action: "visit.change", entity: "visit", entityId: saved!.id, before: was, after });
    }
    // A filed score moves the dashboards' figures (ADR 020); a draft is not read by them.
    if (filing || before?.filedAt) await refreshCellDates(tx, { cellId: input.key.cellId, dates: [input.key.scheduledOn, m!.heldOn] });
    return { ok: true, filed: filing || !!before?.filedAt } as const;
  });
}
