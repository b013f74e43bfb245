import { z } from "zod";
import ExcelJS from "exceljs";
import { inArray, sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { auditLog, meeting, meetingAttendance } from "#db/schema";
import { formatDay, TIME_ZONE } from "~/utils/dates";
import { refuse, type Refusal } from "~/forms/command";
import { foldVietnamese } from "~/org/schemas";
import { cleanText } from "~/utils/request.server";
import { dateOf, headerIndex } from "~/utils/sheets.server";
import { ATTENDANCE, MEETING_KINDS, type AttendanceStatus, type MeetingKind } from "./rules";
import { refreshCell, refreshCells } from "./figures-rollup.server";
import { lockTrees } from "~/org/tree-lock.server";

/*
 * The cell's past meetings from the spreadsheet an office kept before the platform (issue 20):
 * long format, one row per (meeting, member). Rows of the same date and kind form one meeting.
 * One transaction for the whole file; a meeting already in the register is skipped, so importing
 * the same file again writes nothing.
 */

export const HISTORY_HEADERS = ["STT", "Ngày họp", "Loại", "Chuyên đề", "Mã đảng viên", "Họ và tên", "Điểm danh", "Lý do"] as const;
const CODE = "Mã đảng viên";
/** Other names offices give the same columns. */
const ALIASES: Record<string, string[]> = {
  "Ngày họp": ["Ngày sinh hoạt", "Ngày"],
  Loại: ["Loại sinh hoạt", "Hình thức"],
  "Chuyên đề": ["Tên chuyên đề", "Chủ đề"],
  "Họ và tên": ["Họ tên"],
  "Điểm danh": ["Có mặt", "Tình hình dự họp"],
  "Lý do": ["Lý do vắng"],
};

/** A mark as typed in the sheet: folded (no diacritics, lower case, single spaces), dots and brackets dropped. */
function markKey(text: string) {
  return foldVietnamese(text.replace(/[.()]/g, ""));
}

const MARKS: Record<string, AttendanceStatus> = Object.fromEntries(
  (
    [
      ["present", ["x", "✓", "co", "co mat", "cm", "hien dien", "tham du", "du hop"]],
      ["excused", ["p", "cp", "co phep", "cld", "co ly do", "vang co ly do", "vang co phep", "vcld", "vcp", "vang p"]],
      ["unexcused", ["kp", "khong phep", "kld", "khong ly do", "vang khong ly do", "vang khong phep", "vkld", "vkp", "vang kp"]],
    ] as const
  ).flatMap(([status, keys]) => keys.map((k) => [k, status])),
);

/**
 * The attendance a mark stands for: có mặt ("x", "có"), vắng có lý do ("P", "có phép", "CLD"),
 * vắng không lý do ("KP", "không phép", "KLD"), in any case, with or without diacritics. Null for
 * anything else, a bare "vắng" included (with or without reason is what the targets count).
 */
export function parseAttendanceMark(text: string): AttendanceStatus | null {
  const key = markKey(text);
  if (!key) return null;
  return MARKS[key] ?? (Object.entries(ATTENDANCE).find(([, label]) => markKey(label) === key)?.[0] as AttendanceStatus | undefined) ?? null;
}

/** "thường kỳ" / "chuyên đề" in any case or spelling without diacritics, "TK"/"CĐ"; blank is null. */
export function parseMeetingKind(text: string): MeetingKind | null {
  const key = markKey(text).replace(/^sinh hoat /, "");
  if (["thuong ky", "tk", "thuong le", "hang thang"].includes(key)) return "thuong_ky";
  if (["chuyen de", "cd"].includes(key)) return "chuyen_de";
  return null;
}

export interface ImportProblem {
  line: number;
  message: string;
}

interface Row {
  line: number;
  date: string;
  kind: MeetingKind;
  topic: string;
  code: string;
  name: string;
  status: AttendanceStatus;
  reason: string;
}

/** Reads the rows of the sheet; problems name the spreadsheet line. Pure, for the tests. */
export function parseHistoryRows(input: { rows: string[][]; lines: number[]; today: string }) {
  const header = headerIndex(input.rows, CODE);
  if (!header) return { rows: [], problems: [{ line: 0, message: `Không tìm thấy dòng tiêu đề có cột “${CODE}”. Hãy dùng tệp mẫu.` }] };
  const column = (name: string) => [name, ...(ALIASES[name] ?? [])].map((n) => header.column(n)).find((c) => c !== undefined);
  const at = {
    date: column("Ngày họp"),
    kind: column("Loại"),
    topic: column("Chuyên đề"),
    code: column(CODE),
    name: column("Họ và tên"),
    mark: column("Điểm danh"),
    reason: column("Lý do"),
  };
  const missing = (["Ngày họp", "Điểm danh"] as const).filter((h) => at[h === "Ngày họp" ? "date" : "mark"] === undefined);
  if (missing.length)
    return {
      rows: [],
      problems: [{ line: input.lines[header.at] ?? 0, message: `Thiếu cột ${missing.map((m) => `“${m}”`).join(" và ")}. Hãy dùng tệp mẫu.` }],
    };
  const rows: Row[] = [];
  const problems: ImportProblem[] = [];
  input.rows.slice(header.at + 1).forEach((cells, i) => {
    const line = input.lines[header.at + 1 + i] ?? 0;
    // Control characters (a NUL is a database error) are cleaned as in every form.
    const cell = (c: number | undefined) =>
      c === undefined
        ? ""
        : cleanText(cells[c] ?? "")
            .replace(/\s+/g, " ")
            .trim();
    const [dateText, markText, code] = [cell(at.date), cell(at.mark), cell(at.code).toUpperCase()];
    // The template lists the members with the meeting columns left blank: such a row is not a meeting's.
    if (!dateText && !markText) return;
    const problem = (message: string) => problems.push({ line, message: `Dòng ${line}: ${message}` });
    const date = dateOf(dateText);
    if (!dateText) return void problem("chưa ghi ngày họp.");
    if (!date) return void problem(`ngày họp “${dateText}” không hợp lệ (ghi dạng ngày/tháng/năm, ví dụ 05/01/2024).`);
    if (date > input.today) return void problem(`ngày họp ${formatDay(date)} chưa tới; chỉ nhập các kỳ sinh hoạt đã diễn ra.`);
    if (date < "2000-01-01") return void problem(`ngày họp ${formatDay(date)} quá xa; hãy kiểm tra lại năm.`);
    if (!code) return void problem("chưa ghi mã đảng viên.");
    const status = parseAttendanceMark(markText);
    if (!markText) return void problem("chưa điểm danh (ghi x, P hoặc KP).");
    if (!status) return void problem(`điểm danh “${markText}” không rõ: ghi “x” (có mặt), “P” (vắng có lý do) hoặc “KP” (vắng không lý do).`);
    const kindText = cell(at.kind);
    const topic = cell(at.topic);
    const kind = kindText ? parseMeetingKind(kindText) : topic ? "chuyen_de" : "thuong_ky";
    if (!kind) return void problem(`loại sinh hoạt “${kindText}” không rõ: ghi “thường kỳ” hoặc “chuyên đề”.`);
    if (topic.length > 300) return void problem("tên chuyên đề dài quá 300 ký tự.");
    const reason = status === "present" ? "" : cell(at.reason);
    if (reason.length > 300) return void problem("lý do vắng dài quá 300 ký tự.");
    rows.push({ line, date, kind, topic: kind === "chuyen_de" ? topic : "", code, name: cell(at.name), status, reason });
  });
  return { rows, problems };
}

export interface ImportedMeeting {
  date: string;
  kind: MeetingKind;
  topic: string;
  rows: Row[];
}

/** Rows grouped into meetings by (date, kind), oldest first; a member twice in a meeting or two topics are problems. */
export function groupMeetings(rows: Row[]) {
  const byKey = new Map<string, ImportedMeeting>();
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    const key = `${row.date}:${row.kind}`;
    const m = byKey.get(key) ?? { date: row.date, kind: row.kind, topic: "", rows: [] };
    byKey.set(key, m);
    const twice = m.rows.find((r) => r.code === row.code);
    if (twice) {
      problems.push({
        line: row.line,
        message: `Dòng ${row.line}: đảng viên mã ${row.code} đã được điểm danh ở dòng ${twice.line} cho cùng kỳ sinh hoạt ngày ${formatDay(row.date)}.`,
      });
      continue;
    }
    if (row.topic && m.topic && foldVietnamese(row.topic) !== foldVietnamese(m.topic)) {
      problems.push({
        line: row.line,
        message: `Dòng ${row.line}: kỳ sinh hoạt chuyên đề ngày ${formatDay(row.date)} đã ghi chuyên đề “${m.topic}”; mỗi kỳ một chuyên đề.`,
      });
      continue;
    }
    if (row.topic && !m.topic) m.topic = row.topic;
    m.rows.push(row);
  }
  return { meetings: [...byKey.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? 1 : -1)), problems };
}

