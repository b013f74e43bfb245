import { z } from "zod";
import { emitChange } from "~/utils/change-events.server";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "#db/client.server";
import { person, personMembership, personPosition, unit, user } from "#db/schema";
import { writeAudit } from "./audit.server";
import { refuse } from "~/forms/command";
import { violatedUniqueIndex } from "./db-errors.server";
import { nameSortKey } from "./names";
import { isTccs, positionPlacementError } from "./positions";
import { foldVietnamese } from "./schemas";
import { inSubtree } from "./units.server";
import { lockTrees } from "./tree-lock.server";
import { isCell, type Position } from "./vocabulary";
import { localDate } from "~/utils/dates";

export interface PersonInput {
  memberCode: string;
  familyName: string;
  middleName: string;
  givenName: string;
  gender?: "nam" | "nu" | undefined;
  birthYear?: number | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** Today's date (yyyy-mm-dd) in Vietnam, for `date` columns. */
function today() {
  return localDate(new Date());
}

function personValues(input: PersonInput) {
  return {
    memberCode: input.memberCode,
    familyName: input.familyName,
    middleName: input.middleName,
    givenName: input.givenName,
    sortKey: nameSortKey(input),
    gender: input.gender ?? null,
    birthYear: input.birthYear ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  };
}

const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  person_member_code_idx: { field: "memberCode", message: "Mã đảng viên này đã có trong hệ thống." },
  person_phone_idx: { field: "phone", message: "Số điện thoại này đã được dùng cho một đảng viên khác." },
};

/** Runs a person write; a duplicate member code or phone becomes a field message (and nothing is written). */
async function withUniqueFields<T>(run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    const index = violatedUniqueIndex(error);
    const known = index ? Object.entries(UNIQUE_FIELDS).find(([name]) => index.includes(name))?.[1] : undefined;
    if (known) return refuse(known.message, known.field);
    throw error;
  }
}

export async function getPerson(personId: number) {
  const [row] = await getDb()
    .select({
      id: person.id,
      memberCode: person.memberCode,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
      gender: person.gender,
      birthYear: person.birthYear,
      phone: person.phone,
      email: person.email,
      active: person.active,
      unitId: person.unitId,
      unitName: unit.name,
      unitKind: unit.kind,
      unitPath: unit.path,
    })
    .from(person)
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(eq(person.id, personId));
  return row ?? null;
}

const MembersRowSchema = z.object({
  id: z.number(),
  memberCode: z.string(),
  familyName: z.string(),
  middleName: z.string(),
  givenName: z.string(),
  birthYear: z.number().nullable(),
  positions: z.array(z.string()).nullable(),
  total: z.number(),
});

/** Active members of a cell in Vietnamese name order, with their current positions, one page at a time. */
export async function listMembers(input: { cellId: number; page: number; pageSize: number }) {
  const rows = rowsOf(
    await getDb().execute(sql`
      select p.id, p.member_code as "memberCode", p.family_name as "familyName", p.middle_name as "middleName",
        p.given_name as "givenName", p.birth_year as "birthYear",
        (select array_agg(pp.position order by pp.position) from ${personPosition} pp
           where pp.person_id = p.id and pp.ended_on is null) as positions,
        count(*) over ()::int as total
      from ${person} p
      where p.unit_id = ${input.cellId} and p.active
      order by p.sort_key collate "C", p.id
      limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}
    `),
    MembersRowSchema,
  );
  let total = rows[0]?.total ?? 0;
  if (!rows.length && input.page > 1) {
    const [count] = await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(person)
      .where(and(eq(person.unitId, input.cellId), eq(person.active, true)));
    total = count?.n ?? 0;
  }
  return { members: rows.map(({ total: _, ...m }) => ({ ...m, positions: m.positions ?? [] })), total };
}

// Vietnamese letters and what they fold to, for a diacritic-insensitive match in SQL
// (PGlite has no unaccent extension; translate() runs everywhere).
const VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
const FROM = VIETNAMESE + VIETNAMESE.toUpperCase();
const TO = [...FROM].map((c) => foldVietnamese(c)).join("");

/**
 * People (active or not) in `scopes` whose name holds every word of `query` ignoring
 * diacritics ("nguyen anh" finds "Nguyễn Văn Ánh"), or whose member code starts with it.
 */
