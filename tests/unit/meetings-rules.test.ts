import { describe, expect, it } from "vitest";
import {
  absenceStreaks,
  attendanceRate,
  type AttendanceEntry,
  type Criterion,
  EXAMPLE_SCALE,
  expectedDate,
  expectedMeetings,
  headingForFourth,
  meetsAttendanceTarget,
  ratingFromPoints,
  regimeCompliance,
} from "~/meetings/rules";

function held(date: string, attendance: AttendanceEntry["attendance"]): AttendanceEntry {
  return { date, meetingStatus: "held", attendance };
}

describe("consecutive absences", () => {
  it("continues a run across a year's end", () => {
    const s = absenceStreaks([held("2025-10-05", "present"), held("2025-11-05", "excused"), held("2025-12-05", "unexcused"), held("2026-01-05", "unexcused")]);
    expect(s).toEqual({ currentAny: 3, currentUnexcused: 2, longestAny: 3 });
    expect(headingForFourth(s)).toBe(true);
  });

  it("skips postponed meetings and meetings before the member joined", () => {
    const s = absenceStreaks([
      held("2025-01-05", null),
      held("2025-02-05", "unexcused"),
      { date: "2025-03-05", meetingStatus: "postponed", attendance: null },
      // A postponed meeting never breaks a run, even if a row was left on it.
      { date: "2025-03-06", meetingStatus: "postponed", attendance: "present" },
      held("2025-03-12", "unexcused"),
    ]);
    expect(s.currentAny).toBe(2);
    expect(s.currentUnexcused).toBe(2);
    expect(headingForFourth(s)).toBe(false);
  });

  it("is reset by a presence, and an excused absence resets only the unexcused run", () => {
    const s = absenceStreaks([
      held("2025-01-05", "unexcused"),
      held("2025-02-05", "unexcused"),
      held("2025-03-05", "unexcused"),
      held("2025-04-05", "present"),
      held("2025-05-05", "unexcused"),
      held("2025-06-05", "excused"),
    ]);
    expect(s).toEqual({ currentAny: 2, currentUnexcused: 0, longestAny: 3 });
  });

  it("sorts by date whatever the input order", () => {
    const s = absenceStreaks([held("2025-03-05", "excused"), held("2025-01-05", "excused"), held("2025-02-05", "present")]);
    expect(s.currentAny).toBe(1);
  });
});

describe("attendance", () => {
  it("is the share present and meets the target only at ≥95% with nobody unexcused", () => {
    expect(attendanceRate({ present: 0, excused: 0, unexcused: 0 })).toBeNull();
    expect(attendanceRate({ present: 19, excused: 1, unexcused: 0 })).toBe(0.95);
    expect(meetsAttendanceTarget({ present: 19, excused: 1, unexcused: 0 })).toBe(true);
    expect(meetsAttendanceTarget({ present: 39, excused: 0, unexcused: 1 })).toBe(false);
    expect(meetsAttendanceTarget({ present: 18, excused: 2, unexcused: 0 })).toBe(false);
  });
});

