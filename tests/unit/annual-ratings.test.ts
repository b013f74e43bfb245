import { describe, expect, it } from "vitest";
import { isGoodRating, parseAnnualRating, parseCellCode, parseMemberCode, parseRatingYear } from "~/meetings/annual-ratings";
import { parseRatingRows } from "~/meetings/annual-ratings.server";

describe("annual rating phrases (001 §II.1.2(5)) as offices write them", () => {
  it.each([
    ["Hoàn thành xuất sắc nhiệm vụ", "xuat_sac"],
    ["HTXSNV", "xuat_sac"],
    ["  hoàn thành   XUẤT SẮC nhiệm vụ. ", "xuat_sac"],
    ["Hoan thanh xuat sac nhiem vu", "xuat_sac"],
    ["Xuất sắc", "xuat_sac"],
    ["Hoàn thành tốt nhiệm vụ", "tot"],
    ["httnv", "tot"],
    ["Hoàn thành tốt", "tot"],
    ["Tốt", "tot"],
    ["Hoàn thành nhiệm vụ", "hoan_thanh"],
    ["HTNV", "hoan_thanh"],
    ["hoàn thành", "hoan_thanh"],
    ["Không hoàn thành nhiệm vụ", "khong_hoan_thanh"],
    ["KHÔNG HOÀN THÀNH NHIỆM VỤ", "khong_hoan_thanh"],
    ["KHTNV", "khong_hoan_thanh"],
    ["Khtnv", "khong_hoan_thanh"],
    // Windows-1258 keeps tone marks apart (o + combining acute): read the same.
    ["Hoa\u0300n tha\u0300nh to\u0302\u0301t nhi\u00ea\u0323m vu\u0323", "tot"],
  ])("%s → %s", (text, code) => {
    expect(parseAnnualRating(text)).toBe(code);
  });

  it.each(["", "Khá", "Trung bình", "HT tốt", "Hoàn thành nhiệm vụ xuất sắc", "5"])("refuses %j", (text) => {
    expect(parseAnnualRating(text)).toBeNull();
  });

  it("counts hoàn thành tốt nhiệm vụ and better for the target", () => {
    expect((["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"] as const).map(isGoodRating)).toEqual([true, true, false, false]);
  });
});

describe("years and codes typed into spreadsheets", () => {
  it("reads a year as a number, a number with decimals, text or 'Năm 2024', within range", () => {
    expect(["2024", "2024.0", " 2024 ", "Năm 2024", "năm  2024", "2024,0"].map((t) => parseRatingYear(t, 2026))).toEqual([2024, 2024, 2024, 2024, 2024, 2024]);
    expect(["2027", "1999", "24", "2024-2025", "", "abc"].map((t) => parseRatingYear(t, 2026))).toEqual([null, null, null, null, null, null]);
  });

  it("reads member codes in any case with spaces, and a number's decimals away", () => {
    expect(["qb000001", " QB000002 ", "12345.0", "12345", "QB 000003"].map(parseMemberCode)).toEqual(["QB000001", "QB000002", "12345", "12345", "QB000003"]);
  });

  it("reads cell codes typed as numbers or text", () => {
    expect(["5", " 17 ", "5.0", "5,0"].map(parseCellCode)).toEqual([5, 17, 5, 5]);
    expect(["", "abc", "0", "-5", "5.5", "99999999999"].map(parseCellCode)).toEqual([null, null, null, null, null, null]);
  });
});

describe("parseRatingRows", () => {
  const header = ["STT", "Năm", "Mã chi bộ", "Mã đảng viên", "Họ và tên / Tên chi bộ (tham khảo)", "Xếp loại"];

  it("finds the header under a title, skips numbered rows nobody filled, tells cell rows from member rows", () => {
    const rows = [
      ["XẾP LOẠI NĂM 2024"],
      [" STT ", "NĂM", "mã chi bộ", "Mã  đảng viên", "Họ và tên", " xếp loại "],
      ["1", "2024", "5", "", "Chi bộ Văn phòng", "HTTNV"],
      ["2", "2024", "5", "qb000001", "Nguyễn Văn A", "HTXSNV"],
      ["3", "", "", "", "", ""],
    ];
    expect(parseRatingRows({ rows, lastYear: 2026 })).toEqual({
      rows: [
        { line: 3, year: 2024, subject: "cell", cellId: 5, memberCode: null, rating: "tot" },
        // A member row's cell code is for the reader only.
        { line: 4, year: 2024, subject: "person", cellId: null, memberCode: "QB000001", rating: "xuat_sac" },
      ],
      errors: [],
    });
  });

  it("names each line's problems, with the spreadsheet's line numbers", () => {
    const rows = [
      header,
      ["1", "2030", "5", "", "", "HTTNV"],
      ["2", "2024", "", "", "", "Tốt"],
      ["3", "2024", "x", "", "", "Khá"],
      ["4", "", "", "QB/1", "", ""],
    ];
    const { rows: parsed, errors } = parseRatingRows({ rows, lines: [2, 3, 4, 5, 7], lastYear: 2026 });
    expect(parsed).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'Dòng 3: năm "2030" không hợp lệ (từ 2000 đến 2026).',
      "Dòng 4: thiếu mã chi bộ (dòng của chi bộ) hoặc mã đảng viên (dòng của đảng viên).",
      expect.stringMatching(/^Dòng 5: mã chi bộ "x" không hợp lệ .*; xếp loại "Khá" không hợp lệ \(ghi một trong: “Hoàn thành xuất sắc nhiệm vụ” \(HTXSNV\)/),
      'Dòng 7: thiếu năm; mã đảng viên "QB/1" không hợp lệ; thiếu xếp loại.',
    ]);
  });

  it("asks for the template when there is no header, and names missing columns", () => {
    expect(parseRatingRows({ rows: [["a", "b"]], lastYear: 2026 }).errors[0]!.message).toBe('Không tìm thấy dòng tiêu đề có cột "Xếp loại". Hãy dùng tệp mẫu.');
    expect(parseRatingRows({ rows: [["Tên", "Xếp loại"]], lastYear: 2026 }).errors[0]!.message).toBe("Thiếu cột: Năm, Mã chi bộ hoặc Mã đảng viên.");
  });
});
