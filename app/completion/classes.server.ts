import ExcelJS from "exceljs";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { MAX_SERIAL_ID } from "~/utils/ids";
import { refreshPeopleFigures } from "./rollup.server";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, classAttendance, trainingClass, unit } from "#db/schema";
import { CLASS_COMPLETED_AT } from "./events.server";
import type { ClassInput } from "./schemas";
import { fullNameSql } from "~/org/name-sql.server";
import { foldVietnamese } from "~/org/schemas";
import { refuse } from "~/forms/command";
import { headerIndex } from "~/utils/sheets.server";
import { ATTENDANCE_CODE_HEADER, ATTENDANCE_MARK_HEADER } from "./class-sheet";

const ClassesRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  track: z.string(),
  unitName: z.string(),
  unitPath: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: z.string(),
  attendees: z.number(),
});

export async function listClasses(input: { scopes: string[] }) {
  if (!input.scopes.length) return [];
  const conditions = input.scopes.map((scope) => sql`(${unit.path} like ${scope} || '%' or ${scope} like ${unit.path} || '%')`);
  return rowsOf(
    await getDb().execute(sql`
      select tcl.id, tcl.name, tcl.track, u.name as "unitName", u.path as "unitPath", tcl.starts_on::text as "startsOn", tcl.ends_on::text as "endsOn", tcl.place,
        (select count(*)::int from class_attendance ca where ca.class_id = tcl.id) as attendees
      from training_class tcl join unit on unit.id = tcl.unit_id join unit u on u.id = tcl.unit_id
      where ${sql.join(conditions, sql` or `)}
      order by tcl.starts_on desc, tcl.id desc
    `),
    ClassesRowSchema,
  );
}

/** The class of the URL, for someone who manages its unit (org.manage over it); else 404 or 403. */
export async function requireClassManager(request: Request, params: { id?: string }) {
  const id = z.coerce.number().int().positive().max(MAX_SERIAL_ID).safeParse(params.id);
  if (!id.success) notFound("Không tìm thấy lớp tập huấn.");
  const cls = await getClass(id.data);
  if (!cls) notFound("Không tìm thấy lớp tập huấn.");
  const user = await requirePermission(request, "org.manage", cls.unitId);
  return { user, cls };
}

export async function getClass(classId: number) {
  const [row] = await getDb()
    .select({
      id: trainingClass.id,
      name: trainingClass.name,
      track: trainingClass.track,
      unitId: trainingClass.unitId,
      unitName: unit.name,
      unitPath: unit.path,
      startsOn: trainingClass.startsOn,
      endsOn: trainingClass.endsOn,
      place: trainingClass.place,
      lecturers: trainingClass.lecturers,
    })
    .from(trainingClass)
    .innerJoin(unit, eq(unit.id, trainingClass.unitId))
    .where(eq(trainingClass.id, classId));
  return row ?? null;
}
type TrainingClass = NonNullable<Awaited<ReturnType<typeof getClass>>>;

export async function createClass(input: { value: ClassInput; userId: string }) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.insert(trainingClass).values(input.value).returning({ id: trainingClass.id });
    await tx
      .insert(auditLog)
      .values({ actorId: input.userId, action: "class.create", entity: "training_class", entityId: String(row!.id), after: input.value });
    return row!.id;
  });
}

const AttendanceChecklistRowSchema = z.object({ personId: z.number(), memberCode: z.string(), name: z.string(), cellName: z.string(), attended: z.boolean() });

/**
 * Candidates for the attendance checklist: active people of the class's unit subtree who hold
 * a leadership or party-office position (anyone else may still be added by the xlsx upload),
 * with whether they attended.
 */
export async function listAttendanceChecklist(input: { trainingClass: TrainingClass; path?: string }) {
  const path = input.path?.startsWith(input.trainingClass.unitPath) ? input.path : input.trainingClass.unitPath;
  return rowsOf(
    await getDb().execute(sql`
      select p.id as "personId", p.member_code as "memberCode",
        ${fullNameSql()} as name,
        cell.name as "cellName",
        exists (select 1 from class_attendance ca where ca.class_id = ${input.trainingClass.id} and ca.person_id = p.id) as attended
      from person p join unit cell on cell.id = p.unit_id
      where cell.path like ${path} || '%' and p.active
        and (exists (select 1 from person_position pp where pp.person_id = p.id and pp.position <> 'dang_vien' and pp.ended_on is null)
          or exists (select 1 from class_attendance ca where ca.class_id = ${input.trainingClass.id} and ca.person_id = p.id))
      order by p.sort_key collate "C", p.id
    `),
    AttendanceChecklistRowSchema,
  );
}