/** The last word of a name, folded: how a loosely typed name is compared with the member's given name. */
function givenKey(name: string) {
  return foldVietnamese(name).split(" ").pop() ?? "";
}

export type HistoryImportResult =
  { ok: true; imported: { date: string; kind: MeetingKind }[]; skipped: { date: string; kind: MeetingKind }[]; attendance: number } | Refusal;

const MAX_PROBLEMS = 30;

/** The whole file refused: the summary, then the lines to fix (the first MAX_PROBLEMS). */
function refused(problems: ImportProblem[]): Refusal {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lines = sorted.slice(0, MAX_PROBLEMS).map((p) => p.message);
  if (sorted.length > MAX_PROBLEMS) lines.push(`… và ${sorted.length - MAX_PROBLEMS} lỗi khác.`);
  return { ...refuse("Tệp có lỗi; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:"), lines };
}

const PeopleRowSchema = z.object({ id: z.number(), code: z.string(), givenName: z.string(), name: z.string(), unitId: z.number(), belongs: z.boolean() });

const MembershipRowSchema = z.object({ personId: z.number(), unitId: z.number(), from: z.string(), to: z.string().nullable() });

const ExistingMeetingRowSchema = z.object({ scheduledOn: z.string(), heldOn: z.string().nullable(), kind: z.enum(["thuong_ky", "chuyen_de"]) });

