import { describe, expect, it } from "vitest";
import { parseClassMark, readAttendanceSheet } from "~/completion/classes.server";
import { groupMeetings, parseAttendanceMark, parseHistoryRows, parseMeetingKind } from "~/meetings/history-import.server";
import { dateOf } from "~/utils/sheets.server";

describe("dateOf: a meeting date as offices type or save it", () => {
  it("reads day-first dates typed or saved as text, with two-digit years as Calc writes them in CSV", () => {
    expect(dateOf("05/01/2024")).toBe("2024-01-05");
    expect(dateOf("5/2/2024")).toBe("2024-02-05");
    expect(dateOf(" 28.03.2024 ")).toBe("2024-03-28");
    expect(dateOf("28-03-2024")).toBe("2024-03-28");
    expect(dateOf("05/01/24")).toBe("2024-01-05");
    expect(dateOf("05/01/79")).toBe("1979-01-05");
    expect(dateOf("2024-01-05")).toBe("2024-01-05");
  });

  it("reads a date cell saved as its serial number (Excel's day count, 1900 leap-year bug included)", () => {
    expect(dateOf("45296")).toBe("2024-01-05");
    expect(dateOf("45296.5")).toBe("2024-01-05");
    expect(dateOf("60")).toBeNull(); // a small number is no date here
  });

  it("refuses days that do not exist and anything else", () => {
    for (const text of ["31/02/2024", "29/02/2023", "00/01/2024", "05/13/2024", "2024", "tháng 1/2024", "", "05/01/2024 14:00", "99999999"])
      expect(dateOf(text), text).toBeNull();
    expect(dateOf("29/02/2024")).toBe("2024-02-29");
  });
});

describe("parseAttendanceMark", () => {
  it("reads the long forms and the short ones, in any case and spacing, with or without diacritics", () => {
    for (const text of ["x", "X", "có", "Có", "CÓ MẶT", "co mat", " có  mặt "]) expect(parseAttendanceMark(text), text).toBe("present");
    for (const text of ["P", "p", "có phép", "Có Phép", "CLD", "cld", "vắng có lý do", "Vắng có lý do", "vang co ly do", "V.CLD"])
      expect(parseAttendanceMark(text), text).toBe("excused");
    for (const text of ["KP", "kp", "không phép", "KHÔNG PHÉP", "KLD", "kld", "vắng không lý do", "Vắng không lý do", "khong phep"])
      expect(parseAttendanceMark(text), text).toBe("unexcused");
  });

  it("leaves a bare “vắng”, blanks and anything else unread", () => {
    for (const text of ["", "vắng", "V", "?", "có mặt muộn", "1"]) expect(parseAttendanceMark(text), text).toBeNull();
  });
});

describe("parseMeetingKind", () => {
  it("reads both kinds in any case and spelling", () => {
    for (const text of ["Thường kỳ", "THƯỜNG KỲ", "thuong ky", "TK", "sinh hoạt thường kỳ"]) expect(parseMeetingKind(text), text).toBe("thuong_ky");
    for (const text of ["Chuyên đề", "CHUYÊN ĐỀ", "chuyen de", "CĐ", "Sinh hoạt chuyên đề"]) expect(parseMeetingKind(text), text).toBe("chuyen_de");
    expect(parseMeetingKind("đột xuất")).toBeNull();
  });
});

