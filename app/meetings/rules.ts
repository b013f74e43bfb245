/**
 * The rules of the meeting regime (001 §II.1.2, §III.2(1); domain.md §4, §7). Pure: dates are
 * "YYYY-MM-DD" strings, the way the database returns them.
 */

export const MEETING_KINDS = { thuong_ky: "Thường kỳ", chuyen_de: "Chuyên đề" } as const;
export type MeetingKind = keyof typeof MEETING_KINDS;

export const ATTENDANCE = { present: "Có mặt", excused: "Vắng có lý do", unexcused: "Vắng không lý do" } as const;
export type AttendanceStatus = keyof typeof ATTENDANCE;

export const RATINGS = { tot: "Tốt", kha: "Khá", trung_binh: "Trung bình", kem: "Kém" } as const;
export type Rating = keyof typeof RATINGS;
export const RATING_CODES = Object.keys(RATINGS) as [Rating, ...Rating[]];

/** 001 §II.1.2(2): no member absent more than 3 times in a row; at 3 the cell must act before the 4th. */
export const MAX_CONSECUTIVE_ABSENCES = 3;
/** 001 §II.1.2(2): at least 95% of members at every meeting. */
export const ATTENDANCE_TARGET = 0.95;

/** The date a schedule's day falls on in a month: a day past the month's end falls on its last day. */
export function expectedDate(year: number, month: number, dayOfMonth: number) {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(dayOfMonth, last);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface AttendanceEntry {
  /** The meeting's date (held, or scheduled when postponed). */
  date: string;
  meetingStatus: "held" | "postponed";
  /** The member's attendance; null when the member has no row (not yet in the cell). */
  attendance: AttendanceStatus | null;
}

export interface AbsenceStreaks {
  /** Absences (excused or not) at the member's latest meetings, uninterrupted by a presence. */
  currentAny: number;
  /** Unexcused absences at the member's latest meetings, uninterrupted by a presence or an excused absence. */
  currentUnexcused: number;
  /** The longest run of absences of any kind. */
  longestAny: number;
}

/**
 * A member's runs of absences over their meetings. Postponed meetings and meetings without the
 * member's row are skipped (nobody was absent from them); runs continue across a year's end.
 */
export function absenceStreaks(entries: readonly AttendanceEntry[]): AbsenceStreaks {
  const held = entries
    .filter((e) => e.meetingStatus === "held" && e.attendance !== null)
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let any = 0;
  let unexcused = 0;
  let longestAny = 0;
  for (const e of held) {
    if (e.attendance === "present") {
      any = 0;
      unexcused = 0;
      continue;
    }
    any += 1;
    unexcused = e.attendance === "unexcused" ? unexcused + 1 : 0;
    longestAny = Math.max(longestAny, any);
  }
  return { currentAny: any, currentUnexcused: unexcused, longestAny };
}

/** Whether a member's next absence would break the "not more than 3 in a row" rule. */
export function headingForFourth(streaks: AbsenceStreaks) {
  return streaks.currentAny >= MAX_CONSECUTIVE_ABSENCES;
}

export interface AttendanceCounts {
  present: number;
  excused: number;
  unexcused: number;
}

/** Share of members present (0–1), or null when nobody was expected. */
export function attendanceRate(c: AttendanceCounts) {
  const total = c.present + c.excused + c.unexcused;
  return total === 0 ? null : c.present / total;
}

/** Whether a meeting meets 001 §II.1.2(2): ≥95% present and nobody absent without reason. */
export function meetsAttendanceTarget(c: AttendanceCounts) {
  const rate = attendanceRate(c);
  return rate !== null && rate >= ATTENDANCE_TARGET && c.unexcused === 0;
}

export interface HeldMeeting {
  heldOn: string;
  kind: MeetingKind;
}

export interface MonthCompliance {
  /** "YYYY-MM" */
  month: string;
  regular: boolean;
}

export interface QuarterCompliance {
  /** "YYYY-Qn" */
  quarter: string;
  thematic: boolean;
  /** Every month of the quarter inside the period had its regular meeting. */
  monthly: boolean;
  compliant: boolean;
}

function monthsBetween(from: string, to: string) {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

export function quarterOf(month: string) {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The meeting regime of one cell over the months from `from` to `to` (dates, whole months):
 * a held regular meeting every month (Điều lệ Đ.24) and at least one held thematic meeting every
 * quarter (001 §II.1.2(1)). A quarter only partly inside the period is judged on its months inside.
 */
export function regimeCompliance(meetings: readonly HeldMeeting[], period: { from: string; to: string }) {
  const months = monthsBetween(period.from, period.to);
  const regularMonths = new Set(meetings.filter((m) => m.kind === "thuong_ky").map((m) => m.heldOn.slice(0, 7)));
  const thematicQuarters = new Set(meetings.filter((m) => m.kind === "chuyen_de").map((m) => quarterOf(m.heldOn.slice(0, 7))));
  const byMonth: MonthCompliance[] = months.map((month) => ({ month, regular: regularMonths.has(month) }));
  const quarters = new Map<string, MonthCompliance[]>();
  for (const m of byMonth) quarters.set(quarterOf(m.month), [...(quarters.get(quarterOf(m.month)) ?? []), m]);
  const byQuarter: QuarterCompliance[] = [...quarters].map(([quarter, ms]) => {
    const monthly = ms.every((m) => m.regular);
    const thematic = thematicQuarters.has(quarter);
    return { quarter, thematic, monthly, compliant: monthly && thematic };
  });
  return { byMonth, byQuarter, compliant: byQuarter.every((q) => q.compliant) };
}

export interface Criterion {
  key: string;
  label: string;
  maxPoints: number;
  /** A key criterion must be at its maximum for "tốt". */
  isKey: boolean;
}

export interface Scale {
  tot: number;
  kha: number;
  trungBinh: number;
}

/**
 * The example scale (domain.md §4, a local example [W11], not a rule): Tốt ≥ 90 with every key
 * criterion at its maximum, Khá 70–<90, Trung bình 50–<70, Kém < 50.
 */
export const EXAMPLE_SCALE: Scale = { tot: 90, kha: 70, trungBinh: 50 };

/** The rating the points suggest; the attendee decides (001 §III.4(2)). */
export function ratingFromPoints(points: Record<string, number>, criteria: readonly Criterion[], scale: Scale): { total: number; rating: Rating } {
  const total = criteria.reduce((sum, c) => sum + Math.min(Math.max(points[c.key] ?? 0, 0), c.maxPoints), 0);
  const keysAtMax = criteria.every((c) => !c.isKey || (points[c.key] ?? 0) >= c.maxPoints);
  const rating: Rating = total >= scale.tot && keysAtMax ? "tot" : total >= scale.kha ? "kha" : total >= scale.trungBinh ? "trung_binh" : "kem";
  return { total, rating };
}

export interface ScheduleRow {
  dayOfMonth: number;
  startsAt: string;
  place: string;
  validFrom: string;
  validTo: string | null;
}

export interface ExpectedMeeting {
  date: string;
  startsAt: string;
  place: string;
}

/**
 * The regular meetings a cell's registered schedules expect, one per month from `from` to `to`
 * (dates; whole months), each under the schedule valid on its date (001 §III.2(1)).
 */
export function expectedMeetings(schedules: readonly ScheduleRow[], period: { from: string; to: string }): ExpectedMeeting[] {
  const newestFirst = [...schedules].sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
  const out: ExpectedMeeting[] = [];
  for (const month of monthsBetween(period.from, period.to)) {
    for (const s of newestFirst) {
      const date = expectedDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)), s.dayOfMonth);
      if (s.validFrom <= date && (s.validTo === null || date <= s.validTo)) {
        out.push({ date, startsAt: s.startsAt, place: s.place });
        break;
      }
    }
  }
  return out;
}

