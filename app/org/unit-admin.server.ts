import { z } from "zod";
import { and, eq, isNull, ne, notLike, or, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "#db/client.server";
import { person, unit } from "#db/schema";
import { emitChange } from "~/utils/change-events.server";
import { writeAudit } from "./audit.server";
import { refuse } from "~/forms/command";
import { lockTrees } from "./tree-lock.server";
import { inSubtree } from "./units.server";
import { CHILD_KINDS, UNIT_KINDS, type UnitKind } from "./vocabulary";

function isUnitKind(kind: string): kind is UnitKind {
  return kind in UNIT_KINDS;
}

/** Kinds that may sit under a unit of `kind`. */
export function childKindsOf(kind: string): UnitKind[] {
  return isUnitKind(kind) ? CHILD_KINDS[kind] : [];
}

/** The unit row, locked for the rest of the transaction (moves and closes must not interleave). */
async function lockUnit(tx: Tx, unitId: number) {
  await lockTrees(tx, { unitIds: [unitId] });
  const [row] = await tx
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path, depth: unit.depth, parentId: unit.parentId, closedAt: unit.closedAt })
    .from(unit)
    .where(eq(unit.id, unitId))
    .for("update");
  return row ?? null;
}

const NextUnitIdRowSchema = z.object({ id: z.number() });

export async function createUnit(input: { actorId: string; parentId: number; name: string; kind: UnitKind }) {
  return getDb().transaction(async (tx) => {
    const parent = await lockUnit(tx, input.parentId);
    if (!parent) return refuse("Không tìm thấy đơn vị cấp trên.");
    if (parent.closedAt) return refuse("Đơn vị này đã giải thể, không thể tạo đơn vị trực thuộc.");
    if (!childKindsOf(parent.kind).includes(input.kind)) {
      return refuse(`${UNIT_KINDS[input.kind]} không thể trực thuộc ${UNIT_KINDS[parent.kind as UnitKind] ?? parent.kind}.`, "kind");
    }
    // The path needs the new id: take it from the sequence first, then insert once.
    const [next] = rowsOf(await tx.execute(sql`select nextval(pg_get_serial_sequence('unit', 'id'))::int as id`), NextUnitIdRowSchema);
    const id = next!.id;
    const values = { id, parentId: parent.id, kind: input.kind, name: input.name, path: `${parent.path}${id}/`, depth: parent.depth + 1 };
    await tx.insert(unit).values(values);
    await writeAudit(tx, { actorId: input.actorId, action: "unit.create", entity: "unit", entityId: id, after: values });
    return { ok: true as const, unitId: id };
  });
}

export async function renameUnit(input: { actorId: string; unitId: number; name: string }) {
  return getDb().transaction(async (tx) => {
    const current = await lockUnit(tx, input.unitId);
    if (!current) return refuse("Không tìm thấy đơn vị.");
    if (current.name === input.name) return refuse("Tên mới trùng với tên hiện tại.", "name");
    await tx.update(unit).set({ name: input.name, updatedAt: new Date() }).where(eq(unit.id, input.unitId));
    await emitChange(tx, { kind: "unit-renamed", unitId: input.unitId }); // lists that copy the name to sort by it
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "unit.rename",
      entity: "unit",
      entityId: input.unitId,
      before: { name: current.name },
      after: { name: input.name },
    });
    return { ok: true as const };
  });
}

/**
 * Moves a unit (and its whole subtree) under another parent: one UPDATE rewrites the
 * path prefix and depth of every unit of the subtree.
 */
export async function moveUnit(input: { actorId: string; unitId: number; parentId: number }) {
  return getDb().transaction(async (tx) => {
    const moving = await lockUnit(tx, input.unitId);
    const target = await lockUnit(tx, input.parentId);
    if (!moving || !target) return refuse("Không tìm thấy đơn vị.");
    if (moving.parentId === null) return refuse("Không thể chuyển đơn vị gốc.");
    if (moving.parentId === target.id) return refuse("Đơn vị đã trực thuộc đơn vị này.", "parentId");
    if (target.path.startsWith(moving.path)) {
      return refuse("Không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị trực thuộc của nó.", "parentId");
    }
    if (target.closedAt) return refuse("Đơn vị cấp trên mới đã giải thể.", "parentId");
    if (!childKindsOf(target.kind).includes(moving.kind as UnitKind)) {
      return refuse(
        `${UNIT_KINDS[moving.kind as UnitKind] ?? moving.kind} không thể trực thuộc ${UNIT_KINDS[target.kind as UnitKind] ?? target.kind}.`,
        "parentId",
      );
    }
    const newPath = `${target.path}${moving.id}/`;
    const depthShift = target.depth + 1 - moving.depth;
    await tx.execute(sql`
      update ${unit} set
        path = ${newPath} || substr(path, ${moving.path.length + 1}),
        depth = depth + ${depthShift},
        parent_id = case when id = ${moving.id} then ${target.id} else parent_id end,
        updated_at = now()
      where path like ${`${moving.path}%`}
    `);
    const idsOf = (path: string) => path.split("/").filter(Boolean).map(Number);
    const before = idsOf(moving.path).filter((id) => id !== moving.id);
    const after = idsOf(target.path);
    await emitChange(tx, {
      kind: "unit-moved",
      unitId: moving.id,
      path: newPath,
      leftAncestorIds: before.filter((id) => !after.includes(id)),
      joinedAncestorIds: after.filter((id) => !before.includes(id)),
    });
    await writeAudit(tx, {
      actorId: input.actorId,
      action: "unit.move",
      entity: "unit",
      entityId: moving.id,
      before: { parentId: moving.parentId, path: moving.path },
      after: { parentId: target.id, path: newPath, parentName: target.name },
    });
    return { ok: true as const };
  });
}