const UpdateAttendanceRowSchema = z.object({ id: z.number() });

/**
 * Marks `present` as attending and `absent` as not, and keeps the 'in_person' completions in
 * step, in one transaction, audited. Every person named must be in the class's unit subtree now:
 * otherwise nothing is saved and the refusal names them (by the ids the form sent).
 */
export async function updateAttendance(input: { trainingClass: TrainingClass; present: number[]; absent: number[]; userId: string }) {
  const { trainingClass: cls } = input;
  return getDb().transaction(async (tx) => {
    const named = [...new Set([...input.present, ...input.absent])];
    const inside = new Set(
      named.length
        ? rowsOf(
            await tx.execute(sql`select p.id from person p join unit u on u.id = p.unit_id
              where p.id in ${named} and u.path like ${cls.unitPath} || '%'`),
            UpdateAttendanceRowSchema,
          ).map((r) => r.id)
        : [],
    );
    const outside = named.filter((id) => !inside.has(id));
    if (outside.length) {
      return refuse(
        `Chưa lưu gì: ${outside.length} người trong danh sách gửi lên không thuộc đơn vị tổ chức lớp (mã số ${outside.slice(0, 20).join(", ")}${outside.length > 20 ? "…" : ""}). Hãy tải lại trang rồi điểm danh lại.`,
      );
    }
    const present = [...new Set(input.present)];
    const added = present.length
      ? (
          await tx
            .insert(classAttendance)
            .values(present.map((personId) => ({ classId: cls.id, personId, recordedBy: input.userId })))
            .onConflictDoNothing()
            .returning({ personId: classAttendance.personId })
        ).map((r) => r.personId)
      : [];
    const absent = input.absent.filter((id) => !present.includes(id));
    const removed = absent.length
      ? (
          await tx
            .delete(classAttendance)
            .where(and(eq(classAttendance.classId, cls.id), inArray(classAttendance.personId, absent)))
            .returning({ personId: classAttendance.personId })
        ).map((r) => r.personId)
      : [];
    await syncInPersonCompletions(tx, { track: cls.track, personIds: [...added, ...removed] });
    await refreshPeopleFigures(tx, { personIds: [...added, ...removed] });
    if (added.length || removed.length) {
      await tx.insert(auditLog).values({
        actorId: input.userId,
        action: "class.attendance",
        entity: "training_class",
        entityId: String(cls.id),
        before: { removed },
        after: { added },
      });
    }
    return { ok: true as const, added: added.length, removed: removed.length };
  });
}

/**
 * Rebuilds the 'in_person' completion of `track` for the given people from their attendance:
 * the earliest class they attended completes the track; no attendance, no completion.
 */
async function syncInPersonCompletions(tx: Executor, input: { track: string; personIds: number[] }) {
  if (!input.personIds.length) return;
  await tx.execute(sql`delete from training_completion where method = 'in_person' and track = ${input.track} and person_id in ${input.personIds}`);
  await tx.execute(sql`
    insert into training_completion (person_id, track, method, completed_at, evidence)
    select ca.person_id, tcl.track, 'in_person', min(${CLASS_COMPLETED_AT}), 'class:' || (array_agg(tcl.id order by tcl.ends_on, tcl.id))[1]
    from class_attendance ca join training_class tcl on tcl.id = ca.class_id
    where tcl.track = ${input.track} and ca.person_id in ${input.personIds}
    group by ca.person_id, tcl.track
    on conflict (person_id, track, method, evidence) do update set completed_at = excluded.completed_at, evidence = excluded.evidence
  `);
}

const MemberCodesRowSchema = z.object({ id: z.number(), memberCode: z.string() });

