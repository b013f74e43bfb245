import { and, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { personPosition, unit } from "#db/schema";
import { can } from "~/auth/permissions";
import { forbidden, notFound, requirePermission } from "~/auth/permissions.server";
import { localDate } from "~/utils/dates";
import { isCell } from "~/org/vocabulary";

/**
 * Who leads a cell's meetings: at a chi bộ its bí thư, phó bí thư and chi ủy viên; at a chi bộ cơ sở
 * its cấp ủy (positions.ts places each position at the right kind of unit).
 */
export const OFFICER_POSITIONS = [
  "bi_thu_chi_bo",
  "pho_bi_thu_chi_bo",
  "chi_uy_vien",
  "bi_thu_cap_uy_co_so",
  "pho_bi_thu_cap_uy_co_so",
  "cap_uy_vien_co_so",
] as const;

export interface Cell {
  id: number;
  name: string;
  path: string;
  kind: string;
}

/** The cell (chi bộ or chi bộ cơ sở) with this id, or null. */
export async function getCell(cellId: number): Promise<Cell | null> {
  const [row] = await getDb().select({ id: unit.id, name: unit.name, path: unit.path, kind: unit.kind }).from(unit).where(eq(unit.id, cellId));
  return row && isCell(row.kind) ? row : null;
}

function activePosition() {
  return or(isNull(personPosition.endedOn), gte(personPosition.endedOn, localDate(new Date())));
}

/** Whether the person holds an officer position at the cell today. */
async function isOfficer(personId: number, cellId: number) {
  const [row] = await getDb()
    .select({ id: personPosition.id })
    .from(personPosition)
    .where(
      and(eq(personPosition.personId, personId), eq(personPosition.unitId, cellId), inArray(personPosition.position, [...OFFICER_POSITIONS]), activePosition()),
    )
    .limit(1);
  return !!row;
}

/**
 * The check of every cell-side loader and action: signed in, and an officer of the cell or holding
 * "meetings.record" over it (Ban Tổ chức of a unit above). Anyone else gets 403; an unknown cell 404.
 */
export async function requireCellRecorder(request: Request, cellId: number) {
  const user = await requirePermission(request, "meetings.view");
  const cell = await getCell(cellId);
  if (!cell) notFound("Không tìm thấy chi bộ.");
  if (can(user, "meetings.record", cell.path)) return { user, cell };
  if (user.personId !== null && (await isOfficer(user.personId, cell.id))) return { user, cell };
  forbidden("Chỉ bí thư, phó bí thư, chi ủy viên của chi bộ và cấp ủy cấp trên được xem và ghi sổ sinh hoạt của chi bộ này.");
}

/** The cells the person leads (officer positions held today). */
export async function listOfficerCells(personId: number) {
  return getDb()
    .selectDistinct({ id: unit.id, name: unit.name })
    .from(personPosition)
    .innerJoin(unit, eq(unit.id, personPosition.unitId))
    .where(
      and(
        eq(personPosition.personId, personId),
        inArray(personPosition.position, [...OFFICER_POSITIONS]),
        inArray(unit.kind, ["chi_bo", "chi_bo_co_so"]),
        activePosition(),
      ),
    )
    .orderBy(unit.id);
}

/** Cells under the given unit paths whose name contains `query` (at most `limit`), in name order. */
export async function searchCellsInScope(scopes: string[], query: string, limit = 30) {
  if (!scopes.length) return [];
  const words = query.trim();
  return getDb()
    .select({ id: unit.id, name: unit.name })
    .from(unit)
    .where(
      and(
        inArray(unit.kind, ["chi_bo", "chi_bo_co_so"]),
        isNull(unit.closedAt),
        or(...scopes.map((p) => sql`${unit.path} like ${`${p}%`}`)),
        words ? sql`${unit.name} ilike ${`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
      ),
    )
    .orderBy(sql`${unit.sortKey} collate "C"`)
    .limit(limit);
}
