import { z } from "zod";
import { cellsOfPeople, refreshPeopleFigures } from "./rollup.server";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { addCellCodesSheet, listCellCodes } from "~/org/cell-codes.server";
import { inScopes } from "~/org/scope-sql.server";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, person, personMembership, personPosition, unit } from "#db/schema";
import { normalizePhone } from "~/auth/login.server";
import { nameSortKey } from "~/org/names";
import { POSITIONS, type Position } from "~/org/vocabulary";
import { lockTrees } from "~/org/tree-lock.server";
import { addDays, localDate } from "~/utils/dates";
import { headerIndex, yearOf } from "~/utils/sheets.server";
import type { RowChange } from "./roster-labels";
import { pathIdsSql } from "~/org/tree-sql.server";

/** Template headers (Vietnamese), in order. */
export const ROSTER_HEADERS = [
  "STT",
  "Mã đảng viên",
  "Họ và tên",
  "Giới tính",
  "Năm sinh",
  "Số điện thoại",
  "Mã chi bộ",
  "Tên chi bộ (tham khảo)",
  "Chức vụ",
] as const;
export const MAX_ROSTER_ROWS = 5000;

/** Positions held at the grassroots organisation (đảng bộ cơ sở / chi bộ cơ sở), not at the cell. */
const GRASSROOTS_POSITIONS = new Set<Position>(["bi_thu_cap_uy_co_so", "pho_bi_thu_cap_uy_co_so", "cap_uy_vien_co_so", "dang_vu"]);

export interface RosterRow {
  line: number;
  memberCode: string;
  familyName: string;
  middleName: string;
  givenName: string;
  gender: "nam" | "nu" | null;
  birthYear: number | null;
  phone: string | null;
  cellId: number;
  positions: Position[];
}

export interface RowError {
  line: number;
  message: string;
}

const POSITION_BY_LABEL = new Map<string, Position>(
  Object.entries(POSITIONS).flatMap(([code, label]) => [
    [label.toLowerCase(), code as Position],
    [code, code as Position],
  ]),
);

/**
 * A phone number from a roster cell. A spreadsheet turns 0987654321 typed into a number cell
 * into 987654321: nine digits not starting with 0 get their leading 0 back.
 */
export function importedPhone(text: string) {
  const phone = normalizePhone(text);
  return /^[1-9]\d{8}$/.test(phone) ? `0${phone}` : phone;
}