/** Member codes → ids within the class's subtree (for the attendance upload). */
export async function resolveMemberCodes(input: { trainingClass: TrainingClass; codes: string[] }) {
  if (!input.codes.length) return new Map<string, number>();
  const rows = rowsOf(
    await getDb().execute(sql`select p.id, p.member_code as "memberCode" from person p join unit u on u.id = p.unit_id
      where p.member_code in ${input.codes} and u.path like ${input.trainingClass.unitPath} || '%'`),
    MemberCodesRowSchema,
  );
  return new Map(rows.map((r) => [r.memberCode, r.id]));
}

/** Direct sub-units of a class's unit (to narrow the attendance checklist). */
export async function listSubunits(unitId: number) {
  return getDb().select({ id: unit.id, name: unit.name, path: unit.path }).from(unit).where(eq(unit.parentId, unitId)).orderBy(unit.name);
}

const ATTENDANCE_HEADERS = ["STT", ATTENDANCE_CODE_HEADER, "Họ và tên", "Chi bộ", ATTENDANCE_MARK_HEADER] as const;

/** A mark of the "Dự lớp" column: attended ("x", "có", "1", a ticked "Đúng"), not ("", "không", "vắng", "0"), or null (unclear). */
export function parseClassMark(text: string): boolean | null {
  const key = foldVietnamese(text.replace(/[.]/g, ""));
  if (["x", "✓", "co", "co mat", "co du", "du", "1", "dung", "true"].includes(key)) return true;
  if (["", "-", "khong", "khong du", "vang", "0", "sai", "false"].includes(key)) return false;
  return null;
}

/**
 * The member codes of an uploaded attendance sheet: with a "Dự lớp" column, the marked rows attended
 * and the blank ones did not; without it (a plain list of codes), every code listed attended.
 */
export function readAttendanceSheet(input: { rows: string[][]; lines: number[] }) {
  const header = headerIndex(input.rows, ATTENDANCE_CODE_HEADER);
  const codeColumn = header?.column(ATTENDANCE_CODE_HEADER);
  if (!header || codeColumn === undefined) return { ok: false as const, errors: [`Không tìm thấy cột "${ATTENDANCE_CODE_HEADER}" trong tệp.`] };
  const markColumn = header.column(ATTENDANCE_MARK_HEADER);
  const present = new Set<string>();
  const absent = new Set<string>();
  const errors: string[] = [];
  input.rows.slice(header.at + 1).forEach((cells, i) => {
    const code = (cells[codeColumn] ?? "").replace(/\s+/g, "").toUpperCase();
    if (!code) return;
    if (markColumn === undefined) return void present.add(code);
    const mark = (cells[markColumn] ?? "").trim();
    const attended = parseClassMark(mark);
    if (attended === null)
      errors.push(`Dòng ${input.lines[header.at + 1 + i]}: cột “${ATTENDANCE_MARK_HEADER}” ghi “${mark}”: ghi x nếu dự lớp, để trống nếu không.`);
    else (attended ? present : absent).add(code);
  });
  if (errors.length) return { ok: false as const, errors: errors.slice(0, 30) };
  for (const code of present) absent.delete(code);
  return { ok: true as const, checklist: markColumn !== undefined, present: [...present], absent: [...absent] };
}

/**
 * The class's attendance template: the checklist's people (code as text, name, cell) with "x" where
 * attendance is recorded, under the headers the upload reads; other members may be added by code.
 */
export async function attendanceTemplate(cls: TrainingClass) {
  const people = await listAttendanceChecklist({ trainingClass: cls });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Điểm danh");
  sheet.addRow([`DANH SÁCH HỌC VIÊN DỰ LỚP: ${cls.name.toUpperCase()}`]).font = { bold: true };
  sheet.addRow([
    `Cột “${ATTENDANCE_MARK_HEADER}”: ghi x nếu đồng chí dự lớp, để trống nếu không. Có thể thêm dòng cho đảng viên khác của đơn vị (ghi mã đảng viên).`,
  ]);
  const header = sheet.addRow([...ATTENDANCE_HEADERS]);
  header.font = { bold: true };
  people.forEach((p, i) => sheet.addRow([i + 1, p.memberCode, p.name, p.cellName, p.attended ? "x" : ""]));
  [6, 16, 28, 36, 10].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  // The code column as text for the whole column: a code typed as digits keeps its zeros.
  sheet.getColumn(ATTENDANCE_HEADERS.indexOf(ATTENDANCE_CODE_HEADER) + 1).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: header.number }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
