import { z } from "zod";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { annualRating } from "#db/schema";
import { writeAudits, type AuditEntry } from "~/org/audit.server";
import { addCellCodesSheet, listCellCodes } from "~/org/cell-codes.server";
import { fullNameSql, unitTrailSql } from "~/org/name-sql.server";
import { subtreePattern } from "~/org/scope-sql.server";
import { refuse, type CommandResult, type Refusal } from "~/forms/command";
import { formatNumber } from "~/utils/format";
import { headerIndex } from "~/utils/sheets.server";
import {
  ANNUAL_RATING_SHORT,
  ANNUAL_RATINGS,
  FIRST_RATING_YEAR,
  parseAnnualRating,
  parseCellCode,
  parseMemberCode,
  parseRatingYear,
  type AnnualRating,
} from "./annual-ratings";
import { countCells, getUnitFigures, type UnitRef } from "./dashboard.server";
import { refreshCells } from "./figures-rollup.server";
import { evaluateTargets } from "./targets";
import { lockTrees } from "~/org/tree-lock.server";

/*
 * Annual ratings of cells and members (001 §II.1.2(5); issue 15): read and set by hand by Ban Tổ
 * chức over its subtree, imported from xlsx/CSV for past years (issue 20), every change audited
 * and the meetings roll-up refreshed in the same transaction, so the dashboard's figures move.
 */

export type Subject = "cell" | "person";

// ---- Reading ----

const CellRatingRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  trail: z.string(),
  rating: z.enum(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]).nullable(),
  /** Members listed on the cell's page: active ones, and any other with a rating for the year. */
  members: z.number(),
  membersRated: z.number(),
});

const CountRowSchema = z.object({ n: z.number() });

/**
 * The open cells under `path` (or the given cells) with their rating for the year, grouped by the
 * unit above them and sorted by name, paged; the member counts are read for the page only.
 */
export async function listCellRatings(input: { year: number; path?: string; cellIds?: number[]; belowDepth?: number; limit: number; offset: number }) {
  const where = input.cellIds ? (input.cellIds.length ? sql`u.id in ${input.cellIds}` : sql`false`) : sql`u.path like ${subtreePattern(input.path ?? "/")}`;
  const cells = sql`u.kind in ('chi_bo', 'chi_bo_co_so') and u.closed_at is null and ${where}`;
  const order = sql.raw(`left(u.path, length(u.path) - length(u.id::text) - 1) collate "C", u.sort_key collate "C", u.id`);
  const [rows, count] = await Promise.all([
    getDb().execute(sql`
      with page as (select u.id from unit u where ${cells} order by ${order} limit ${input.limit} offset ${input.offset})
      select u.id, u.name, ${unitTrailSql(sql.raw("u"), input.belowDepth ?? 0)} as trail, r.rating, m.members, m.rated as "membersRated"
      from page join unit u on u.id = page.id
      left join annual_rating r on r.cell_id = u.id and r.year = ${input.year}
      cross join lateral (
        select count(*)::int as members, count(ar.id)::int as rated
        from person p left join annual_rating ar on ar.person_id = p.id and ar.year = ${input.year}
        where p.unit_id = u.id and (p.active or ar.id is not null)
      ) m
      order by ${order}`),
    getDb().execute(sql`select count(*)::int as n from unit u where ${cells}`),
  ]);
  return { rows: rowsOf(rows, CellRatingRowSchema), total: rowsOf(count, CountRowSchema)[0]?.n ?? 0 };
}

const MemberRatingRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  memberCode: z.string(),
  active: z.boolean(),
  rating: z.enum(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]).nullable(),
});

/** The cell's members (active, or rated for the year) with their rating, in Vietnamese name order. */
export async function listMemberRatings(input: { cellId: number; year: number }) {
  return rowsOf(
    await getDb().execute(sql`
      select p.id, ${fullNameSql()} as name, p.member_code as "memberCode", p.active, r.rating
      from person p left join annual_rating r on r.person_id = p.id and r.year = ${input.year}
      where p.unit_id = ${input.cellId} and (p.active or r.id is not null)
      order by p.sort_key collate "C", p.id`),
    MemberRatingRowSchema,
  );
}