describe("parseHistoryRows", () => {
  const header = ["STT", " Ngày họp ", "LOẠI", "Chuyên đề", "Mã đảng viên", "Họ và tên", "Điểm danh", "Lý do"];
  const today = "2026-12-05";

  it("finds the header under a title, skips the template's unfilled member rows, reads kinds, codes and reasons", () => {
    const rows = [
      ["SỔ SINH HOẠT CHI BỘ"],
      header,
      ["1", "05/01/2024", "", "", "qb000014", "Nguyễn Ngọc Khánh", "x", "ghi nhầm"],
      ["2", "45296", "thường kỳ", "", "QB000015", "Nguyễn Thị Loan", "P", "Đi công tác"],
      ["3", "28/03/2024", "", "Học tập chuyên đề năm", "QB000015", "", "kp"],
      ["4", "", "Thường kỳ", "", "QB000016", "Nguyễn Bích Hương", ""],
    ];
    const parsed = parseHistoryRows({ rows, lines: [1, 3, 4, 5, 6, 7], today });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 4, date: "2024-01-05", kind: "thuong_ky", topic: "", code: "QB000014", name: "Nguyễn Ngọc Khánh", status: "present", reason: "" },
      { line: 5, date: "2024-01-05", kind: "thuong_ky", topic: "", code: "QB000015", name: "Nguyễn Thị Loan", status: "excused", reason: "Đi công tác" },
      { line: 6, date: "2024-03-28", kind: "chuyen_de", topic: "Học tập chuyên đề năm", code: "QB000015", name: "", status: "unexcused", reason: "" },
    ]);
  });

  it("names the line of a future date, an unreadable date, mark or kind, and a missing code", () => {
    const rows = [
      header,
      ["1", "06/12/2026", "Thường kỳ", "", "QB000014", "", "x"],
      ["2", "31/02/2024", "Thường kỳ", "", "QB000014", "", "x"],
      ["3", "05/01/2024", "Thường kỳ", "", "QB000014", "", "vắng"],
      ["4", "05/01/2024", "đột xuất", "", "QB000014", "", "x"],
      ["5", "05/01/2024", "Thường kỳ", "", "", "", "x"],
    ];
    const parsed = parseHistoryRows({ rows, lines: [1, 2, 3, 4, 5, 6], today });
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.problems[0]!.message).toContain("chưa tới");
    expect(parsed.problems[2]!.message).toContain("KP");
  });

  it("asks for the template when the header is missing", () => {
    expect(parseHistoryRows({ rows: [["Họ tên", "Ngày"]], lines: [1], today }).problems[0]!.message).toContain("Mã đảng viên");
  });
});

describe("groupMeetings", () => {
  const row = (line: number, date: string, code: string, kind: "thuong_ky" | "chuyen_de" = "thuong_ky", topic = "") => ({
    line,
    date,
    kind,
    topic,
    code,
    name: "",
    status: "present" as const,
    reason: "",
  });

  it("makes one meeting of each date and kind, oldest first, and refuses a member twice or two topics", () => {
    const { meetings, problems } = groupMeetings([
      row(2, "2024-02-05", "A"),
      row(3, "2024-01-05", "A"),
      row(4, "2024-01-05", "B"),
      row(5, "2024-01-05", "A", "chuyen_de", "Chuyên đề một"),
      row(6, "2024-01-05", "A"),
      row(7, "2024-01-05", "B", "chuyen_de", "Chuyên đề hai"),
    ]);
    expect(meetings.map((m) => [m.date, m.kind, m.topic, m.rows.length])).toEqual([
      ["2024-01-05", "thuong_ky", "", 2],
      ["2024-01-05", "chuyen_de", "Chuyên đề một", 1],
      ["2024-02-05", "thuong_ky", "", 1],
    ]);
    expect(problems.map((p) => p.line)).toEqual([6, 7]);
    expect(problems[0]!.message).toContain("dòng 3");
  });
});

describe("class attendance sheet", () => {
  it("reads a checklist with a “Dự lớp” column: marked attended, blank did not, anything else named", () => {
    expect(parseClassMark("x")).toBe(true);
    expect(parseClassMark("Có")).toBe(true);
    expect(parseClassMark("Đúng")).toBe(true);
    expect(parseClassMark("")).toBe(false);
    expect(parseClassMark("vắng")).toBe(false);
    expect(parseClassMark("?")).toBeNull();
    const rows = [
      ["DANH SÁCH"],
      ["STT", "Mã đảng viên", "Họ và tên", "Chi bộ", "dự  lớp"],
      ["1", "qb000001", "A", "", "X"],
      ["2", "QB000002", "B", "", ""],
      ["3", "QB000003", "C", "", "có"],
    ];
    expect(readAttendanceSheet({ rows, lines: [1, 3, 4, 5, 6] })).toEqual({
      ok: true,
      checklist: true,
      present: ["QB000001", "QB000003"],
      absent: ["QB000002"],
    });
    const bad = readAttendanceSheet({ rows: [...rows, ["4", "QB000004", "D", "", "??"]], lines: [1, 3, 4, 5, 6, 7] });
    expect(bad).toMatchObject({ ok: false, errors: [expect.stringContaining("Dòng 7")] });
  });

  it("keeps the plain list of codes: every code listed attended", () => {
    expect(
      readAttendanceSheet({
        rows: [
          ["STT", "Mã đảng viên"],
          ["1", " qb000001 "],
          ["2", "QB000002"],
        ],
        lines: [1, 2, 3],
      }),
    ).toEqual({ ok: true, checklist: false, present: ["QB000001", "QB000002"], absent: [] });
  });
});
