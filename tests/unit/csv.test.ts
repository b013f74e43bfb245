import { describe, expect, it } from "vitest";
import { csvResponse, csvText, neutraliseCell, parseCsv } from "~/utils/csv";

describe("CSV writer", () => {
  it("puts a quote before every cell a spreadsheet would run as a formula", () => {
    expect(neutraliseCell('=HYPERLINK("http://evil.example","Bấm")')).toBe('\'=HYPERLINK("http://evil.example","Bấm")');
    expect(neutraliseCell("+1+cmd|' /C calc'!A0")).toBe("'+1+cmd|' /C calc'!A0");
    expect(neutraliseCell("-2+3")).toBe("'-2+3");
    expect(neutraliseCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(neutraliseCell("\t=1+1")).toBe("'\t=1+1");
    expect(neutraliseCell("\r=1+1")).toBe("'\r=1+1");
  });

  it("leaves names, numbers and Vietnamese figures as they are", () => {
    expect(neutraliseCell("Nguyễn Văn An")).toBe("Nguyễn Văn An");
    expect(neutraliseCell("a=b")).toBe("a=b");
    expect(neutraliseCell(-5)).toBe("-5");
    expect(neutraliseCell("-5")).toBe("-5");
    expect(neutraliseCell("83,33")).toBe("83,33");
    expect(neutraliseCell("-1.512")).toBe("-1.512");
    expect(neutraliseCell(null)).toBe("");
  });

  it("quotes separators and quotes after neutralising, with a BOM and CRLF lines", () => {
    const text = csvText([
      ["Họ và tên", "Tỷ lệ"],
      ['=HYPERLINK("x";"y")', "57,1"],
    ]);
    expect(text).toBe('\uFEFFHọ và tên,Tỷ lệ\r\n"\'=HYPERLINK(""x"";""y"")","57,1"\r\n');
  });

  it("reads back what it writes (the neutralising quote stays visible as text)", () => {
    const rows = [
      ["Mã", "Tên; ghi chú"],
      ["QB1", '=1+"2"'],
      ["QB2", "Dòng\nhai"],
    ];
    expect(parseCsv(csvText(rows))).toEqual([
      ["Mã", "Tên; ghi chú"],
      ["QB1", '\'=1+"2"'],
      ["QB2", "Dòng\nhai"],
    ]);
  });

  it("answers a private download", async () => {
    const response = csvResponse({ filename: "a.csv", rows: [["@x"]] });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe("\uFEFF'@x\r\n");
  });
});