describe("the meeting regime", () => {
  const quarter = (from: string, to: string, meetings: Parameters<typeof regimeCompliance>[0]) => regimeCompliance(meetings, { from, to });

  it("needs a regular meeting every month and a thematic one every quarter", () => {
    const r = quarter("2025-01-01", "2025-06-30", [
      { heldOn: "2025-01-05", kind: "thuong_ky" },
      { heldOn: "2025-02-05", kind: "thuong_ky" },
      { heldOn: "2025-03-05", kind: "thuong_ky" },
      { heldOn: "2025-03-05", kind: "chuyen_de" },
      { heldOn: "2025-04-05", kind: "thuong_ky" },
      { heldOn: "2025-06-05", kind: "thuong_ky" },
      { heldOn: "2025-06-20", kind: "chuyen_de" },
    ]);
    expect(r.byQuarter).toEqual([
      { quarter: "2025-Q1", thematic: true, monthly: true, compliant: true },
      { quarter: "2025-Q2", thematic: true, monthly: false, compliant: false },
    ]);
    expect(r.byMonth.find((m) => m.month === "2025-05")?.regular).toBe(false);
    expect(r.compliant).toBe(false);
  });

  it("does not count a thematic meeting as the month's regular one", () => {
    const r = quarter("2025-07-01", "2025-07-31", [{ heldOn: "2025-07-05", kind: "chuyen_de" }]);
    expect(r.byMonth).toEqual([{ month: "2025-07", regular: false }]);
  });

  it("spans year ends", () => {
    const r = quarter("2025-12-01", "2026-01-31", [
      { heldOn: "2025-12-05", kind: "thuong_ky" },
      { heldOn: "2025-12-05", kind: "chuyen_de" },
      { heldOn: "2026-01-05", kind: "thuong_ky" },
    ]);
    expect(r.byQuarter.map((q) => [q.quarter, q.compliant])).toEqual([
      ["2025-Q4", true],
      ["2026-Q1", false],
    ]);
  });
});

describe("schedule dates", () => {
  it("falls on the month's last day when the day is past it", () => {
    expect(expectedDate(2026, 2, 31)).toBe("2026-02-28");
    expect(expectedDate(2024, 2, 30)).toBe("2024-02-29");
    expect(expectedDate(2026, 12, 5)).toBe("2026-12-05");
  });
});

describe("rating from points on the example scale", () => {
  const criteria: Criterion[] = [
    { key: "a", label: "A", maxPoints: 40, isKey: true },
    { key: "b", label: "B", maxPoints: 60, isKey: false },
  ];
  it("rates tốt at ≥90 only with key criteria at their maximum", () => {
    expect(ratingFromPoints({ a: 40, b: 50 }, criteria, EXAMPLE_SCALE)).toEqual({ total: 90, rating: "tot" });
    expect(ratingFromPoints({ a: 39, b: 60 }, criteria, EXAMPLE_SCALE)).toEqual({ total: 99, rating: "kha" });
  });
  it("draws the khá, trung bình and kém boundaries", () => {
    expect(ratingFromPoints({ a: 30, b: 40 }, criteria, EXAMPLE_SCALE).rating).toBe("kha");
    expect(ratingFromPoints({ a: 30, b: 39 }, criteria, EXAMPLE_SCALE).rating).toBe("trung_binh");
    expect(ratingFromPoints({ a: 20, b: 30 }, criteria, EXAMPLE_SCALE).rating).toBe("trung_binh");
    expect(ratingFromPoints({ a: 20, b: 29 }, criteria, EXAMPLE_SCALE).rating).toBe("kem");
  });
  it("caps points at each criterion's maximum and ignores negatives", () => {
    expect(ratingFromPoints({ a: 400, b: -5 }, criteria, EXAMPLE_SCALE).total).toBe(40);
  });
});

describe("expected meetings from the registered schedules", () => {
  it("takes each month's date from the schedule valid on it", () => {
    const schedules = [
      { dayOfMonth: 5, startsAt: "14:00", place: "Phòng họp A", validFrom: "2025-01-01", validTo: "2025-02-28" },
      { dayOfMonth: 31, startsAt: "08:00", place: "Phòng họp B", validFrom: "2025-03-01", validTo: null },
    ];
    expect(expectedMeetings(schedules, { from: "2024-12-01", to: "2025-04-30" })).toEqual([
      { date: "2025-01-05", startsAt: "14:00", place: "Phòng họp A" },
      { date: "2025-02-05", startsAt: "14:00", place: "Phòng họp A" },
      { date: "2025-03-31", startsAt: "08:00", place: "Phòng họp B" },
      { date: "2025-04-30", startsAt: "08:00", place: "Phòng họp B" },
    ]);
  });
});