/** Parses the sheet rows into roster rows, with Vietnamese errors per line (no db access). */
function parseRosterRows(rows: string[][], lines: number[] = rows.map((_, i) => i + 1)): { rows: RosterRow[]; errors: RowError[] } {
  const header = headerIndex(rows, "Mã đảng viên");
  if (!header) return { rows: [], errors: [{ line: 0, message: 'Không tìm thấy dòng tiêu đề có cột "Mã đảng viên". Hãy dùng tệp mẫu.' }] };
  const col = (name: string) => header.column(name);
  const missing = ["Mã đảng viên", "Họ và tên", "Mã chi bộ", "Chức vụ"].filter((h) => col(h) === undefined);
  if (missing.length) return { rows: [], errors: [{ line: lines[header.at]!, message: `Thiếu cột: ${missing.join(", ")}.` }] };
  const body = rows.slice(header.at + 1);
  if (body.length > MAX_ROSTER_ROWS) return { rows: [], errors: [{ line: 0, message: `Tệp có quá nhiều dòng (tối đa ${MAX_ROSTER_ROWS}).` }] };
  const out: RosterRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const get = (r: string[], name: string) => {
    const i = col(name);
    return i === undefined ? "" : (r[i] ?? "").trim();
  };
  body.forEach((r, index) => {
    const line = lines[header.at + index + 1]!; // the spreadsheet line, blank rows counted
    const problems: string[] = [];
    const memberCode = get(r, "Mã đảng viên").toUpperCase();
    if (!memberCode) problems.push("thiếu mã đảng viên");
    else if (!/^[A-Z0-9-]{3,20}$/.test(memberCode)) problems.push(`mã đảng viên "${memberCode}" không hợp lệ`);
    else if (seen.has(memberCode)) problems.push(`mã đảng viên ${memberCode} trùng với dòng ${seen.get(memberCode)}`);
    else seen.set(memberCode, line);
    const words = get(r, "Họ và tên").normalize("NFC").split(/\s+/).filter(Boolean);
    if (words.length < 2) problems.push("họ và tên phải có ít nhất họ và tên");
    const genderText = get(r, "Giới tính").normalize("NFC").toLowerCase();
    const gender = genderText === "nam" ? "nam" : genderText === "nữ" || genderText === "nu" ? "nu" : null;
    if (genderText && !gender) problems.push(`giới tính "${genderText}" không hợp lệ (Nam hoặc Nữ)`);
    const yearText = get(r, "Năm sinh");
    const birthYear = yearText ? (yearOf(yearText) ?? NaN) : null;
    if (birthYear !== null && !(Number.isInteger(birthYear) && birthYear >= 1920 && birthYear <= new Date().getFullYear() - 18))
      problems.push(`năm sinh "${yearText}" không hợp lệ`);
    const phoneText = get(r, "Số điện thoại");
    const phone = phoneText ? importedPhone(phoneText) : null;
    if (phone !== null && !/^0\d{9,10}$/.test(phone)) problems.push(`số điện thoại "${phoneText}" không hợp lệ`);
    const cellText = get(r, "Mã chi bộ");
    const cellId = Number(cellText);
    if (!cellText) problems.push("thiếu mã chi bộ");
    else if (!Number.isInteger(cellId) || cellId <= 0) problems.push(`mã chi bộ "${cellText}" không hợp lệ`);
    const positionTexts = get(r, "Chức vụ")
      .normalize("NFC")
      .split(/[,;]/)
      .map((p) => p.replace(/\s+/g, " ").trim())
      .filter(Boolean);
    const positions: Position[] = [];
    for (const text of positionTexts) {
      const code = POSITION_BY_LABEL.get(text.toLowerCase());
      if (!code) problems.push(`chức vụ "${text}" không hợp lệ`);
      else if (!positions.includes(code)) positions.push(code);
    }
    if (!positionTexts.length) positions.push("dang_vien");
    if (problems.length) {
      errors.push({ line, message: `Dòng ${line}: ${problems.join("; ")}.` });
      return;
    }
    out.push({
      line,
      memberCode,
      familyName: words[0]!,
      middleName: words.slice(1, -1).join(" "),
      givenName: words.at(-1)!,
      gender,
      birthYear,
      phone,
      cellId,
      positions,
    });
  });
  return { rows: out, errors };
}

interface RosterPlan {
  row: RosterRow;
  change: RowChange;
  existingId: number | null;
  /** position@unit pairs the row should hold */
  wanted: { position: Position; unitId: number }[];
}

/** Where an import may read and write: the chosen unit's subtree for targets, the actor's scopes for people it touches. */
interface RosterScope {
  /** The unit the import is for: every target cell lies in its subtree. */
  scopePath: string;
  /** The actor's org.manage scopes: a person the file names must be in one of them now (not only after the move). */
  actorScopes: string[];
}

const UnitInfoRowSchema = z.object({
  id: z.number(),
  kind: z.string(),
  path: z.string(),
  closed: z.boolean(),
  grassrootsId: z.number().nullable(),
  grassrootsPath: z.string().nullable(),
});

const ExistingPersonRowSchema = z.object({
  id: z.number(),
  memberCode: z.string(),
  familyName: z.string(),
  middleName: z.string(),
  givenName: z.string(),
  gender: z.string().nullable(),
  birthYear: z.number().nullable(),
  phone: z.string().nullable(),
  unitId: z.number(),
  unitPath: z.string(),
  active: z.boolean(),
  positions: z.array(z.string()).nullable(),
});

const PlanRosterRowSchema = z.object({ phone: z.string(), memberCode: z.string() });

