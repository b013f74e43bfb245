import ExcelJS from "exceljs";
import { parseCsvLines } from "~/utils/csv";

/** Largest spreadsheet accepted for upload. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** Rows of non-blank cells, each with its spreadsheet line (for messages that name the line a person sees). */
export type SheetResult = { ok: true; rows: string[][]; lines: number[] } | SheetRefusal;

/** Why a file was not read: the shape of `Refusal` (app/forms/command.ts), spelled here since shared helpers import no feature. */
export interface SheetRefusal {
  ok: false;
  message: string;
}

const SAVE_AS_XLSX = "Hãy mở tệp bằng Excel hoặc LibreOffice Calc, chọn Lưu thành (Save As) kiểu “Excel Workbook (.xlsx)” rồi tải lên lại.";
const SAVE_AS_CSV_UTF8 = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu “CSV UTF-8 (Comma delimited)” (hoặc “Excel Workbook (.xlsx)”), rồi tải lên lại.";

function pad(n: number) {
  return String(n).padStart(2, "0");
}

/** A cell as the text a person sees: dates as dd/mm/yyyy, formulas by their result, links by their text. */
function cellString(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  // exceljs reads a date cell as midnight UTC of that day.
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  // A Vietnamese Calc or Excel turns a typed "đúng"/"sai" into a boolean and shows it so.
  if (typeof value === "boolean") return value ? "Đúng" : "Sai";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellString(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

/** NUL or C1 control characters: what binary data (or a wrongly guessed encoding) decodes to, never text. */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000\u0080-\u009F\uFFFD]/;

/**
 * The text of an uploaded CSV, whatever Excel or Calc saved it as: UTF-8 with or without BOM,
 * UTF-16 ("Unicode text", with BOM), or the Vietnamese Windows code page 1258 (Excel's "CSV" on a
 * Vietnamese Windows), whose separate tone marks are composed (NFC). Anything else is refused
 * with how to save it instead.
 */
export function decodeText(bytes: Uint8Array): { ok: true; text: string } | SheetRefusal {
  const decode = (encoding: string, fatal = false) => new TextDecoder(encoding, { fatal }).decode(bytes).normalize("NFC");
  let text: string | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decode("utf-16le");
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decode("utf-16be");
  // UTF-16 without its BOM: ASCII letters leave a zero byte beside each of them.
  else if (bytes.length > 1 && bytes[0] !== 0 && bytes[1] === 0) text = decode("utf-16le");
  else if (bytes.length > 1 && bytes[0] === 0 && bytes[1] !== 0) text = decode("utf-16be");
  else {
    try {
      text = decode("utf-8", true);
    } catch {
      text = decode("windows-1258");
    }
  }
  if (NOT_TEXT.test(text)) {
    return {
      ok: false,
      message: `Không đọc được tệp CSV: nội dung không phải văn bản UTF-8, UTF-16 hay Windows-1258 (có thể là tệp Excel bị đổi đuôi thành .csv). ${SAVE_AS_CSV_UTF8}`,
    };
  }
  // Letters a program could not write in the code page it saved in come out as "?" (Tiếng → Ti?ng): lost for good.
  if ((text.match(/\p{L}\?\p{L}/gu)?.length ?? 0) >= 3) {
    return { ok: false, message: `Tệp CSV đã mất dấu tiếng Việt khi được lưu (chữ có dấu bị thay bằng dấu “?”), nên không nhập được. ${SAVE_AS_CSV_UTF8}` };
  }
  return { ok: true, text: text.replace(/^\uFEFF/, "") };
}

/**
 * Reads the first sheet of an uploaded .xlsx, .csv or .txt (tab-separated "Unicode text") file
 * into trimmed string rows; blank rows are dropped wherever they are.
 */
export async function readSheet(file: File): Promise<SheetResult> {
  if (!file.size) return { ok: false, message: "Chọn tệp Excel (.xlsx) hoặc CSV." };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, message: "Tệp quá lớn (tối đa 2 MB)." };
  return readSheetBytes(file.name, new Uint8Array(await file.arrayBuffer()));
}

