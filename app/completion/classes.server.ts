import { refreshPeopleFigures } from "./rollup.server";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import { auditLog, classAttendance, trainingClass, unit } from "#db/schema";
import { CLASS_COMPLETED_AT } from "./events.server";
import type { ClassInput } from "./schemas";
import { fullNameSql } from "~/org/name-sql.server";


export async function listClasses(input: { scopes: string[] }) {
  if (!input.scopes.length) return [];
  const conditions = input.scopes.map((scope) => sql`(${unit.path} like ${scope} || '%' or ${scope} like ${unit.path} || '%')`);
  return rowsOf<{ id: number; name: string; track: string; unitName: string; unitPath: string; startsOn: string; endsOn: string; place: string; attendees: number }>(
    await getDb().execute(sql`
      select tcl.id, tcl.name, tcl.track, u.name as "unitName", u.path as "unitPath", tcl.starts_on::text as "startsOn", tcl.ends_on::text as "endsOn", tcl.place,
        (select count(*)::int from class_attendance ca where ca.class_id = tcl.id) as attendees
      from training_class tcl join unit on unit.id = tcl.unit_id join unit u on u.id = tcl.unit_id
      where ${sql.join(conditions, sql` or `)}
      order by tcl.starts_on desc, tcl.id desc
    `),
  );
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
export type TrainingClass = NonNullable<Awaited<ReturnType<typeof getClass>>>;

export async function createClass(input: { value: ClassInput; userId: string }) {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.insert(trainingClass).values(input.value).returning({ id: trainingClass.id });
    await tx.insert(auditLog).values({ actorId: input.userId, action: "class.create", entity: "training_class", entityId: String(row!.id), after: input.value });
    return row!.id;
  });
}

/**
 * Candidates for the attendance checklist: active people of the class's unit subtree who hold
 * a leadership or party-office position (anyone else may still be added by the xlsx upload),
 * with whether they attended.
 */
export async function listAttendanceChecklist(input: { trainingClass: TrainingClass; path?: string }) {
  const path = input.path?.startsWith(input.trainingClass.unitPath) ? input.path : input.trainingClass.unitPath;
  return rowsOf<{ personId: number; memberCode: string; name: string; cellName: string; attended: boolean }>(
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
  );
}

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
        ? rowsOf<{ id: number }>(
            await tx.execute(sql`select p.id from person p join unit u on u.id = p.unit_id
              where p.id in ${named} and u.path like ${cls.unitPath} || '%'`),
          ).map((r) => r.id)
        : [],
    );
    const outside = named.filter((id) => !inside.has(id));
    if (outside.length) {
      return {
        ok: false as const,
        error: `Chưa lưu gì: ${outside.length} người trong danh sách gửi lên không thuộc đơn vị tổ chức lớp (mã số ${outside.slice(0, 20).join(", ")}${outside.length > 20 ? "…" : ""}). Hãy tải lại trang rồi điểm danh lại.`,
      };
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
      await tx.insert(auditLog).values({ actorId: input.userId, action: "class.attendance", entity: "training_class", entityId: String(cls.id), before: { removed }, after: { added } });
    }
    return { ok: true as const, added: added.length, removed: removed.length };
  });
}

/**
 * Rebuilds the 'in_person' completion of `track` for the given people from their attendance:
 * the earliest class they attended completes the track; no attendance, no completion.
 */
export async function syncInPersonCompletions(tx: Executor, input: { track: string; personIds: number[] }) {
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

/** Member codes → ids within the class's subtree (for the attendance upload). */
export async function resolveMemberCodes(input: { trainingClass: TrainingClass; codes: string[] }) {
  if (!input.codes.length) return new Map<string, number>();
  const rows = rowsOf<{ id: number; memberCode: string }>(
    await getDb().execute(sql`select p.id, p.member_code as "memberCode" from person p join unit u on u.id = p.unit_id
      where p.member_code in ${input.codes} and u.path like ${input.trainingClass.unitPath} || '%'`),
  );
  return new Map(rows.map((r) => [r.memberCode, r.id]));
}



/** Direct sub-units of a class's unit (to narrow the attendance checklist). */
export async function listSubunits(unitId: number) {
  return getDb().select({ id: unit.id, name: unit.name, path: unit.path }).from(unit).where(eq(unit.parentId, unitId)).orderBy(unit.name);
}