/**
 * Checks parsed rows against the database (target cells inside the import's subtree, people it
 * updates or moves inside the actor's scope, phones not taken by someone else) and works out what
 * each row would change.
 */
async function planRoster(db: Executor, input: { rows: RosterRow[] } & RosterScope) {
  const errors: RowError[] = [];
  const cellIds = [...new Set(input.rows.map((r) => r.cellId))];
  const units = new Map(
    (cellIds.length
      ? rowsOf(
          await db.execute(sql`
            select u.id, u.kind, u.path, u.closed_at is not null as closed, g.id as "grassrootsId", g.path as "grassrootsPath"
            from unit u left join lateral (
              select g.id, g.path from unit g where g.id in ${pathIdsSql(sql`u.path`)} and g.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by g.depth desc limit 1
            ) g on true
            where u.id in ${cellIds}`),
          UnitInfoRowSchema,
        )
      : []
    ).map((u) => [u.id, u]),
  );
  const codes = input.rows.map((r) => r.memberCode);
  const existing = new Map(
    (codes.length
      ? rowsOf(
          await db.execute(sql`
            select p.id, p.member_code as "memberCode", p.family_name as "familyName", p.middle_name as "middleName", p.given_name as "givenName",
              p.gender, p.birth_year as "birthYear", p.phone, p.unit_id as "unitId", p.active,
              (select u.path from unit u where u.id = p.unit_id) as "unitPath",
              (select array_agg(pp.position || '@' || pp.unit_id order by pp.position, pp.unit_id) from person_position pp join unit pu on pu.id = pp.unit_id
                where pp.person_id = p.id and pp.ended_on is null and ${inScopes(sql`pu.path`, input.actorScopes)}) as positions
            from person p where p.member_code in ${codes}`),
          ExistingPersonRowSchema,
        )
      : []
    ).map((p) => [p.memberCode, p]),
  );
  const phones = input.rows.map((r) => r.phone).filter((p): p is string => !!p);
  const phoneOwners = new Map(
    (phones.length
      ? rowsOf(await db.execute(sql`select phone, member_code as "memberCode" from person where phone in ${phones}`), PlanRosterRowSchema)
      : []
    ).map((p) => [p.phone, p.memberCode]),
  );
  const phoneInFile = new Map<string, number>();
  const plans: RosterPlan[] = [];
  for (const row of input.rows) {
    const problems: string[] = [];
    const cell = units.get(row.cellId);
    if (!cell) problems.push(`không tìm thấy đơn vị mã ${row.cellId}`);
    else if (!cell.path.startsWith(input.scopePath)) problems.push(`đơn vị mã ${row.cellId} không thuộc phạm vi được nhập`);
    else if (cell.kind !== "chi_bo" && cell.kind !== "chi_bo_co_so") problems.push(`đơn vị mã ${row.cellId} không phải chi bộ`);
    else if (cell.closed) problems.push(`chi bộ mã ${row.cellId} đã giải thể`);
    const known = existing.get(row.memberCode);
    // Member codes are sequential: a row must not reach a person the actor does not manage, whatever its target.
    const foreign = known && !input.actorScopes.some((scope) => known.unitPath.startsWith(scope));
    if (foreign) problems.push(`đảng viên ${row.memberCode} đang sinh hoạt ở đơn vị ngoài phạm vi đồng chí quản lý, không cập nhật hay chuyển được`);
    else if (known && !known.active) problems.push(`đảng viên ${row.memberCode} không còn sinh hoạt, không nhập lại được`);
    if (row.phone) {
      const owner = phoneOwners.get(row.phone);
      if (owner && owner !== row.memberCode) problems.push(`số điện thoại ${row.phone} đã thuộc đảng viên khác`);
      const other = phoneInFile.get(row.phone);
      if (other !== undefined) problems.push(`số điện thoại ${row.phone} trùng với dòng ${other}`);
      else phoneInFile.set(row.phone, row.line);
    }
    if (problems.length || !cell) {
      errors.push({ line: row.line, message: `Dòng ${row.line}: ${problems.join("; ")}.` });
      continue;
    }
    const atGrassroots = row.positions.filter((position) => GRASSROOTS_POSITIONS.has(position) && cell.grassrootsId !== null);
    if (atGrassroots.length && !input.actorScopes.some((scope) => cell.grassrootsPath!.startsWith(scope))) {
      const labels = atGrassroots.map((position) => `"${POSITIONS[position]}"`).join(", ");
      errors.push({ line: row.line, message: `Dòng ${row.line}: chức vụ ${labels} thuộc tổ chức cơ sở đảng ngoài phạm vi đồng chí quản lý.` });
      continue;
    }
    const wanted = row.positions.map((position) => ({ position, unitId: GRASSROOTS_POSITIONS.has(position) ? (cell.grassrootsId ?? cell.id) : cell.id }));
    const wantedKey = wanted
      .map((w) => `${w.position}@${w.unitId}`)
      .sort()
      .join(",");
    let change: RowChange = "moi";
    if (known) {
      const same =
        known.familyName === row.familyName &&
        known.middleName === row.middleName &&
        known.givenName === row.givenName &&
        known.gender === row.gender &&
        known.birthYear === row.birthYear &&
        (known.phone ?? null) === row.phone &&
        (known.positions ?? []).slice().sort().join(",") === wantedKey;
      change = known.unitId !== row.cellId ? "chuyen-chi-bo" : same ? "khong-doi" : "cap-nhat";
    }
    plans.push({ row, change, existingId: known?.id ?? null, wanted });
  }
  return { plans, errors };
}