/** `readSheet` of bytes already read, the format told by the file name. */
export async function readSheetBytes(fileName: string, bytes: Uint8Array): Promise<SheetResult> {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv") || name.endsWith(".txt")) {
    const decoded = decodeText(bytes);
    return decoded.ok ? { ok: true, ...parseCsvLines(decoded.text) } : decoded;
  }
  if (name.endsWith(".xls")) return { ok: false, message: `Tệp Excel 97–2003 (.xls) chưa đọc được. ${SAVE_AS_XLSX}` };
  if (name.endsWith(".ods")) return { ok: false, message: `Tệp LibreOffice (.ods) chưa đọc được. ${SAVE_AS_XLSX}` };
  if (!name.endsWith(".xlsx")) return { ok: false, message: "Chỉ nhận tệp .xlsx hoặc .csv." };
  try {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return { ok: false, message: "Tệp Excel không có trang tính nào." };
    const rows: string[][] = [];
    const lines: number[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellString(row.getCell(c).value).trim());
      if (cells.some((c) => c !== "")) {
        rows.push(cells);
        lines.push(line);
      }
    });
    return { ok: true, rows, lines };
  } catch {
    return { ok: false, message: `Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx. ${SAVE_AS_XLSX}` };
  }
}

/** A header as compared: composed, lower case, one space between words. */
function headerKey(text: string) {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Finds the header row (the first one containing `required`, so a title above it is fine) and
 * maps header → column index, ignoring case and extra spaces.
 */
export function headerIndex(rows: string[][], required: string) {
  const at = rows.findIndex((r) => r.some((c) => headerKey(c) === headerKey(required)));
  if (at < 0) return null;
  const map = new Map(rows[at]!.map((c, i) => [headerKey(c), i]));
  return { at, column: (header: string) => map.get(headerKey(header)) };
}

/** Excel's day 0 (serial dates count days from 30/12/1899, leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** "YYYY-MM-DD" of a day, or null when it is no calendar day (31/02) or outside 1920–2100. */
function calendarDay(year: number, month: number, day: number) {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1920 || year > 2100) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A day ("YYYY-MM-DD") from a cell meant to hold a date, the way offices type or save it: `05/01/2024`,
 * `5/1/24`, `05.01.2024`, `05-01-2024` (day first, as a Vietnamese Calc or Excel shows it), `2024-01-05`,
 * or a date cell saved as its serial number (`45296`). Null for anything else, 31/02 included.
 */
export function dateOf(text: string): string | null {
  const value = text.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(value);
  if (dmy) {
    const year = dmy[3]!.length === 4 ? Number(dmy[3]) : Number(dmy[3]) + (Number(dmy[3]) < 30 ? 2000 : 1900);
    return calendarDay(year, Number(dmy[2]), Number(dmy[1]));
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (/^\d{4,5}(\.\d+)?$/.test(value) && Number(value) >= 7306 && Number(value) <= 73415) {
    return new Date(EXCEL_EPOCH + Math.floor(Number(value)) * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/**
 * A year from a cell meant to hold one: `1980`, a date typed or saved as `15/03/1980`, `15/03/80` or `1980-03-15`, or a
 * date cell saved as its serial number (a CSV of a date formatted as a number). Null if none.
 */
export function yearOf(text: string): number | null {
  const value = text.trim();
  if (/^\d{4}$/.test(value) && Number(value) < 3000) return Number(value);
  const dmy = /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})$/.exec(value);
  // A two-digit year (a date saved as 15/03/79) reads as Excel and Calc read it: 00–29 → 20xx, else 19xx.
  if (dmy) return dmy[1]!.length === 4 ? Number(dmy[1]) : Number(dmy[1]) + (Number(dmy[1]) < 30 ? 2000 : 1900);
  const iso = /^(\d{4})-\d{1,2}-\d{1,2}$/.exec(value);
  if (iso) return Number(iso[1]);
  // Serials 7306…73415 are the years 1920…2100; anything else is not a date.
  if (/^\d{4,5}(\.\d+)?$/.test(value) && Number(value) >= 7306 && Number(value) <= 73415) {
    return new Date(EXCEL_EPOCH + Math.floor(Number(value)) * 86_400_000).getUTCFullYear();
  }
  return null;
}
