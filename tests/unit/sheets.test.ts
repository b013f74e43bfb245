import { describe, expect, it } from "vitest";
import { importedPhone } from "~/completion/roster.server";
import { parseCsvLines } from "~/utils/csv";
import { decodeText, headerIndex, yearOf } from "~/utils/sheets.server";

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("decodeText", () => {
  it("reads UTF-8 with or without a BOM", () => {
    expect(decodeText(new Uint8Array(Buffer.from("\uFEFFMã đảng viên", "utf8")))).toEqual({ ok: true, text: "Mã đảng viên" });
    expect(decodeText(new Uint8Array(Buffer.from("Mã đảng viên", "utf8")))).toEqual({ ok: true, text: "Mã đảng viên" });
  });

  it("reads UTF-16 (Excel's and Calc's “Unicode text”), with its BOM or without", () => {
    expect(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Mã đảng viên\tHọ", "utf16le")])))).toEqual({
      ok: true,
      text: "Mã đảng viên\tHọ",
    });
    expect(decodeText(new Uint8Array(Buffer.from("Mã đảng viên", "utf16le")))).toEqual({ ok: true, text: "Mã đảng viên" });
  });

  it("reads Windows-1258 and composes its separate tone marks", () => {
    // "Mã đảng viên" as Excel writes it on a Vietnamese Windows: a + combining tilde (DE), đ (F0), a + hook above (D2).
    const decoded = decodeText(bytes("Ma", [0xde], " ", [0xf0], "a", [0xd2], "ng vi", [0xea], "n"));
    expect(decoded).toEqual({ ok: true, text: "Mã đảng viên" });
  });

  it("refuses binary data and text that lost its diacritics, saying how to save the file", () => {
    const binary = decodeText(bytes("PK", [3, 4, 0, 0, 0x81, 0x8d]));
    expect(binary.ok).toBe(false);
    expect(!binary.ok && binary.message).toContain("Không đọc được tệp CSV");
    expect(!binary.ok && binary.message).toContain("CSV UTF-8");
    const lost = decodeText(new Uint8Array(Buffer.from("M? ??ng vi?n,H? v? t?n\nTr?n Th? B?nh", "utf8")));
    expect(!lost.ok && lost.message).toContain("mất dấu tiếng Việt");
    expect(decodeText(new Uint8Array(Buffer.from("Câu hỏi?,Nguồn", "utf8"))).ok).toBe(true);
  });
});

describe("reading sheets", () => {
  it("keeps each row's spreadsheet line across blank rows and reads tab-separated text", () => {
    expect(parseCsvLines("Danh sách\n\nMã\tTên\nQB1\tAn\n\n\t\nQB2\tBình\n")).toEqual({
      rows: [["Danh sách"], ["Mã", "Tên"], ["QB1", "An"], ["QB2", "Bình"]],
      lines: [1, 3, 4, 7],
    });
    expect(parseCsvLines("a;b;c\n1;2;3").rows).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("finds a header below a title, in any case and spacing", () => {
    const header = headerIndex([["DANH SÁCH"], ["STT", "  MÃ   ĐẢNG viên "]], "Mã đảng viên");
    expect(header?.at).toBe(1);
    expect(header?.column("mã đảng VIÊN")).toBe(1);
  });

  it("reads a year from a year, a typed or saved date, or a date serial", () => {
    expect(yearOf("1985")).toBe(1985);
    expect(yearOf("15/03/1979")).toBe(1979);
    expect(yearOf("15/03/79")).toBe(1979);
    expect(yearOf("01/01/05")).toBe(2005);
    expect(yearOf("1979-03-15")).toBe(1979);
    expect(yearOf("28929")).toBe(1979); // 15/03/1979 as Excel's serial
    expect(yearOf("abc")).toBeNull();
    expect(yearOf("123")).toBeNull();
  });

  it("gives a phone typed into a number cell its leading 0 back", () => {
    expect(importedPhone("987654321")).toBe("0987654321");
    expect(importedPhone("0987654321")).toBe("0987654321");
    expect(importedPhone("0912 345 678")).toBe("0912345678");
    expect(importedPhone("+84 915 000 003")).toBe("0915000003");
    expect(importedPhone("84915000003")).toBe("0915000003");
    expect(importedPhone("12345")).toBe("12345");
  });
});
