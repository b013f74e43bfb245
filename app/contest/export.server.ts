import { z } from "zod";
import ExcelJS from "exceljs";
import { listRounds } from "./contests.server";
import { getLeaderboard, getRoundScoresFor } from "./results.server";
import { getDb, rowsOf } from "#db/client.server";
import { sql } from "drizzle-orm";
import { contestContestant, person, unit } from "#db/schema";
import { formatNumber } from "~/utils/format";
import { SCORE_FORMAT, setPrintLayout, xlsxResponse } from "~/utils/xlsx";

const EXPORT_LIMIT = 200_000;

/** Results: rank, name, unit, every round score, total, prize. */
export async function resultsXlsx(input: { contestId: number; contestName: string }) {
  const rounds = await listRounds(input.contestId);
  const board = await getLeaderboard({ contestId: input.contestId, pageSize: EXPORT_LIMIT });
  const scores = await getRoundScoresFor({ contestantIds: board.rows.map((r) => r.contestantId) });
  const byContestant = new Map<number, Map<number, number>>();
  for (const s of scores) {
    const entry = byContestant.get(s.contestantId) ?? new Map<number, number>();
    entry.set(s.roundId, s.score);
    byContestant.set(s.contestantId, entry);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Kết quả");
  sheet.addRow([input.contestName]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([
    "Hạng",
    "Đồng hạng",
    "Họ và tên",
    "Tổ chức cơ sở đảng",
    ...rounds.map((r) => `${r.name} (×${formatNumber(r.weight)})`),
    "Tổng điểm",
    "Giải",
  ]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  // Round scores and the total: full-precision numbers, shown like the page (83,33).
  const scoreColumns = rounds.map((_, i) => 5 + i).concat(5 + rounds.length);
  for (const r of board.rows) {
    const own = byContestant.get(r.contestantId);
    const row = sheet.addRow([r.rank, r.tied ? "x" : "", r.fullName, r.unitName, ...rounds.map((round) => own?.get(round.id) ?? null), r.total, r.prize ?? ""]);
    for (const c of scoreColumns) row.getCell(c).numFmt = SCORE_FORMAT;
  }
  sheet.columns.forEach((c, i) => (c.width = i === 2 || i === 3 ? 32 : 14));
  sheet.views = [{ state: "frozen", ySplit: header.number }];
  setPrintLayout(sheet, header.number);
  return xlsxResponse(await workbook.xlsx.writeBuffer(), `ket-qua-hoi-thi-${input.contestId}.xlsx`);
}

const ContestantsXlsxRowSchema = z.object({
  memberCode: z.string(),
  familyName: z.string(),
  middleName: z.string(),
  givenName: z.string(),
  cellName: z.string(),
  tccsName: z.string(),
  status: z.string(),
});

/** The registered contestants, Vietnamese name order, for printing or checking. */
export async function contestantsXlsx(input: { contestId: number; contestName: string }) {
  const rows = rowsOf(
    await getDb().execute(sql`
      select p.member_code as "memberCode", p.family_name as "familyName", p.middle_name as "middleName", p.given_name as "givenName",
        cu.name as "cellName", t.name as "tccsName", c.status
      from ${contestContestant} c
      join ${person} p on p.id = c.person_id
      join ${unit} cu on cu.id = p.unit_id
      join ${unit} t on t.id = c.tccs_unit_id
      where c.contest_id = ${input.contestId}
      order by p.sort_key collate "C", c.id
      limit ${EXPORT_LIMIT}`),
    ContestantsXlsxRowSchema,
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Thí sinh");
  sheet.addRow([`Danh sách thí sinh — ${input.contestName}`]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow(["STT", "Mã đảng viên", "Họ và tên", "Chi bộ", "Tổ chức cơ sở đảng", "Trạng thái"]);
  header.font = { bold: true };
  setPrintLayout(sheet, header.number);
  rows.forEach((r, i) =>
    sheet.addRow([i + 1, r.memberCode, [r.familyName, r.middleName, r.givenName].filter(Boolean).join(" "), r.cellName, r.tccsName, "Đã đăng ký"]),
  );
  sheet.columns.forEach((c, i) => (c.width = i === 0 ? 6 : 30));
  return xlsxResponse(await workbook.xlsx.writeBuffer(), `thi-sinh-hoi-thi-${input.contestId}.xlsx`);
}

export { xlsxResponse };
