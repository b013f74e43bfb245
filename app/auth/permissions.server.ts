import { data } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { unit } from "#db/schema";
import { isRowId } from "~/utils/ids";
import { can, scopesOf, type Permission, type SessionUser } from "./permissions";
import { requireUser } from "./session.server";

export function forbidden(message = "Đồng chí không có quyền truy cập trang này."): never {
  throw data({ message }, { status: 403 });
}

export function notFound(message = "Không tìm thấy trang đồng chí yêu cầu."): never {
  throw data({ message }, { status: 404 });
}

async function getUnitPath(unitId: number) {
  if (!isRowId(unitId)) return null;
  const [row] = await getDb().select({ path: unit.path }).from(unit).where(eq(unit.id, unitId));
  return row?.path ?? null;
}

/**
 * The one authorization check of every loader and action: signed in (else a
 * redirect to login) and holding `permission`, on `unitId`'s subtree when given.
 */
export async function requirePermission(request: Request, permission: Permission, unitId?: number): Promise<SessionUser> {
  const user = await requireUser(request);
  if (unitId === undefined) {
    if (!can(user, permission)) forbidden();
    return user;
  }
  await requireUnitPermission(user, permission, unitId);
  return user;
}

/** For a command given the signed-in user: 404 for an unknown unit, 403 unless `user` holds `permission` on its subtree. */
export async function requireUnitPermission(user: SessionUser, permission: Permission, unitId: number) {
  const path = await getUnitPath(unitId);
  if (!path) notFound("Không tìm thấy đơn vị.");
  if (!can(user, permission, path)) forbidden();
}

/**
 * The unit a unit-wide download is for: `requested` (e.g. `?don-vi=`), else the unit of the user's
 * outermost grant holding `permission`. The user must hold `permission` on it; unknown is a 404.
 */
export async function requireUnitFor(request: Request, permission: Permission, requested: number | null | undefined) {
  const user = await requirePermission(request, permission);
  const unitId = requested ?? user.grants.find((g) => g.unitPath === scopesOf(user, permission)[0])?.unitId;
  const path = unitId === undefined ? null : await getUnitPath(unitId);
  if (unitId === undefined || !path) notFound("Không tìm thấy đơn vị.");
  if (!can(user, permission, path)) forbidden();
  return { user, unit: { id: unitId, path } };
}