/**
 * Imports the sheet into the cell's register in one transaction. Every member must belong to the
 * cell: a member of it now, or one who was and moved away (membership history); a member whom the
 * history places in another cell on the meeting's date, or any other code, refuses the whole file
 * naming the line. A meeting the register already has (the same kind, held or scheduled that day)
 * is skipped. The meetings are marked `source = 'import'`; the roll-up and the members' absence
 * runs are refreshed in the same transaction.
 */
export async function importHistory(input: { cellId: number; rows: string[][]; lines: number[]; today: string; userId: string }): Promise<HistoryImportResult> {
  const parsed = parseHistoryRows(input);
  const grouped = groupMeetings(parsed.rows);
  const problems = [...parsed.problems, ...grouped.problems];
  if (problems.length) return refused(problems);
  if (!grouped.meetings.length) return refuse("Tệp không có dòng điểm danh nào (mỗi dòng: ngày họp, mã đảng viên, điểm danh).");
  const codes = [...new Set(parsed.rows.map((r) => r.code))];
  return getDb().transaction(async (tx) => {
    // The tree's write lock before any row that references the cell or its members (app/org/tree-lock.server.ts).
    await lockTrees(tx, { unitIds: [input.cellId] });
    const people = rowsOf(
      await tx.execute(sql`select p.id, p.member_code as code, p.given_name as "givenName", concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as name,
          p.unit_id as "unitId", (p.unit_id = ${input.cellId} or exists (select 1 from person_membership pm where pm.person_id = p.id and pm.unit_id = ${input.cellId})) as belongs
        from person p where p.member_code in ${codes}`),
      PeopleRowSchema,
    );
    const byCode = new Map(people.map((p) => [p.code, p]));
    const ids = people.filter((p) => p.belongs).map((p) => p.id);
    // Where the platform's history places each member: [unit, first day, day it ended] in local dates.
    const stays = ids.length
      ? rowsOf(
          await tx.execute(sql`select person_id as "personId", unit_id as "unitId",
              to_char(started_at at time zone ${TIME_ZONE}, 'YYYY-MM-DD') as "from", to_char(ended_at at time zone ${TIME_ZONE}, 'YYYY-MM-DD') as "to"
            from person_membership where person_id in ${ids}`),
          MembershipRowSchema,
        )
      : [];
    const elsewhere = (personId: number, date: string) =>
      stays.some((s) => s.personId === personId && s.unitId !== input.cellId && s.from <= date && (s.to === null || date < s.to));
    for (const m of grouped.meetings) {
      for (const r of m.rows) {
        const p = byCode.get(r.code);
        if (!p || !p.belongs) problems.push({ line: r.line, message: `Dòng ${r.line}: mã ${r.code} không phải đảng viên của chi bộ này.` });
        else if (elsewhere(p.id, r.date))
          problems.push({ line: r.line, message: `Dòng ${r.line}: ngày ${formatDay(r.date)} đồng chí ${p.name} (mã ${r.code}) sinh hoạt ở chi bộ khác.` });
        else if (r.name && givenKey(r.name) !== givenKey(p.givenName))
          problems.push({ line: r.line, message: `Dòng ${r.line}: mã ${r.code} là đồng chí ${p.name}, không phải “${r.name}”; hãy kiểm tra lại mã hoặc tên.` });
      }
    }
    if (problems.length) return refused(problems);

    // Meetings the register already has: the same kind, held or scheduled that day, recorded by the cell.
    const existing = rowsOf(
      await tx.execute(sql`select scheduled_on::text as "scheduledOn", held_on::text as "heldOn", kind from meeting
        where cell_id = ${input.cellId} and recorded_at is not null`),
      ExistingMeetingRowSchema,
    );
    const known = new Set(existing.flatMap((e) => [`${e.scheduledOn}:${e.kind}`, ...(e.heldOn ? [`${e.heldOn}:${e.kind}`] : [])]));
    const fresh = grouped.meetings.filter((m) => !known.has(`${m.date}:${m.kind}`));
    const skipped = grouped.meetings.filter((m) => known.has(`${m.date}:${m.kind}`)).map((m) => ({ date: m.date, kind: m.kind }));
    const now = new Date();
    // Whether the minutes were adopted is not in the sheet: left false, and the register shows "nhập từ tệp" instead.
    // A row an attendee's visit created (not recorded by the cell) is taken over, as the record form does.
    // One statement per 1,000 meetings and per 5,000 attendance rows (bound parameters stay far below 65,535).
    const saved = new Map<string, number>();
    for (let at = 0; at < fresh.length; at += 1000) {
      const rows = await tx
        .insert(meeting)
        .values(
          fresh.slice(at, at + 1000).map((m) => ({
            cellId: input.cellId,
            scheduledOn: m.date,
            kind: m.kind,
            heldOn: m.date,
            topic: m.topic || null,
            status: "held",
            minutesAdopted: false,
            recordedBy: input.userId,
            recordedAt: now,
            source: "import",
          })),
        )
        .onConflictDoUpdate({
          target: [meeting.cellId, meeting.scheduledOn, meeting.kind],
          set: {
            heldOn: sql`excluded.held_on`,
            topic: sql`excluded.topic`,
            status: "held",
            recordedBy: input.userId,
            recordedAt: now,
            source: "import",
            updatedAt: now,
          },
          setWhere: sql`${meeting.recordedAt} is null`,
        })
        .returning({ id: meeting.id, scheduledOn: meeting.scheduledOn, kind: meeting.kind });
      for (const r of rows) saved.set(`${r.scheduledOn}:${r.kind}`, r.id);
    }
    const imported = fresh.filter((m) => saved.has(`${m.date}:${m.kind}`)).map((m) => ({ date: m.date, kind: m.kind }));
    skipped.push(...fresh.filter((m) => !saved.has(`${m.date}:${m.kind}`)).map((m) => ({ date: m.date, kind: m.kind })));
    const meetingIds = [...saved.values()];
    if (meetingIds.length) await tx.delete(meetingAttendance).where(inArray(meetingAttendance.meetingId, meetingIds));
    const roll = fresh.flatMap((m) => {
      const meetingId = saved.get(`${m.date}:${m.kind}`);
      return meetingId === undefined
        ? []
        : m.rows.map((r) => ({ meetingId, personId: byCode.get(r.code)!.id, heldOn: m.date, status: r.status, reason: r.reason || null }));
    });
    for (let at = 0; at < roll.length; at += 5000) await tx.insert(meetingAttendance).values(roll.slice(at, at + 5000));
    const attendance = roll.length;
    if (imported.length) {
      await refreshCell(tx, { cellId: input.cellId });
      // Members who moved away since: their absence runs live with the cell they are in now.
      const movedTo = [...new Set(people.filter((p) => p.belongs && p.unitId !== input.cellId).map((p) => p.unitId))];
      if (movedTo.length) await refreshCells(tx, { cellIds: movedTo, years: [...new Set(imported.map((m) => Number(m.date.slice(0, 4))))] });
      await tx.insert(auditLog).values({
        actorId: input.userId,
        action: "meeting.import",
        entity: "unit",
        entityId: String(input.cellId),
        after: { meetings: imported.length, attendance, from: imported[0]!.date, to: imported[imported.length - 1]!.date },
      });
    }
    return { ok: true, imported, skipped, attendance } as const;
  });
}

