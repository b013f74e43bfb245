import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { person, timestamps, unit } from "./org";

/*
 * Sinh hoạt chi bộ (issue 15, ADR 015). Cell-facing queries read meeting_schedule, meeting,
 * meeting_attendance, resolution_task, meeting_self_assessment and, once filed, visit_score.
 * visit_assignment and unfiled visits are read only by the attendee's and the superiors' pages.
 */

/** A cell's registered regular meeting day (001 §III.2(1): "chỉ báo hoãn, không báo họp"). */
export const meetingSchedule = pgTable(
  "meeting_schedule",
  {
    id: serial().primaryKey(),
    cellId: integer()
      .notNull()
      .references(() => unit.id, { onDelete: "cascade" }),
    /** 1–31; in a shorter month the meeting falls on the month's last day. */
    dayOfMonth: smallint().notNull(),
    /** "HH:MM", local time. */
    startsAt: text().notNull(),
    place: text().notNull(),
    validFrom: date().notNull(),
    validTo: date(),
    ...timestamps,
  },
  (t) => [index("meeting_schedule_cell_idx").on(t.cellId, t.validFrom), check("meeting_schedule_day_check", sql`${t.dayOfMonth} between 1 and 31`)],
);

/**
 * One meeting of a cell, keyed by the date the schedule expected it and its kind. A postponed
 * meeting keeps its reason and new date; once held on that date it becomes 'held' and keeps both.
 * `recordedAt` is set only by the cell's own record or postponement report: a row an attendee's
 * visit created first stays invisible to the cell until then (confidentiality, ADR 015).
 */
export const meeting = pgTable(
  "meeting",
  {
    id: serial().primaryKey(),
    cellId: integer()
      .notNull()
      .references(() => unit.id, { onDelete: "cascade" }),
    scheduledOn: date().notNull(),
    heldOn: date(),
    kind: text().notNull(), // 'thuong_ky' | 'chuyen_de'
    topic: text(),
    status: text().notNull(), // 'held' | 'postponed'
    postponeReason: text(),
    postponedTo: date(),
    summary: text(),
    minutesAdopted: boolean().notNull().default(false),
    recordedBy: text().references(() => user.id, { onDelete: "set null" }),
    recordedAt: timestamp({ withTimezone: true }),
    /** 'platform': recorded on the record form; 'import': a past meeting read from the cell's spreadsheet (issue 20). */
    source: text().notNull().default("platform"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("meeting_cell_date_kind_idx").on(t.cellId, t.scheduledOn, t.kind),
    index("meeting_cell_held_idx").on(t.cellId, t.heldOn),
    index("meeting_scheduled_idx").on(t.scheduledOn),
    index("meeting_recorded_by_idx").on(t.recordedBy),
    check("meeting_kind_check", sql`${t.kind} in ('thuong_ky', 'chuyen_de')`),
    check("meeting_status_check", sql`${t.status} in ('held', 'postponed')`),
    check("meeting_source_check", sql`${t.source} in ('platform', 'import')`),
  ],
);

/** Attendance of one member at one meeting; `heldOn` copies the meeting's date for per-person history. */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    meetingId: integer()
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    personId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    heldOn: date().notNull(),
    status: text().notNull(), // 'present' | 'excused' | 'unexcused'
    reason: text(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.personId] }),
    // "Absent 3 times in a row": a member's latest meetings, newest first.
    index("meeting_attendance_person_date_idx").on(t.personId, t.heldOn),
    check("meeting_attendance_status_check", sql`${t.status} in ('present', 'excused', 'unexcused')`),
  ],
);

/** A task of the meeting's resolution: what, who, by when (001 §I.2.1: not "chung chung, chưa rõ việc"). */
export const resolutionTask = pgTable(
  "resolution_task",
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    task: text().notNull(),
    ownerPersonId: integer().references(() => person.id, { onDelete: "set null" }),
    deadlineOn: date(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("resolution_task_meeting_idx").on(t.meetingId, t.position),
    index("resolution_task_owner_idx").on(t.ownerPersonId),
    index("resolution_task_deadline_idx").on(t.deadlineOn),
  ],
);

/**
 * The cấp ủy assigns one of its members or staff to attend a cell's meetings for a period
 * (001 §III.2(2), §III.4(1)). Never read by a cell-facing query.
 */