/**
 * Applies a roster all-or-nothing: upserts people by member code, moves them between cells
 * keeping their history (membership rows closed and opened; completions stay with the
 * person), and makes their current positions match the file. Unchanged rows write nothing.
 */
export async function commitRoster(input: { rows: RosterRow[]; userId: string } & RosterScope) {
  return getDb().transaction(async (tx) => {
    const { plans, errors } = await planRoster(tx, input);
    if (errors.length) return { ok: false as const, errors };
    // The trees' write lock before the first row is locked (app/org/tree-lock.server.ts).
    await lockTrees(tx, { unitIds: plans.map((p) => p.row.cellId), personIds: plans.flatMap((p) => (p.existingId ? [p.existingId] : [])) });
    const now = new Date();
    const yesterday = addDays(localDate(now), -1);
    const today = localDate(now);
    const fresh = plans.filter((p) => p.change === "moi");
    // Cells people leave must be refreshed too (their cell after the import is read at the end).
    const cellsBefore = await cellsOfPeople(
      tx,
      plans.filter((p) => p.change !== "khong-doi" && p.existingId).map((p) => p.existingId!),
    );
    const insertedIds = new Map<string, number>();
    if (fresh.length) {
      const inserted = await tx
        .insert(person)
        .values(fresh.map(({ row }) => ({ ...personValues(row), memberCode: row.memberCode, unitId: row.cellId })))
        .returning({ id: person.id, memberCode: person.memberCode });
      for (const r of inserted) insertedIds.set(r.memberCode, r.id);
      await tx
        .insert(personMembership)
        .values(inserted.map((r) => ({ personId: r.id, unitId: fresh.find((f) => f.row.memberCode === r.memberCode)!.row.cellId, startedAt: now })));
    }
    for (const plan of plans.filter((p) => p.change === "cap-nhat" || p.change === "chuyen-chi-bo")) {
      const id = plan.existingId!;
      await tx
        .update(person)
        .set({ ...personValues(plan.row), unitId: plan.row.cellId, updatedAt: now })
        .where(eq(person.id, id));
      if (plan.change === "chuyen-chi-bo") {
        await tx
          .update(personMembership)
          .set({ endedAt: now })
          .where(and(eq(personMembership.personId, id), isNull(personMembership.endedAt)));
        await tx.insert(personMembership).values({ personId: id, unitId: plan.row.cellId, startedAt: now });
      }
    }
    // Positions: end those no longer held, open the new ones.
    const touched = plans.filter((p) => p.change !== "khong-doi");
    const ids = touched.map((p) => p.existingId ?? insertedIds.get(p.row.memberCode)!);
    const current = ids.length
      ? await tx
          .select({ id: personPosition.id, personId: personPosition.personId, position: personPosition.position, unitId: personPosition.unitId })
          .from(personPosition)
          .innerJoin(unit, eq(unit.id, personPosition.unitId))
          // Positions held outside the actor's scope are not theirs to end: the file speaks only for its scope.
          .where(and(inArray(personPosition.personId, ids), isNull(personPosition.endedOn), inScopes(unit.path, input.actorScopes)))
      : [];
    const toEnd: number[] = [];
    const toOpen: (typeof personPosition.$inferInsert)[] = [];
    touched.forEach((plan, i) => {
      const personId = ids[i]!;
      const held = current.filter((c) => c.personId === personId);
      for (const h of held) if (!plan.wanted.some((w) => w.position === h.position && w.unitId === h.unitId)) toEnd.push(h.id);
      for (const w of plan.wanted) if (!held.some((h) => h.position === w.position && h.unitId === w.unitId)) toOpen.push({ personId, ...w, startedOn: today });
    });
    if (toEnd.length) await tx.update(personPosition).set({ endedOn: yesterday, updatedAt: now }).where(inArray(personPosition.id, toEnd));
    if (toOpen.length) await tx.insert(personPosition).values(toOpen);
    await refreshPeopleFigures(tx, { personIds: ids, extraCellIds: cellsBefore });
    const counts = countChanges(plans);
    if (touched.length) {
      await tx.insert(auditLog).values({ actorId: input.userId, action: "roster.import", entity: "unit", entityId: input.scopePath, after: counts });
    }
    return { ok: true as const, counts };
  });
}