/** The message after an import: what was written and which meetings were skipped as already recorded. */
export function importSummary(result: Extract<HistoryImportResult, { ok: true }>) {
  const list = (ms: { date: string; kind: MeetingKind }[]) =>
    ms
      .slice(0, 12)
      .map((m) => `${formatDay(m.date)} (${MEETING_KINDS[m.kind].toLowerCase()})`)
      .join(", ") + (ms.length > 12 ? ", …" : "");
  const skipped = result.skipped.length ? ` Bỏ qua ${result.skipped.length} kỳ đã có trong sổ: ${list(result.skipped)}.` : "";
  if (!result.imported.length) return `Không có kỳ sinh hoạt mới để nhập.${skipped}`;
  return `Đã nhập ${result.imported.length} kỳ sinh hoạt (${result.attendance} lượt điểm danh), từ ${formatDay(result.imported[0]!.date)} đến ${formatDay(result.imported[result.imported.length - 1]!.date)}.${skipped}`;
}

const ImportedMeetingsRowSchema = z.object({
  heldOn: z.string(),
  kind: z.enum(["thuong_ky", "chuyen_de"]),
  topic: z.string().nullable(),
  present: z.number(),
  total: z.number(),
});

/** The cell's imported meetings, newest first, with attendance counted. */
export async function listImportedMeetings(cellId: number) {
  return rowsOf(
    await getDb().execute(sql`select m.held_on::text as "heldOn", m.kind, m.topic,
        (select count(*) filter (where a.status = 'present') from meeting_attendance a where a.meeting_id = m.id)::int as present,
        (select count(*) from meeting_attendance a where a.meeting_id = m.id)::int as total
      from meeting m where m.cell_id = ${cellId} and m.source = 'import' and m.recorded_at is not null
      order by m.held_on desc, m.kind desc`),
    ImportedMeetingsRowSchema,
  );
}

