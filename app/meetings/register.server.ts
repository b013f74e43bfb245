import { z } from "zod";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { meeting, meetingSchedule } from "#db/schema";
import { addDays } from "~/utils/dates";
import { refuse, type CommandResult } from "~/forms/command";
import { absenceStreaks, type AttendanceEntry, expectedMeetings, headingForFourth, MAX_CONSECUTIVE_ABSENCES, type MeetingKind, type Rating } from "./rules";
import { refreshCell, refreshCellDates } from "./figures-rollup.server";
import { lockTrees } from "~/org/tree-lock.server";

/*
 * The cell's register. Every query here is cell-facing: it never reads visit_assignment, and it reads
 * visits only when filed (ADR 015). A meeting row an attendee's visit created stays out of sight until
 * the cell records it or a visit to it is filed.
 */

/** A meeting the cell may see: recorded by the cell, or with a filed visit. Over the alias `m`. */
export const CELL_VISIBLE = sql`(m.recorded_at is not null or exists (select 1 from visit fv where fv.meeting_id = m.id and fv.filed_at is not null))`;

export async function listSchedules(cellId: number) {
  return getDb()
    .select({
      id: meetingSchedule.id,
      dayOfMonth: meetingSchedule.dayOfMonth,
      startsAt: meetingSchedule.startsAt,
      place: meetingSchedule.place,
      validFrom: meetingSchedule.validFrom,
      validTo: meetingSchedule.validTo,
    })
    .from(meetingSchedule)
    .where(eq(meetingSchedule.cellId, cellId))
    .orderBy(desc(meetingSchedule.validFrom));
}

/**
 * Registers the cell's meeting day from `validFrom` on: the schedule running then ends the day before,
 * schedules that would start later are replaced. One transaction.
 */
export async function saveSchedule(input: { cellId: number; dayOfMonth: number; startsAt: string; place: string; validFrom: string }) {
  await getDb().transaction(async (tx) => {
    // The tree's write lock before any row that references the cell or its members (app/org/tree-lock.server.ts).
    await lockTrees(tx, { unitIds: [input.cellId] });
    const running = and(
      eq(meetingSchedule.cellId, input.cellId),
      lt(meetingSchedule.validFrom, input.validFrom),
      or(isNull(meetingSchedule.validTo), gte(meetingSchedule.validTo, input.validFrom)),
    );
    await tx
      .update(meetingSchedule)
      .set({ validTo: addDays(input.validFrom, -1), updatedAt: new Date() })
      .where(running);
    await tx.delete(meetingSchedule).where(and(eq(meetingSchedule.cellId, input.cellId), gte(meetingSchedule.validFrom, input.validFrom)));
    await tx.insert(meetingSchedule).values(input);
    await refreshCell(tx, { cellId: input.cellId });
  });
}

export interface RegisterMeeting {
  id: number;
  scheduledOn: string;
  heldOn: string | null;
  kind: MeetingKind;
  topic: string | null;
  status: "held" | "postponed";
  postponeReason: string | null;
  postponedTo: string | null;
  minutesAdopted: boolean;
  recorded: boolean;
  /** Imported from the cell's old spreadsheet register (history-import.server.ts). */
  imported: boolean;
  present: number;
  excused: number;
  unexcused: number;
  visitRating: Rating | null;
  selfRating: Rating | null;
}

const RegisterMeetingRowSchema = z.object({
  id: z.number(),
  scheduledOn: z.string(),
  heldOn: z.string().nullable(),
  kind: z.enum(["thuong_ky", "chuyen_de"]),
  topic: z.string().nullable(),
  status: z.enum(["held", "postponed"]),
  postponeReason: z.string().nullable(),
  postponedTo: z.string().nullable(),
  minutesAdopted: z.boolean(),
  recorded: z.boolean(),
  imported: z.boolean(),
  present: z.number(),
  excused: z.number(),
  unexcused: z.number(),
  visitRating: z.enum(["tot", "kha", "trung_binh", "kem"]).nullable(),
  selfRating: z.enum(["tot", "kha", "trung_binh", "kem"]).nullable(),
});

/** The meetings of a cell scheduled between two dates, as the cell may see them, with attendance counted in SQL. */
export async function listCellMeetings(db: Executor, input: { cellId: number; from: string; to: string }) {
  const rows = await db.execute(sql`
    select m.id, m.scheduled_on as "scheduledOn", m.held_on as "heldOn", m.kind, m.topic, m.status,
      m.postpone_reason as "postponeReason", m.postponed_to as "postponedTo", m.minutes_adopted as "minutesAdopted",
      m.recorded_at is not null as recorded, m.source = 'import' as imported,
      coalesce(a.present, 0)::int as present, coalesce(a.excused, 0)::int as excused, coalesce(a.unexcused, 0)::int as unexcused,
      (select vs.rating from visit v join visit_score vs on vs.visit_id = v.id
        where v.meeting_id = m.id and v.filed_at is not null order by v.filed_at desc limit 1) as "visitRating",
      sa.rating as "selfRating"
    from meeting m
    left join lateral (
      select count(*) filter (where status = 'present') as present, count(*) filter (where status = 'excused') as excused,
        count(*) filter (where status = 'unexcused') as unexcused
      from meeting_attendance where meeting_id = m.id
    ) a on true
    left join meeting_self_assessment sa on sa.meeting_id = m.id
    where m.cell_id = ${input.cellId} and m.scheduled_on between ${input.from} and ${input.to} and ${CELL_VISIBLE}
    order by m.scheduled_on desc, m.kind desc
  `);
  return rowsOf(rows, RegisterMeetingRowSchema).map((r) => ({
    ...r,
    scheduledOn: dateText(r.scheduledOn)!,
    heldOn: dateText(r.heldOn),
    postponedTo: dateText(r.postponedTo),
  }));
}

