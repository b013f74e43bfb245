/**
 * The one CSV writer and reader of the app. Every CSV export goes through `csvText`, which
 * neutralises cells a spreadsheet would run as a formula (OWASP "CSV injection").
 */

type CsvCell = string | number | null;

/** What Excel, Calc and Sheets treat as the start of a formula (tab and CR too: some strip them first). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (as we write them, vi-VN or not): `-5`, `83,33`, `1.512`, `-2,5%` stays as it is. */
const PLAIN_NUMBER = /^[-+]?\d[\d.,]*%?$/;

/** A cell's text, with `'` before anything a spreadsheet would read as a formula. */
export function neutraliseCell(value: CsvCell): string {
  if (value === null) return "";
  const text = String(value);
  if (typeof value === "number" || PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: CsvCell) {
  const text = neutraliseCell(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text: UTF-8 BOM (so that Excel shows Vietnamese), comma-separated, CRLF lines. */
export function csvText(rows: CsvCell[][]) {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** A CSV download of `rows` (header first). */
export function csvResponse(input: { filename: string; rows: CsvCell[][]; headers?: Record<string, string> }) {
  return new Response(csvText(input.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${input.filename}"`,
      "Cache-Control": "private, no-store",
      ...input.headers,
    },
  });
}

/**
 * Splits CSV text into trimmed rows without blank ones, each with its line (the spreadsheet row
 * it becomes, blank rows counted): quoted fields, BOM dropped, and the separator Excel or Calc
 * used (comma, semicolon, or tab for "Unicode text"), read from the first lines.
 */
export function parseCsvLines(text: string): { rows: string[][]; lines: number[] } {
  const source = text.replace(/^\uFEFF/, "");
  const sample = source.split(/\r?\n/, 10).join("\n");
  const count = (ch: string) => sample.split(ch).length - 1;
  const separator = [",", ";", "\t"].reduce((best, ch) => (count(ch) > count(best) ? ch : best));
  const records: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      row.push(field);
      records.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    records.push(row);
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  records.forEach((record, index) => {
    const cells = record.map((c) => c.trim());
    if (cells.some((c) => c !== "")) {
      rows.push(cells);
      lines.push(index + 1);
    }
  });
  return { rows, lines };
}

/** The rows of `parseCsvLines`, without their lines. */
export function parseCsv(text: string): string[][] {
  return parseCsvLines(text).rows;
}