export const visitAssignment = pgTable(
  "visit_assignment",
  {
    id: serial().primaryKey(),
    attendeePersonId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    cellId: integer()
      .notNull()
      .references(() => unit.id, { onDelete: "cascade" }),
    /** The unit whose cấp ủy made the assignment (an ancestor of the cell). */
    assignedByUnitId: integer()
      .notNull()
      .references(() => unit.id),
    startsOn: date().notNull(),
    endsOn: date().notNull(),
    assignedBy: text().references(() => user.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("visit_assignment_unique_idx").on(t.attendeePersonId, t.cellId, t.startsOn),
    index("visit_assignment_cell_idx").on(t.cellId, t.startsOn),
    index("visit_assignment_unit_idx").on(t.assignedByUnitId),
    index("visit_assignment_assigned_by_idx").on(t.assignedBy),
    check("visit_assignment_period_check", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * An attendee's visit to a meeting and the report 001 §III.4(3) asks for: time, cell (from the
 * meeting), the situation of the unit and cell, how the meeting ran, what was discussed and said
 * there, what was taken up and reported, the assessment; the score sits in visit_score.
 * Visible to the cell only once `filedAt` is set.
 */
export const visit = pgTable(
  "visit",
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    attendeePersonId: integer()
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    assignmentId: integer().references(() => visitAssignment.id, { onDelete: "set null" }),
    situation: text().notNull().default(""),
    conduct: text().notNull().default(""),
    discussed: text().notNull().default(""),
    reportedUp: text().notNull().default(""),
    assessment: text().notNull().default(""),
    filedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("visit_meeting_attendee_idx").on(t.meetingId, t.attendeePersonId),
    index("visit_attendee_idx").on(t.attendeePersonId),
    index("visit_assignment_idx").on(t.assignmentId),
    index("visit_filed_idx").on(t.filedAt),
  ],
);

/**
 * A versioned scoring sheet of a bloc unit: criteria with their maximum points (the weights), the
 * rating scale, and whether it is only an example (the demo's, domain.md §4).
 * criteria: [{ key, label, maxPoints, isKey }]; scale: { tot, kha, trungBinh } lower bounds.
 */
export const scoringSheet = pgTable(
  "scoring_sheet",
  {
    id: serial().primaryKey(),
    unitId: integer()
      .notNull()
      .references(() => unit.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    name: text().notNull(),
    source: text().notNull(),
    isExample: boolean().notNull().default(false),
    criteria: jsonb().notNull(),
    scale: jsonb().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("scoring_sheet_unit_version_idx").on(t.unitId, t.version)],
);

/** The attendee's score of the visited meeting on one sheet version; the rating is the attendee's decision. */
export const visitScore = pgTable(
  "visit_score",
  {
    visitId: integer()
      .primaryKey()
      .references(() => visit.id, { onDelete: "cascade" }),
    sheetId: integer()
      .notNull()
      .references(() => scoringSheet.id),
    /** { [criterionKey]: points } */
    points: jsonb().notNull(),
    total: numeric({ precision: 5, scale: 1 }).notNull(),
    rating: text().notNull(), // 'tot' | 'kha' | 'trung_binh' | 'kem'
    remarks: text().notNull().default(""),
    ...timestamps,
  },
  (t) => [
    index("visit_score_sheet_idx").on(t.sheetId),
    index("visit_score_rating_idx").on(t.rating),
    check("visit_score_rating_check", sql`${t.rating} in ('tot', 'kha', 'trung_binh', 'kem')`),
  ],
);

/** The cell's own assessment of a meeting no attendee scored: shown apart, labelled as such. */
export const meetingSelfAssessment = pgTable(
  "meeting_self_assessment",
  {
    meetingId: integer()
      .primaryKey()
      .references(() => meeting.id, { onDelete: "cascade" }),
    rating: text().notNull(),
    remarks: text().notNull().default(""),
    assessedBy: text().references(() => user.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("meeting_self_assessment_rating_idx").on(t.rating),
    index("meeting_self_assessment_assessed_by_idx").on(t.assessedBy),
    check("meeting_self_assessment_rating_check", sql`${t.rating} in ('tot', 'kha', 'trung_binh', 'kem')`),
  ],
);

/** A year's rating of a cell or of a member (001 §II.1.2(5)), imported or entered by hand. */
export const annualRating = pgTable(
  "annual_rating",
  {
    id: serial().primaryKey(),
    year: smallint().notNull(),
    cellId: integer().references(() => unit.id, { onDelete: "cascade" }),
    personId: integer().references(() => person.id, { onDelete: "cascade" }),
    // 'xuat_sac' | 'tot' | 'hoan_thanh' | 'khong_hoan_thanh' (hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ)
    rating: text().notNull(),
    source: text().notNull(), // 'import' | 'manual'
    recordedBy: text().references(() => user.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("annual_rating_cell_year_idx")
      .on(t.cellId, t.year)
      .where(sql`${t.cellId} is not null`),
    uniqueIndex("annual_rating_person_year_idx")
      .on(t.personId, t.year)
      .where(sql`${t.personId} is not null`),
    index("annual_rating_year_idx").on(t.year),
    index("annual_rating_recorded_by_idx").on(t.recordedBy),
    check("annual_rating_subject_check", sql`(${t.cellId} is null) <> (${t.personId} is null)`),
    check("annual_rating_rating_check", sql`${t.rating} in ('xuat_sac', 'tot', 'hoan_thanh', 'khong_hoan_thanh')`),
    check("annual_rating_source_check", sql`${t.source} in ('import', 'manual')`),
  ],
);
