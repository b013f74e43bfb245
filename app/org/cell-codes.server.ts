import { z } from "zod";
import { sql } from "drizzle-orm";
import type ExcelJS from "exceljs";
import { getDb, rowsOf } from "#db/client.server";
import { unitTrailSql } from "./name-sql.server";
import { subtreePattern } from "./scope-sql.server";

interface CellCode {
  id: number;
  name: string;
  parentName: string | null;
}

const CellCodeRowSchema = z.object({ id: z.number(), name: z.string(), parentName: z.string().nullable() });

/** The open cells of a subtree, as the templates' "Mã chi bộ" sheet lists them (the code is the unit's id). */
export async function listCellCodes(scopePath: string) {
  // Cells of the same name ("Chi bộ Văn phòng" ×3) are told apart by their whole trail of units above.
  return rowsOf(
    await getDb().execute(sql`select u.id, u.name, ${unitTrailSql()} as "parentName" from unit u
      where u.path like ${subtreePattern(scopePath)} and u.kind in ('chi_bo', 'chi_bo_co_so') and u.closed_at is null order by u.path collate "C"`),
    CellCodeRowSchema,
  );
}

/** Adds the "Mã chi bộ" sheet: code, name and the units above, for the reader to look codes up. */
export function addCellCodesSheet(workbook: ExcelJS.Workbook, cells: CellCode[]) {
  const sheet = workbook.addWorksheet("Mã chi bộ");
  sheet.addRow(["Mã chi bộ", "Tên chi bộ", "Trực thuộc (đảng bộ bộ phận, đảng bộ cơ sở)"]).font = { bold: true };
  for (const c of cells) sheet.addRow([c.id, c.name, c.parentName ?? ""]);
  [12, 40, 80].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return sheet;
}