export async function searchPeople(input: { scopes: string[]; query: string; limit?: number }) {
  const folded = foldVietnamese(input.query).replace(/[%_\\]/g, "\\$&");
  if (!folded || !input.scopes.length) return [];
  const fullName = sql`lower(translate(concat_ws(' ', ${person.familyName}, nullif(${person.middleName}, ''), ${person.givenName}), ${FROM}, ${TO}))`;
  const words = folded.split(" ").map((word) => sql`${fullName} like ${`%${word}%`}`);
  return getDb()
    .select({
      id: person.id,
      memberCode: person.memberCode,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
      active: person.active,
      unitId: unit.id,
      unitName: unit.name,
    })
    .from(person)
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(and(or(...input.scopes.map(inSubtree)), or(and(...words), sql`lower(${person.memberCode}) like ${`${folded}%`}`)))
    .orderBy(sql`${person.sortKey} collate "C"`, person.id)
    .limit(input.limit ?? 50);
}

export async function listMembershipHistory(personId: number) {
  return getDb()
    .select({ id: personMembership.id, unitId: unit.id, unitName: unit.name, startedAt: personMembership.startedAt, endedAt: personMembership.endedAt })
    .from(personMembership)
    .innerJoin(unit, eq(unit.id, personMembership.unitId))
    .where(eq(personMembership.personId, personId))
    .orderBy(desc(personMembership.startedAt), desc(personMembership.id));
}

export async function listPositions(personId: number) {
  return getDb()
    .select({
      id: personPosition.id,
      position: personPosition.position,
      unitId: unit.id,
      unitName: unit.name,
      unitPath: unit.path,
      startedOn: personPosition.startedOn,
      endedOn: personPosition.endedOn,
    })
    .from(personPosition)
    .innerJoin(unit, eq(unit.id, personPosition.unitId))
    .where(eq(personPosition.personId, personId))
    .orderBy(sql`${personPosition.endedOn} desc nulls first`, asc(personPosition.id));
}

/** Open cells in `scopes` (for "move to another cell"). */
export async function listCellsInScope(input: { scopes: string[]; excludeId?: number }) {
  if (!input.scopes.length) return [];
  const parent = sql`(select pu.name from ${unit} pu where pu.id = ${unit}.parent_id)`;
  return getDb()
    .select({ id: unit.id, name: unit.name, parentName: sql<string | null>`${parent}` })
    .from(unit)
    .where(
      and(
        or(...input.scopes.map(inSubtree)),
        inArray(unit.kind, ["chi_bo", "chi_bo_co_so"]),
        isNull(unit.closedAt),
        input.excludeId ? sql`${unit.id} <> ${input.excludeId}` : undefined,
      ),
    )
    .orderBy(unit.path)
    .limit(2000);
}

/** The units where a member of the cell at `cellPath` can hold a position: the cell and its TCCS. */
export async function positionUnitsFor(cellPath: string) {
  const ids = cellPath.split("/").filter(Boolean).map(Number);
  const rows = await getDb().select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path }).from(unit).where(inArray(unit.id, ids));
  const cell = rows.find((r) => r.path === cellPath);
  const tccs = rows.find((r) => isTccs(r.kind) && r.path !== cellPath);
  return [cell, tccs].filter((r) => r !== undefined);
}

async function lockPerson(tx: Tx, personId: number) {
  await lockTrees(tx, { personIds: [personId] });
  const [row] = await tx
    .select({
      id: person.id,
      unitId: person.unitId,
      active: person.active,
      memberCode: person.memberCode,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
      gender: person.gender,
      birthYear: person.birthYear,
      phone: person.phone,
      email: person.email,
    })
    .from(person)
    .where(eq(person.id, personId))
    .for("update");
  return row ?? null;
}

async function openCell(tx: Tx, cellId: number) {
  await lockTrees(tx, { unitIds: [cellId] });
  const [cell] = await tx
    .select({ id: unit.id, kind: unit.kind, path: unit.path, closedAt: unit.closedAt, name: unit.name })
    .from(unit)
    .where(eq(unit.id, cellId))
    .for("share");
  if (!cell) return refuse("Không tìm thấy chi bộ.");
  if (!isCell(cell.kind)) return refuse("Đảng viên chỉ sinh hoạt tại chi bộ hoặc chi bộ cơ sở.", "cellId");
  if (cell.closedAt) return refuse("Chi bộ này đã giải thể.", "cellId");
  return { ok: true as const, cell };
}