const CurrentMembersRowSchema = z.object({ code: z.string(), name: z.string() });

/** The cell's members for the template: current members, in Vietnamese name order. */
async function listCurrentMembers(cellId: number) {
  return rowsOf(
    await getDb().execute(sql`select p.member_code as code, concat_ws(' ', p.family_name, nullif(p.middle_name, ''), p.given_name) as name
      from person p where p.unit_id = ${cellId} and p.active order by p.sort_key collate "C", p.id`),
    CurrentMembersRowSchema,
  );
}

/**
 * The import template of a cell: its current members listed once (code and name), to be copied
 * under each meeting's date; code and date columns formatted as text for the whole column, so that
 * Calc and Excel keep a code's zeros and do not turn a typed date into another day's number.
 */
export async function historyTemplate(cell: { id: number; name: string }) {
  const members = await listCurrentMembers(cell.id);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sổ sinh hoạt");
  sheet.addRow([`SỔ SINH HOẠT CHI BỘ: ${cell.name.toUpperCase()}`]).font = { bold: true };
  sheet.addRow(["Mỗi dòng là một đảng viên ở một kỳ sinh hoạt. Chép danh sách xuống cho từng kỳ, ghi ngày họp và điểm danh. Xem trang “Hướng dẫn”."]);
  const header = sheet.addRow([...HISTORY_HEADERS]);
  header.font = { bold: true };
  const headerRow = header.number;
  members.forEach((m, i) => sheet.addRow([i + 1, "", "Thường kỳ", "", m.code, m.name, "", ""]));
  [6, 14, 12, 30, 16, 28, 14, 30].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  for (const h of ["Ngày họp", "Mã đảng viên"] as const) sheet.getColumn(HISTORY_HEADERS.indexOf(h) + 1).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: headerRow }];
  const help = workbook.addWorksheet("Hướng dẫn");
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 90;
  help.addRow(["Cột", "Cách ghi"]).font = { bold: true };
  for (const row of [
    ["Ngày họp", "Ngày sinh hoạt, dạng ngày/tháng/năm, ví dụ 05/01/2024. Các dòng cùng ngày và cùng loại là một kỳ sinh hoạt. Không nhập ngày chưa tới."],
    ["Loại", "Thường kỳ hoặc Chuyên đề (để trống: thường kỳ; có ghi chuyên đề: chuyên đề)."],
    ["Chuyên đề", "Tên chuyên đề của kỳ sinh hoạt chuyên đề (ghi ở một dòng của kỳ là đủ)."],
    ["Mã đảng viên", "Mã đảng viên trên nền tảng. Chỉ đảng viên của chi bộ (kể cả đồng chí đã chuyển đi)."],
    ["Họ và tên", "Để đối chiếu; tên phải khớp với mã."],
    ["Điểm danh", "x hoặc có: có mặt · P, có phép hoặc CLD: vắng có lý do · KP, không phép hoặc KLD: vắng không lý do (chữ hoa hay thường đều được)."],
    ["Lý do", "Lý do vắng (nếu có)."],
    ["Nhập lại", "Kỳ sinh hoạt đã có trong sổ được bỏ qua, nên nhập lại cùng một tệp không ghi thêm gì."],
  ])
    help.addRow(row);
  help.eachRow((r) => (r.alignment = { wrapText: true, vertical: "top" }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
