import ExcelJS from "exceljs";
import { csvText } from "~/utils/csv";
import { setPrintLayout } from "~/utils/xlsx";
import { formatDate } from "~/utils/format";
import { cellText, type ReportTable } from "./tables";

/**
 * The table as CSV (header row first), through the app's one neutralising writer. The CSV is the file for
 * programs: numbers as numbers with a dot decimal (83.3), whatever the reader's locale; the xlsx is the file for
 * people, with vi-VN formats (83,3). A comma decimal in a comma-separated file is read as text.
 */
export function toCsv(table: ReportTable) {
  return csvText([
    table.columns.map((c) => c.header),
    ...table.rows.map((row) => row.map((v, i) => (typeof v === "number" ? v : cellText(v, table.columns[i]!.type)))),
  ]);
}

/** A real workbook: title rows, bold framed headers, number and date formats, frozen header. */
export async function toXlsx(input: { table: ReportTable; subtitle: string[] }) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bí thư chi bộ giỏi";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet("Báo cáo");
  const width = input.table.columns.length;
  const title = sheet.addRow([input.table.title.toUpperCase()]);
  title.font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, width);
  for (const line of input.subtitle) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.font = { italic: true };
  }
  sheet.addRow([]);
  const header = sheet.addRow(input.table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3EEEB" } };
  });
  for (const values of input.table.rows) {
    const row = sheet.addRow(
      values.map((v, i) => {
        const type = input.table.columns[i]!.type;
        if (type === "date" && typeof v === "string") return new Date(`${v}T00:00:00Z`);
        if (type === "percent" && typeof v === "number") return v / 100;
        return v;
      }),
    );
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const type = input.table.columns[column - 1]?.type;
      if (type === "percent") cell.numFmt = "0.0%";
      if (type === "int") cell.numFmt = "#,##0";
      if (type === "date") cell.numFmt = "dd/mm/yyyy";
    });
  }
  const first = header.number;
  const last = sheet.rowCount;
  for (let r = first; r <= last; r++) {
    for (let c = 1; c <= width; c++) {
      sheet.getCell(r, c).border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    }
  }
  input.table.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? Math.max(12, c.header.length + 2)));
  sheet.views = [{ state: "frozen", ySplit: first }];
  setPrintLayout(sheet, first);
  sheet.addRow([]);
  sheet.addRow([`Xuất ngày ${formatDate(new Date())}`]).font = { italic: true, size: 9 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