/** Adds a member to a cell, with their membership row and (optionally) a first position at the cell. */
export async function createPerson(input: { actorId: string; cellId: number; person: PersonInput; position?: Position | undefined }) {
  return withUniqueFields(() =>
    getDb().transaction(async (tx) => {
      const found = await openCell(tx, input.cellId);
      if (!found.ok) return found;
      const position = input.position ?? "dang_vien";
      const misplaced = positionPlacementError(position, found.cell.kind);
      if (misplaced) return refuse(misplaced, "position");
      const values = { ...personValues(input.person), unitId: input.cellId };
      const [created] = await tx.insert(person).values(values).returning({ id: person.id });
      const personId = created!.id;
      await tx.insert(personMembership).values({ personId, unitId: input.cellId });
      await tx.insert(personPosition).values({ personId, position, unitId: input.cellId, startedOn: today() });
      await writeAudit(tx, { actorId: input.actorId, action: "person.create", entity: "person", entityId: personId, after: { ...values, position } });
      await emitChange(tx, { kind: "cells-changed", cellIds: [input.cellId] });
      return { ok: true as const, personId };
    }),
  );
}

export async function updatePerson(input: { actorId: string; personId: number; person: PersonInput }) {
  return withUniqueFields(() =>
    getDb().transaction(async (tx) => {
      const before = await lockPerson(tx, input.personId);
      if (!before) return refuse("Không tìm thấy đảng viên.");
      const values = personValues(input.person);
      await tx
        .update(person)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(person.id, input.personId));
      // The account's display name follows the person's name.
      const name = [values.familyName, values.middleName, values.givenName].filter(Boolean).join(" ");
      await tx.update(user).set({ displayName: name, updatedAt: new Date() }).where(eq(user.personId, input.personId));
      const { unitId: _, active: __, id: ___, ...old } = before;
      await writeAudit(tx, { actorId: input.actorId, action: "person.update", entity: "person", entityId: input.personId, before: old, after: values });
      await emitChange(tx, { kind: "cells-changed", cellIds: [before.unitId] }); // the untrained list keeps the name's sort key
      return { ok: true as const };
    }),
  );
}

/**
 * Moves a member to another cell: closes the open membership row and opens a new one
 * (history kept); positions held at units the member leaves end today, and a member
 * left without any position is an ordinary member (đảng viên) of the new cell.
 */
export async function movePerson(input: { actorId: string; personId: number; cellId: number }) {
  return getDb().transaction(async (tx) => {
    const current = await lockPerson(tx, input.personId);
    if (!current) return refuse("Không tìm thấy đảng viên.");
    if (!current.active) return refuse("Đảng viên đã thôi sinh hoạt, không thể chuyển.");
    if (current.unitId === input.cellId) return refuse("Đảng viên đang sinh hoạt tại chi bộ này.", "cellId");
    const found = await openCell(tx, input.cellId);
    if (!found.ok) return found;
    const now = new Date();
    await tx
      .update(personMembership)
      .set({ endedAt: now })
      .where(and(eq(personMembership.personId, current.id), isNull(personMembership.endedAt)));
    await tx.insert(personMembership).values({ personId: current.id, unitId: input.cellId, startedAt: now });
    await tx.update(person).set({ unitId: input.cellId, updatedAt: now }).where(eq(person.id, current.id));
    const keptUnitIds = found.cell.path.split("/").filter(Boolean).map(Number);
    await tx.execute(sql`
      update ${personPosition} set ended_on = ${today()}, updated_at = now()
      where person_id = ${current.id} and ended_on is null and not (unit_id in ${keptUnitIds})
    `);
    await tx.execute(sql`
      insert into ${personPosition} (person_id, position, unit_id, started_on)
      select ${current.id}, 'dang_vien', ${input.cellId}, ${today()}
      where not exists (select 1 from ${personPosition} where person_id = ${current.id} and ended_on is null)
    `);
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "person.move",
      entity: "person",
      entityId: current.id,
      before: { unitId: current.unitId },
      after: { unitId: input.cellId, unitName: found.cell.name },
    });
    await emitChange(tx, { kind: "cells-changed", cellIds: [current.unitId, input.cellId] });
    return { ok: true as const };
  });
}