/** The two annual targets of the unit for the year, from the roll-up the dashboard reads (same figures). */
export async function annualTargets(input: { unit: UnitRef; year: number }) {
  const cells = await countCells(input.unit);
  const figures = await getUnitFigures({ unit: input.unit, kind: "y", starts: [`${input.year}-01-01`], cells });
  return evaluateTargets(figures.get(`${input.year}-01-01`)!, { cells, year: input.year }).filter((t) => t.key === "annualCells" || t.key === "annualMembers");
}

// ---- Writing ----

interface Change {
  subject: Subject;
  id: number;
  year: number;
  /** The cell whose roll-up the change moves: the cell itself, or the member's cell now. */
  cellId: number;
  before: AnnualRating | null;
  after: AnnualRating | null;
}

/**
 * Writes the changes that change something (upsert on the unique indexes, delete when cleared),
 * audits each one and refreshes the cells' years in the roll-up, all in the caller's transaction.
 */
async function applyChanges(tx: Executor, changes: Change[], input: { userId: string; source: "import" | "manual" }) {
  const effective = changes.filter((c) => c.before !== c.after);
  if (!effective.length) return;
  // The trees' write lock before any row that references a cell or a member (app/org/tree-lock.server.ts).
  await lockTrees(tx, { unitIds: effective.map((c) => c.cellId) });
  const now = new Date();
  for (const subject of ["cell", "person"] as const) {
    const column = subject === "cell" ? annualRating.cellId : annualRating.personId;
    const set = effective.filter((c) => c.subject === subject && c.after !== null);
    for (let i = 0; i < set.length; i += 1000) {
      await tx
        .insert(annualRating)
        .values(
          set.slice(i, i + 1000).map((c) => ({
            year: c.year,
            ...(subject === "cell" ? { cellId: c.id } : { personId: c.id }),
            rating: c.after!,
            source: input.source,
            recordedBy: input.userId,
          })),
        )
        .onConflictDoUpdate({
          target: [column, annualRating.year],
          targetWhere: sql`${column} is not null`,
          set: { rating: sql`excluded.rating`, source: sql`excluded.source`, recordedBy: sql`excluded.recorded_by`, updatedAt: now },
        });
    }
    const cleared = effective.filter((c) => c.subject === subject && c.after === null);
    for (const year of new Set(cleared.map((c) => c.year))) {
      const ids = cleared.filter((c) => c.year === year).map((c) => c.id);
      await tx.execute(sql`delete from annual_rating where year = ${year} and ${column} in ${ids}`);
    }
  }
  const action = input.source === "import" ? "annual_rating.import" : "annual_rating.set";
  await writeAudits(
    tx,
    effective.map((c): AuditEntry => ({
      actorId: input.userId,
      action,
      entity: c.subject === "cell" ? "unit" : "person",
      entityId: c.id,
      before: { year: c.year, rating: c.before, ratingLabel: c.before && ANNUAL_RATINGS[c.before] },
      after: { year: c.year, rating: c.after, ratingLabel: c.after && ANNUAL_RATINGS[c.after] },
    })),
  );
  await refreshCells(tx, { cellIds: effective.map((c) => c.cellId), years: effective.map((c) => c.year) });
}

interface SubjectInfo {
  id: number;
  cellId: number;
  path: string;
  isCell: boolean;
  closed: boolean;
}

const SubjectInfoRowSchema = z.object({ id: z.number(), cellId: z.number(), path: z.string(), isCell: z.boolean(), closed: z.boolean() });