/**
 * The demo's scoring sheet, an example and labelled as one: the five quality criteria of
 * 12-HD/BTCTW (domain.md §4, [W3]) weighted equally (the seeds give no weights) on the example
 * scale of [W11]. Ban Tổ chức replaces it with its own version.
 */
export const EXAMPLE_SHEET = {
  name: "Phiếu chấm điểm chất lượng sinh hoạt chi bộ (ví dụ)",
  source:
    "Ví dụ, không phải quy định: 5 tiêu chí chất lượng của Hướng dẫn 12-HD/BTCTW ngày 06/7/2018, mỗi tiêu chí 20 điểm (chia đều); thang xếp loại theo ví dụ của Đảng ủy Khối Bình Thuận: Tốt từ 90 điểm, Khá từ 70 đến dưới 90, Trung bình từ 50 đến dưới 70, Kém dưới 50 (bản tóm tắt “Tư liệu tham khảo”, mục 1; “Hướng dẫn sinh hoạt chi bộ”).",
  criteria: [
    { key: "attendance", label: "Tỷ lệ đảng viên dự sinh hoạt", maxPoints: 20, isKey: false },
    { key: "preparation", label: "Công tác chuẩn bị sinh hoạt", maxPoints: 20, isKey: false },
    { key: "conduct", label: "Tổ chức, điều hành buổi sinh hoạt", maxPoints: 20, isKey: false },
    { key: "principles", label: "Thực hiện nguyên tắc tổ chức, sinh hoạt đảng", maxPoints: 20, isKey: false },
    { key: "results", label: "Kết quả thực hiện nghị quyết kỳ trước", maxPoints: 20, isKey: false },
  ] satisfies Criterion[],
  scale: EXAMPLE_SCALE,
};