/** Ends or resumes a member's party life in their cell (membership row and positions follow). */
export async function setPersonActive(input: { actorId: string; personId: number; active: boolean }) {
  return getDb().transaction(async (tx) => {
    const current = await lockPerson(tx, input.personId);
    if (!current) return refuse("Không tìm thấy đảng viên.");
    if (current.active === input.active) return refuse(input.active ? "Đảng viên đang sinh hoạt." : "Đảng viên đã thôi sinh hoạt từ trước.");
    const now = new Date();
    if (input.active) {
      const found = await openCell(tx, current.unitId);
      if (!found.ok) return refuse("Chi bộ của đảng viên đã giải thể: hãy chuyển đảng viên sang chi bộ khác trước.");
      await tx.insert(personMembership).values({ personId: current.id, unitId: current.unitId, startedAt: now });
      await tx.insert(personPosition).values({ personId: current.id, position: "dang_vien", unitId: current.unitId, startedOn: today() });
    } else {
      await tx
        .update(personMembership)
        .set({ endedAt: now })
        .where(and(eq(personMembership.personId, current.id), isNull(personMembership.endedAt)));
      await tx
        .update(personPosition)
        .set({ endedOn: today(), updatedAt: now })
        .where(and(eq(personPosition.personId, current.id), isNull(personPosition.endedOn)));
    }
    await tx.update(person).set({ active: input.active, updatedAt: now }).where(eq(person.id, current.id));
    await writeAudit(tx, {
      actorId: input.actorId,
      action: input.active ? "person.reactivate" : "person.deactivate",
      entity: "person",
      entityId: current.id,
      before: { active: current.active },
      after: { active: input.active },
    });
    await emitChange(tx, { kind: "cells-changed", cellIds: [current.unitId] });
    return { ok: true as const };
  });
}

const AddPositionRowSchema = z.object({ id: z.number() });

/** Gives a position at the member's cell or its TCCS (`unitId` was authorized by the caller). */
export async function addPosition(input: { actorId: string; personId: number; position: Position; unitId: number }) {
  return getDb().transaction(async (tx) => {
    const current = await lockPerson(tx, input.personId);
    if (!current) return refuse("Không tìm thấy đảng viên.");
    if (!current.active) return refuse("Đảng viên đã thôi sinh hoạt.");
    const [cell] = await tx.select({ path: unit.path }).from(unit).where(eq(unit.id, current.unitId));
    const [target] = await tx.select({ id: unit.id, kind: unit.kind, path: unit.path, name: unit.name }).from(unit).where(eq(unit.id, input.unitId));
    if (!cell || !target || !cell.path.startsWith(target.path)) {
      return refuse("Chức vụ phải giữ tại chi bộ của đảng viên hoặc tổ chức cơ sở đảng của chi bộ đó.", "unitId");
    }
    const misplaced = positionPlacementError(input.position, target.kind);
    if (misplaced) return refuse(misplaced, "position");
    const inserted = await tx.execute(sql`
      insert into ${personPosition} (person_id, position, unit_id, started_on)
      select ${current.id}, ${input.position}, ${target.id}, ${today()}
      where not exists (select 1 from ${personPosition}
        where person_id = ${current.id} and position = ${input.position} and unit_id = ${target.id} and ended_on is null)
      returning id
    `);
    const [row] = rowsOf(inserted, AddPositionRowSchema);
    if (!row) return refuse("Đảng viên đang giữ chức vụ này tại đơn vị này.", "position");
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "position.add",
      entity: "person",
      entityId: current.id,
      after: { positionId: row.id, position: input.position, unitId: target.id, unitName: target.name },
    });
    await emitChange(tx, { kind: "cells-changed", cellIds: [current.unitId] });
    return { ok: true as const };
  });
}

/** The unit where a person's position is held (null when the position is not theirs). */
export async function getPositionUnitId(input: { personId: number; positionId: number }) {
  const [row] = await getDb()
    .select({ unitId: personPosition.unitId })
    .from(personPosition)
    .where(and(eq(personPosition.id, input.positionId), eq(personPosition.personId, input.personId)));
  return row?.unitId ?? null;
}

export async function endPosition(input: { actorId: string; personId: number; positionId: number }) {
  return getDb().transaction(async (tx) => {
    const [ended] = await tx
      .update(personPosition)
      .set({ endedOn: today(), updatedAt: new Date() })
      .where(and(eq(personPosition.id, input.positionId), eq(personPosition.personId, input.personId), isNull(personPosition.endedOn)))
      .returning({ position: personPosition.position, unitId: personPosition.unitId });
    if (!ended) return refuse("Chức vụ không tồn tại hoặc đã kết thúc.");
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "position.end",
      entity: "person",
      entityId: input.personId,
      before: { positionId: input.positionId, ...ended },
    });
    await emitChange(tx, { kind: "people-changed", personIds: [input.personId] });
    return { ok: true as const };
  });
}