/** Cells by id: whether each is an open cell, and its path (for the scope check). */
async function cellsById(tx: Executor, ids: number[]) {
  if (!ids.length) return new Map<number, SubjectInfo>();
  const rows = rowsOf(
    await tx.execute(
      sql`select id, id as "cellId", path, kind in ('chi_bo', 'chi_bo_co_so') as "isCell", closed_at is not null as closed from unit where id in ${ids}`,
    ),
    SubjectInfoRowSchema,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const ExistingRatingsRowSchema = z.object({ id: z.number(), year: z.number(), rating: z.enum(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]) });

/** The existing ratings of the subjects for the years, keyed "id:year". */
async function existingRatings(tx: Executor, subject: Subject, ids: number[], years: number[]) {
  if (!ids.length || !years.length) return new Map<string, AnnualRating>();
  const column = sql.raw(subject === "cell" ? "cell_id" : "person_id");
  const rows = rowsOf(
    await tx.execute(sql`select ${column} as id, year, rating from annual_rating where ${column} in ${ids} and year in ${years}`),
    ExistingRatingsRowSchema,
  );
  return new Map(rows.map((r) => [`${r.id}:${r.year}`, r.rating]));
}

export type SaveResult = CommandResult<{ changed: number }>;

/**
 * Sets (or clears, with null) the year's ratings of cells or of members by hand. Every subject
 * must be a cell / a member of a cell inside `scopes`, else nothing is written.
 */
export async function saveRatings(input: {
  subject: Subject;
  year: number;
  rows: { id: number; rating: AnnualRating | null }[];
  scopes: string[];
  userId: string;
}): Promise<SaveResult> {
  const ids = [...new Set(input.rows.map((r) => r.id))];
  if (ids.length !== input.rows.length) return refuse("Mỗi chi bộ, đảng viên chỉ ghi một xếp loại.");
  return getDb().transaction(async (tx) => {
    let known: Map<number, SubjectInfo>;
    if (input.subject === "cell") known = await cellsById(tx, ids);
    else {
      const rows = rowsOf(
        await tx.execute(
          sql`select p.id, p.unit_id as "cellId", u.path, true as "isCell", false as closed from person p join unit u on u.id = p.unit_id where p.id in ${ids}`,
        ),
        SubjectInfoRowSchema,
      );
      known = new Map(rows.map((r) => [r.id, r]));
    }
    const outside = ids.filter((id) => {
      const s = known.get(id);
      return !s || !s.isCell || s.closed || !input.scopes.some((scope) => s.path.startsWith(scope));
    });
    if (outside.length) {
      return refuse(
        input.subject === "cell"
          ? "Có chi bộ không thuộc phạm vi đồng chí quản lý; chưa lưu gì."
          : "Có đảng viên không thuộc phạm vi đồng chí quản lý; chưa lưu gì.",
      );
    }
    const existing = await existingRatings(tx, input.subject, ids, [input.year]);
    const changes = input.rows.map((r) => ({
      subject: input.subject,
      id: r.id,
      year: input.year,
      cellId: known.get(r.id)!.cellId,
      before: existing.get(`${r.id}:${input.year}`) ?? null,
      after: r.rating,
    }));
    await applyChanges(tx, changes, { userId: input.userId, source: "manual" });
    return { ok: true as const, changed: changes.filter((c) => c.before !== c.after).length };
  });
}

// ---- Import ----

/** Template headers, in order. The name column is for the reader only. */
export const RATING_HEADERS = ["STT", "Năm", "Mã chi bộ", "Mã đảng viên", "Họ và tên / Tên chi bộ (tham khảo)", "Xếp loại"] as const;
const RATING_ALIASES = ["Xếp loại", "Kết quả xếp loại", "Mức xếp loại"];
const YEAR_ALIASES = ["Năm", "Năm xếp loại", "Năm đánh giá"];
export const MAX_RATING_ROWS = 10_000;

export interface RatingRow {
  line: number;
  year: number;
  subject: Subject;
  /** The cell's id, or the member code as written (upper case). */
  cellId: number | null;
  memberCode: string | null;
  rating: AnnualRating;
}

export interface RowError {
  line: number;
  message: string;
}

/** Line errors shown at once: a file gone wrong everywhere would otherwise fill the page. */
const MAX_SHOWN_ERRORS = 50;

/** A ratings file refused whole: the summary, then the lines to fix (the first MAX_SHOWN_ERRORS). */
export function refuseRatingLines(summary: string, errors: RowError[]): Refusal {
  const lines = errors.slice(0, MAX_SHOWN_ERRORS).map((e) => e.message);
  if (errors.length > MAX_SHOWN_ERRORS) lines.push(`… và ${formatNumber(errors.length - MAX_SHOWN_ERRORS)} dòng lỗi khác.`);
  return { ...refuse(summary), lines };
}

const ALLOWED = Object.values(ANNUAL_RATINGS)
  .map((label, i) => `“${label}” (${Object.values(ANNUAL_RATING_SHORT)[i]})`)
  .join(", ");

/**
 * Reads the sheet's rows (no database): the header row found by its column names (a title above
 * it is fine), rows without code nor rating skipped, Vietnamese errors per line.
 */
export function parseRatingRows(input: { rows: string[][]; lines?: number[]; lastYear: number }): { rows: RatingRow[]; errors: RowError[] } {
  const { rows, lastYear } = input;
  const lines = input.lines ?? rows.map((_, i) => i + 1);
  const header = RATING_ALIASES.map((name) => headerIndex(rows, name)).find((h) => h !== null);
  if (!header) return { rows: [], errors: [{ line: 0, message: 'Không tìm thấy dòng tiêu đề có cột "Xếp loại". Hãy dùng tệp mẫu.' }] };
  const col = (names: string[]) => names.map((n) => header.column(n)).find((i) => i !== undefined);
  const columns = { year: col(YEAR_ALIASES), cell: col(["Mã chi bộ"]), member: col(["Mã đảng viên"]), rating: col(RATING_ALIASES) };
  const missing = [
    columns.year === undefined ? "Năm" : "",
    columns.cell === undefined && columns.member === undefined ? "Mã chi bộ hoặc Mã đảng viên" : "",
  ].filter(Boolean);
  if (missing.length) return { rows: [], errors: [{ line: lines[header.at]!, message: `Thiếu cột: ${missing.join(", ")}.` }] };
  const body = rows.slice(header.at + 1);
  if (body.length > MAX_RATING_ROWS) return { rows: [], errors: [{ line: 0, message: `Tệp có quá nhiều dòng (tối đa ${MAX_RATING_ROWS}).` }] };
  const get = (r: string[], i: number | undefined) => (i === undefined ? "" : (r[i] ?? "").trim());
  const out: RatingRow[] = [];
  const errors: RowError[] = [];
  body.forEach((r, index) => {
    const line = lines[header.at + index + 1]!;
    const cellText = get(r, columns.cell);
    const memberText = get(r, columns.member);
    const ratingText = get(r, columns.rating);
    const yearText = get(r, columns.year);
    // A numbered row nobody filled in (STT, a name) is no rating.
    if (!cellText && !memberText && !ratingText) return;
    const problems: string[] = [];
    const year = parseRatingYear(yearText, lastYear);
    if (!yearText) problems.push("thiếu năm");
    else if (year === null) problems.push(`năm "${yearText}" không hợp lệ (từ ${FIRST_RATING_YEAR} đến ${lastYear})`);
    const memberCode = memberText ? parseMemberCode(memberText) : null;
    const cellId = !memberText && cellText ? parseCellCode(cellText) : null;
    if (memberCode !== null && !/^[A-Z0-9._-]{1,20}$/.test(memberCode)) problems.push(`mã đảng viên "${memberText}" không hợp lệ`);
    if (!memberText && !cellText) problems.push("thiếu mã chi bộ (dòng của chi bộ) hoặc mã đảng viên (dòng của đảng viên)");
    else if (!memberText && cellId === null) problems.push(`mã chi bộ "${cellText}" không hợp lệ (xem trang “Mã chi bộ” của tệp mẫu)`);
    const rating = parseAnnualRating(ratingText);
    if (!ratingText) problems.push("thiếu xếp loại");
    else if (!rating) problems.push(`xếp loại "${ratingText}" không hợp lệ (ghi một trong: ${ALLOWED})`);
    if (problems.length) {
      errors.push({ line, message: `Dòng ${line}: ${problems.join("; ")}.` });
      return;
    }
    out.push({ line, year: year!, subject: memberCode ? "person" : "cell", cellId, memberCode, rating: rating! });
  });
  return { rows: out, errors };
}

const MembersByCodeRowSchema = SubjectInfoRowSchema.extend({ code: z.string() });

/**
 * Members by the codes as the file writes them: the stored code itself, else, for a code of digits
 * typed into a number cell, the stored codes of digits that read the same without their leading zeros.
 */
async function membersByCode(tx: Executor, codes: string[]) {
  const found = new Map<string, SubjectInfo[]>();
  if (!codes.length) return found;
  const person = sql`p.id, p.unit_id as "cellId", u.path, true as "isCell", false as closed from person p join unit u on u.id = p.unit_id`;
  for (const r of rowsOf(await tx.execute(sql`select p.member_code as code, ${person} where p.member_code in ${codes}`), MembersByCodeRowSchema))
    found.set(r.code, [r]);
  const stripped = (code: string) => code.replace(/^0+/, "");
  const lost = codes.filter((c) => !found.has(c) && /^\d+$/.test(c));
  if (lost.length) {
    const padded = rowsOf(
      await tx.execute(
        sql`select ltrim(p.member_code, '0') as code, ${person} where p.member_code ~ '^0[0-9]*$' and ltrim(p.member_code, '0') in ${[...new Set(lost.map(stripped))]}`,
      ),
      MembersByCodeRowSchema,
    );
    for (const code of lost)
      found.set(
        code,
        padded.filter((r) => r.code === stripped(code)),
      );
  }
  return found;
}

export interface ImportCounts {
  cells: { added: number; changed: number; unchanged: number };
  members: { added: number; changed: number; unchanged: number };
  years: number[];
}
export type ImportResult = CommandResult<{ counts: ImportCounts }>;

/**
 * Imports parsed rows all-or-nothing: every row's cell or member must be inside `scopes` (else the
 * whole file is refused, naming the lines), the same subject and year twice must agree, then each
 * rating is upserted on the unique indexes. Re-importing the same file writes nothing.
 */
export async function importRatings(input: { rows: RatingRow[]; scopes: string[]; userId: string }): Promise<ImportResult> {
  return getDb().transaction(async (tx) => {
    const cells = await cellsById(tx, [...new Set(input.rows.flatMap((r) => (r.cellId === null ? [] : [r.cellId])))]);
    const members = await membersByCode(tx, [...new Set(input.rows.flatMap((r) => (r.memberCode === null ? [] : [r.memberCode])))]);
    const inScope = (s: SubjectInfo) => input.scopes.some((scope) => s.path.startsWith(scope));
    const errors: RowError[] = [];
    const seen = new Map<string, RatingRow>();
    const resolved: { row: RatingRow; info: SubjectInfo }[] = [];
    for (const row of input.rows) {
      let info: SubjectInfo | undefined;
      let problem = "";
      if (row.subject === "cell") {
        info = cells.get(row.cellId!);
        // Out of scope reads as unknown: a code alone must not tell what lies outside.
        if (!info || !inScope(info)) problem = `không có chi bộ mã ${row.cellId} trong phạm vi đồng chí quản lý`;
        else if (!info.isCell) problem = `đơn vị mã ${row.cellId} không phải chi bộ (xem trang “Mã chi bộ” của tệp mẫu)`;
        else if (info.closed) problem = `chi bộ mã ${row.cellId} đã giải thể`;
      } else {
        const candidates = (members.get(row.memberCode!) ?? []).filter(inScope);
        info = candidates[0];
        if (!candidates.length) problem = `không có đảng viên mã ${row.memberCode} trong phạm vi đồng chí quản lý`;
        else if (candidates.length > 1)
          problem = `mã đảng viên ${row.memberCode} ứng với nhiều đảng viên (${candidates.length}): hãy định dạng cột “Mã đảng viên” là văn bản (Text) và ghi đủ các chữ số 0 ở đầu`;
      }
      if (!problem && info) {
        const key = `${row.subject}:${info.id}:${row.year}`;
        const earlier = seen.get(key);
        if (earlier && earlier.rating !== row.rating)
          problem = `trùng với dòng ${earlier.line} (cùng ${row.subject === "cell" ? "chi bộ" : "đảng viên"}, cùng năm) nhưng xếp loại khác`;
        else if (!earlier) {
          seen.set(key, row);
          resolved.push({ row, info });
        }
      }
      if (problem) errors.push({ line: row.line, message: `Dòng ${row.line}: ${problem}.` });
    }
    if (errors.length) return refuseRatingLines("Tệp có dòng không nhập được; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:", errors);
    const years = [...new Set(resolved.map((r) => r.row.year))].sort((a, b) => a - b);
    const changes: Change[] = [];
    for (const subject of ["cell", "person"] as const) {
      const mine = resolved.filter((r) => r.row.subject === subject);
      const existing = await existingRatings(tx, subject, [...new Set(mine.map((r) => r.info.id))], years);
      for (const { row, info } of mine)
        changes.push({ subject, id: info.id, year: row.year, cellId: info.cellId, before: existing.get(`${info.id}:${row.year}`) ?? null, after: row.rating });
    }
    await applyChanges(tx, changes, { userId: input.userId, source: "import" });
    const count = (subject: Subject) => {
      const of = changes.filter((c) => c.subject === subject);
      return {
        added: of.filter((c) => c.before === null).length,
        changed: of.filter((c) => c.before !== null && c.before !== c.after).length,
        unchanged: of.filter((c) => c.before === c.after).length,
      };
    };
    return { ok: true as const, counts: { cells: count("cell"), members: count("person"), years } };
  });
}

// ---- Template ----

/** The import template: the ratings sheet (code columns as text), the cells of the unit, and the allowed values. */
export async function ratingTemplate(input: { scopePath: string }) {
  const cells = await listCellCodes(input.scopePath);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Xếp loại");
  const header = sheet.addRow([...RATING_HEADERS]);
  header.font = { bold: true };
  [6, 8, 12, 16, 40, 32].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  // Whole columns as text: a code typed as 000123 keeps its zeros (issue 20).
  for (const name of ["Mã chi bộ", "Mã đảng viên"] as const) sheet.getColumn(RATING_HEADERS.indexOf(name) + 1).numFmt = "@";
  header.getCell(RATING_HEADERS.indexOf("Xếp loại") + 1).note = `Ghi một trong: ${Object.entries(ANNUAL_RATINGS)
    .map(([code, label]) => `${label} (${ANNUAL_RATING_SHORT[code as AnnualRating]})`)
    .join("; ")}.`;
  header.getCell(RATING_HEADERS.indexOf("Mã chi bộ") + 1).note = "Dòng xếp loại chi bộ: ghi mã chi bộ (trang “Mã chi bộ”), để trống mã đảng viên.";
  header.getCell(RATING_HEADERS.indexOf("Mã đảng viên") + 1).note = "Dòng xếp loại đảng viên: ghi mã đảng viên; không cần mã chi bộ.";
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  addCellCodesSheet(workbook, cells);
  const guide = workbook.addWorksheet("Mức xếp loại");
  guide.addRow(["Xếp loại (ghi đủ hoặc viết tắt, chữ hoa hay thường đều được)", "Viết tắt"]).font = { bold: true };
  for (const [code, label] of Object.entries(ANNUAL_RATINGS)) guide.addRow([label, ANNUAL_RATING_SHORT[code as AnnualRating]]);
  guide.addRow([]);
  guide.addRow(["Mỗi dòng của trang “Xếp loại” là kết quả xếp loại một năm của một chi bộ (ghi Mã chi bộ) hoặc của một đảng viên (ghi Mã đảng viên)."]);
  guide.addRow([
    "Một tệp có thể gồm nhiều năm, cả chi bộ và đảng viên. Nhập lại cùng một tệp không làm thay đổi gì; ghi xếp loại khác thì xếp loại được cập nhật.",
  ]);
  guide.addRow(["Căn cứ: Đề án 01-ĐA/ĐUK, mục II.1.2(5): chi bộ và đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên."]);
  [60, 12].forEach((w, i) => (guide.getColumn(i + 1).width = w));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
