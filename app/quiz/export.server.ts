import ExcelJS from "exceljs";
import { setPrintLayout } from "~/utils/xlsx";

type Cell = string | number;

/** An xlsx download with a bold header row and sensible column widths. */
export async function xlsxResponse(input: { filename: string; sheet: string; header: string[]; rows: Cell[][] }) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(input.sheet);
  sheet.addRow(input.header).font = { bold: true };
  for (const row of input.rows) sheet.addRow(row);
  setPrintLayout(sheet, 1);
  sheet.columns.forEach((column, index) => {
    column.width = index === 3 ? 70 : 16;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(buffer, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${input.filename}"`,
    },
  });
}
