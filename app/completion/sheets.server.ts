import ExcelJS from "exceljs";
import { parseCsv } from "~/utils/csv";

/** Largest spreadsheet accepted for upload. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export type SheetResult = { ok: true; rows: string[][] } | { ok: false; error: string };

function cellString(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellString(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    return "";
  }
  return String(value);
}

/** Reads the first sheet of an uploaded .xlsx or .csv file into trimmed string rows. */
export async function readSheet(file: File): Promise<SheetResult> {
  if (!file.size) return { ok: false, error: "Chọn tệp Excel (.xlsx) hoặc CSV." };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, error: "Tệp quá lớn (tối đa 2 MB)." };
  const name = file.name.toLowerCase();
  const buffer = Buffer.from(await file.arrayBuffer());
  if (name.endsWith(".csv")) return { ok: true, rows: parseCsv(buffer.toString("utf8")) };
  if (!name.endsWith(".xlsx")) return { ok: false, error: "Chỉ nhận tệp .xlsx hoặc .csv." };
  try {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) return { ok: false, error: "Tệp Excel không có trang tính nào." };
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellString(row.getCell(c).value).trim());
      if (cells.some((c) => c !== "")) rows.push(cells);
    });
    return { ok: true, rows };
  } catch {
    return { ok: false, error: "Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx." };
  }
}

/** Finds the header row (the first one containing `required`) and maps header → column index. */
export function headerIndex(rows: string[][], required: string) {
  const normal = (s: string) => s.normalize("NFC").toLowerCase().trim();
  const at = rows.findIndex((r) => r.some((c) => normal(c) === normal(required)));
  if (at < 0) return null;
  const map = new Map(rows[at]!.map((c, i) => [normal(c), i]));
  return { at, column: (header: string) => map.get(normal(header)) };
}