function personValues(row: RosterRow) {
  return {
    familyName: row.familyName,
    middleName: row.middleName,
    givenName: row.givenName,
    sortKey: nameSortKey(row),
    gender: row.gender,
    birthYear: row.birthYear,
    phone: row.phone,
  };
}

function countChanges(plans: RosterPlan[]) {
  const counts: Record<RowChange, number> = { moi: 0, "cap-nhat": 0, "chuyen-chi-bo": 0, "khong-doi": 0 };
  for (const p of plans) counts[p.change]++;
  return counts;
}

export async function previewRoster(input: { rows: string[][]; lines?: number[] } & RosterScope) {
  const parsed = parseRosterRows(input.rows, input.lines);
  const planned = await planRoster(getDb(), { rows: parsed.rows, scopePath: input.scopePath, actorScopes: input.actorScopes });
  const errors = [...parsed.errors, ...planned.errors].sort((a, b) => a.line - b.line);
  return { rows: parsed.rows, plans: planned.plans, errors, counts: countChanges(planned.plans) };
}

/** The template: headers, one example row, and the cells and positions the user may use. */
export async function rosterTemplate(input: { scopePath: string }) {
  const cells = await listCellCodes(input.scopePath);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  const header = sheet.addRow([...ROSTER_HEADERS]);
  header.font = { bold: true };
  const example = cells[0];
  if (example) sheet.addRow([1, "VD000001", "Nguyễn Văn An", "Nam", 1980, "0912345678", example.id, example.name, "Bí thư chi bộ"]);
  [6, 16, 28, 10, 10, 16, 12, 40, 40].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  // Whole columns as text, so that a phone typed as 0987654321 keeps its 0 and a code its zeros.
  for (const header of ["Mã đảng viên", "Số điện thoại"] as const) sheet.getColumn(ROSTER_HEADERS.indexOf(header) + 1).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  addCellCodesSheet(workbook, cells);
  const positionsSheet = workbook.addWorksheet("Chức vụ");
  positionsSheet.addRow(["Chức vụ (ghi đúng như sau, nhiều chức vụ cách nhau bằng dấu phẩy)"]).font = { bold: true };
  for (const label of Object.values(POSITIONS)) positionsSheet.addRow([label]);
  positionsSheet.getColumn(1).width = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