const UnitContentsRowSchema = z.object({ members: z.number(), children: z.number() });

/** Closes a unit that has no active members and no open sub-units left. */
export async function closeUnit(input: { actorId: string; unitId: number }) {
  return getDb().transaction(async (tx) => {
    const current = await lockUnit(tx, input.unitId);
    if (!current) return refuse("Không tìm thấy đơn vị.");
    if (current.closedAt) return refuse("Đơn vị đã giải thể từ trước.");
    if (current.parentId === null) return refuse("Không thể giải thể đơn vị gốc.");
    const [counts] = rowsOf(
      await tx.execute(sql`
        select
          (select count(*)::int from ${person} p join ${unit} u on u.id = p.unit_id
             where u.path like ${`${current.path}%`} and p.active) as members,
          (select count(*)::int from ${unit} c where c.parent_id = ${current.id} and c.closed_at is null) as children
      `),
      UnitContentsRowSchema,
    );
    const reasons = [
      counts!.members ? `còn ${counts!.members} đảng viên đang sinh hoạt` : null,
      counts!.children ? `còn ${counts!.children} đơn vị trực thuộc chưa giải thể` : null,
    ].filter(Boolean);
    if (reasons.length) {
      return refuse(`Không thể giải thể đơn vị: ${reasons.join(" và ")}. Hãy chuyển sinh hoạt đảng viên và giải thể hoặc chuyển các đơn vị trực thuộc trước.`);
    }
    const closedAt = new Date();
    await tx.update(unit).set({ closedAt, updatedAt: closedAt }).where(eq(unit.id, current.id));
    await writeAudit(tx, { actorId: input.actorId, action: "unit.close", entity: "unit", entityId: current.id, after: { closedAt } });
    return { ok: true as const };
  });
}

export async function reopenUnit(input: { actorId: string; unitId: number }) {
  return getDb().transaction(async (tx) => {
    const current = await lockUnit(tx, input.unitId);
    if (!current) return refuse("Không tìm thấy đơn vị.");
    if (!current.closedAt) return refuse("Đơn vị đang hoạt động.");
    const parent = current.parentId ? await lockUnit(tx, current.parentId) : null;
    if (parent?.closedAt) return refuse("Đơn vị cấp trên đã giải thể: hãy mở lại đơn vị cấp trên trước.");
    await tx.update(unit).set({ closedAt: null, updatedAt: new Date() }).where(eq(unit.id, current.id));
    await writeAudit(tx, { actorId: input.actorId, action: "unit.reopen", entity: "unit", entityId: current.id, before: { closedAt: current.closedAt } });
    return { ok: true as const };
  });
}

/**
 * Open units inside `scopes` that may take `moving` as a child: right kind, not in
 * its own subtree, not its current parent.
 */
export async function listMoveTargets(input: { moving: { id: number; kind: string; path: string; parentId: number | null }; scopes: string[] }) {
  const parentKinds = (Object.keys(CHILD_KINDS) as UnitKind[]).filter((k) => CHILD_KINDS[k].includes(input.moving.kind as UnitKind));
  if (!parentKinds.length || !input.scopes.length) return [];
  return getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind, path: unit.path })
    .from(unit)
    .where(
      and(
        or(...input.scopes.map(inSubtree)),
        sql`${unit.kind} in ${parentKinds}`,
        isNull(unit.closedAt),
        notLike(unit.path, `${input.moving.path}%`),
        input.moving.parentId === null ? undefined : ne(unit.id, input.moving.parentId),
      ),
    )
    .orderBy(unit.path)
    .limit(1000);
}