/** postgres.js returns date columns of a raw query as Date objects, PGlite as strings: one shape for both. */
export function dateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export type RegisterEntry =
  | { expected: true; date: string; startsAt: string; place: string; meeting: RegisterMeeting | null }
  | { expected: false; date: string; meeting: RegisterMeeting };

/**
 * The register from 12 months back to 2 months ahead: each month's expected regular meeting (with
 * its record or postponement when there is one), and the other meetings (thematic, off-schedule).
 * Newest first.
 */
export async function getRegister(input: { cellId: number; today: string }) {
  const from = `${Number(input.today.slice(0, 4)) - 1}-${input.today.slice(5, 7)}-01`;
  const to = addDays(`${addMonths(input.today.slice(0, 7), 3)}-01`, -1);
  const [schedules, meetings] = await Promise.all([listSchedules(input.cellId), listCellMeetings(getDb(), { cellId: input.cellId, from, to })]);
  const byKey = new Map(meetings.map((m) => [`${m.scheduledOn}:${m.kind}`, m]));
  const entries: RegisterEntry[] = expectedMeetings(schedules, { from, to }).map((e) => {
    const found = byKey.get(`${e.date}:thuong_ky`) ?? null;
    if (found) byKey.delete(`${e.date}:thuong_ky`);
    return { expected: true, ...e, meeting: found };
  });
  for (const m of byKey.values()) entries.push({ expected: false, date: m.heldOn ?? m.scheduledOn, meeting: m });
  entries.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { schedules, entries, current: schedules.find((s) => s.validFrom <= input.today && (s.validTo === null || s.validTo >= input.today)) ?? null };
}

/** "2026-11" + 3 → "2027-02". */
export function addMonths(month: string, n: number) {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * Reports a postponement ("chỉ báo hoãn", 001 §III.2(1)): the regular meeting of `scheduledOn` is
 * postponed to `postponedTo`. Refused when the cell already recorded that meeting as held.
 */
export async function reportPostponement(input: {
  cellId: number;
  scheduledOn: string;
  reason: string;
  postponedTo: string;
  userId: string;
}): Promise<CommandResult> {
  return getDb().transaction(async (tx) => {
    await lockTrees(tx, { unitIds: [input.cellId] });
    const rows = await tx
      .insert(meeting)
      .values({
        cellId: input.cellId,
        scheduledOn: input.scheduledOn,
        kind: "thuong_ky",
        status: "postponed",
        postponeReason: input.reason,
        postponedTo: input.postponedTo,
        recordedBy: input.userId,
        recordedAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [meeting.cellId, meeting.scheduledOn, meeting.kind],
        set: {
          status: "postponed",
          postponeReason: input.reason,
          postponedTo: input.postponedTo,
          recordedBy: input.userId,
          recordedAt: sql`coalesce(${meeting.recordedAt}, now())`,
          updatedAt: new Date(),
        },
        setWhere: sql`${meeting.status} = 'postponed' or ${meeting.recordedAt} is null`,
      })
      .returning({ id: meeting.id });
    if (!rows.length) return refuse("Kỳ sinh hoạt này đã được ghi biên bản, không báo hoãn được.");
    await refreshCellDates(tx, { cellId: input.cellId, dates: [input.scheduledOn] });
    return { ok: true } as const;
  });
}

/** Postponements of the cells' regular meetings not yet held, for their superiors and attendees. */
export async function listPendingPostponements(db: Executor, input: { cellIds: number[]; today: string }) {
  if (!input.cellIds.length) return [];
  return db
    .select({ cellId: meeting.cellId, scheduledOn: meeting.scheduledOn, postponedTo: meeting.postponedTo, reason: meeting.postponeReason })
    .from(meeting)
    .where(
      and(
        inArray(meeting.cellId, input.cellIds),
        eq(meeting.status, "postponed"),
        gte(meeting.postponedTo, addDays(input.today, -31)),
        lte(meeting.scheduledOn, addDays(input.today, 62)),
      ),
    )
    .orderBy(asc(meeting.postponedTo));
}

const AttendanceRowSchema = z.object({ personId: z.number(), name: z.string(), heldOn: z.string(), status: z.enum(["present", "excused", "unexcused"]) });

/**
 * Active members of the cell absent from its last three meetings or more (001 §II.1.2(2): none absent
 * more than 3 times in a row), so the cell acts before the fourth. Reads each member's latest four
 * rows through the (person_id, held_on) index; the run is judged by `absenceStreaks`.
 */
export async function listMembersAtRisk(cellId: number) {
  const rows = rowsOf(
    await getDb().execute(sql`
      select p.id as "personId", concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as name, a.held_on as "heldOn", a.status
      from person p
      cross join lateral (
        select ma.held_on, ma.status from meeting_attendance ma
        where ma.person_id = p.id order by ma.held_on desc limit ${MAX_CONSECUTIVE_ABSENCES + 1}
      ) a
      where p.unit_id = ${cellId} and p.active
      order by p.sort_key collate "C", p.id`),
    AttendanceRowSchema,
  );
  const byPerson = new Map<number, { name: string; entries: AttendanceEntry[] }>();
  for (const r of rows) {
    const entry = byPerson.get(r.personId) ?? { name: r.name, entries: [] };
    entry.entries.push({ date: dateText(r.heldOn)!, meetingStatus: "held", attendance: r.status });
    byPerson.set(r.personId, entry);
  }
  return [...byPerson].flatMap(([personId, { name, entries }]) => {
    const streaks = absenceStreaks(entries);
    return headingForFourth(streaks) ? [{ personId, name, absences: streaks.currentAny, unexcused: streaks.currentUnexcused }] : [];
  });
}
