import { randomUUID } from "node:crypto";
import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "#db/client.server";
import { person, roleGrant, session, unit, user } from "#db/schema";
import { PasswordSchema } from "~/auth/account.server";
import { hashPassword } from "~/auth/password.server";
import { can, isSysadmin, type SessionUser } from "~/auth/permissions";
import { writeAudit } from "./audit.server";
import { refuse } from "~/forms/command";
import { violatedUniqueIndex } from "./db-errors.server";
import { fullName } from "./names";
import { UsernameSchema } from "./schemas";
import { ROLES, type Role } from "~/auth/roles";

export const CreateAccountSchema = z.object({
  intent: z.literal("create-account"),
  username: UsernameSchema,
  password: PasswordSchema,
});
export const ResetPasswordSchema = z.object({ intent: z.literal("reset-password"), password: PasswordSchema });
export const DisableAccountSchema = z.object({ intent: z.literal("disable-account") });
export const EnableAccountSchema = z.object({ intent: z.literal("enable-account") });

const ADMIN_ROLES: Role[] = ["org_admin", "sysadmin"];

export async function getAccountOfPerson(personId: number) {
  const [account] = await getDb()
    .select({ id: user.id, username: user.username, disabledAt: user.disabledAt, createdAt: user.createdAt })
    .from(user)
    .where(eq(user.personId, personId));
  if (!account) return null;
  return { ...account, grants: await listGrants(account.id) };
}

async function listGrants(userId: string) {
  const rows = await getDb()
    .select({ id: roleGrant.id, role: roleGrant.role, unitId: unit.id, unitName: unit.name, unitPath: unit.path })
    .from(roleGrant)
    .innerJoin(unit, eq(unit.id, roleGrant.unitId))
    .where(eq(roleGrant.userId, userId))
    .orderBy(asc(roleGrant.id));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function getGrant(grantId: number) {
  const [row] = await getDb()
    .select({ id: roleGrant.id, userId: roleGrant.userId, role: roleGrant.role, unitId: roleGrant.unitId, unitPath: unit.path })
    .from(roleGrant)
    .innerJoin(unit, eq(unit.id, roleGrant.unitId))
    .where(eq(roleGrant.id, grantId));
  return row ?? null;
}

/**
 * Whether `actor` may reset, lock or unlock an account holding `grants`: a sysadmin
 * may; an org_admin only when every grant of that account lies inside their own scope
 * (so a unit admin cannot lock out the admins above them).
 */
export function canManageAccount(actor: SessionUser, grants: { role: string; unitPath: string }[]) {
  if (isSysadmin(actor)) return true;
  return grants.every((g) => g.role !== "sysadmin" && can(actor, "account.manage", g.unitPath));
}

/** Creates the account of a person, who can then sign in and learn (a learner grant at their cell). */
export async function createAccount(input: { actorId: string; personId: number; username: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().transaction(async (tx) => {
      const [owner] = await tx
        .select({
          id: person.id,
          unitId: person.unitId,
          active: person.active,
          familyName: person.familyName,
          middleName: person.middleName,
          givenName: person.givenName,
        })
        .from(person)
        .where(eq(person.id, input.personId));
      if (!owner) return refuse("Không tìm thấy đảng viên.");
      if (!owner.active) return refuse("Đảng viên đã thôi sinh hoạt, không thể tạo tài khoản.");
      const id = `u-${randomUUID()}`;
      await tx.insert(user).values({ id, username: input.username, passwordHash, personId: owner.id, displayName: fullName(owner) });
      await tx.insert(roleGrant).values({ userId: id, role: "learner", unitId: owner.unitId, grantedBy: input.actorId });
      await writeAudit(tx, {
        actorId: input.actorId,
        action: "account.create",
        entity: "user",
        entityId: id,
        after: { username: input.username, personId: owner.id, grants: [{ role: "learner", unitId: owner.unitId }] },
      });
      return { ok: true as const, userId: id };
    });
  } catch (error) {
    const index = violatedUniqueIndex(error);
    if (index?.includes("user_username_idx")) return refuse("Tên đăng nhập này đã được dùng.", "username");
    if (index?.includes("user_person_idx")) return refuse("Đảng viên này đã có tài khoản.");
    throw error;
  }
}

async function endSessions(tx: Tx, userId: string) {
  await tx.delete(session).where(eq(session.userId, userId));
}

/** Sets a new password and signs the account out everywhere. */
export async function resetPassword(input: { actorId: string; userId: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return getDb().transaction(async (tx) => {
    const [updated] = await tx.update(user).set({ passwordHash, updatedAt: new Date() }).where(eq(user.id, input.userId)).returning({ id: user.id });
    if (!updated) return refuse("Không tìm thấy tài khoản.");
    await endSessions(tx, input.userId);
    await writeAudit(tx, { actorId: input.actorId, action: "account.reset_password", entity: "user", entityId: input.userId });
    return { ok: true as const };
  });
}

export async function setAccountDisabled(input: { actorId: string; userId: string; disabled: boolean }) {
  if (input.disabled && input.actorId === input.userId) return refuse("Đồng chí không thể tự khóa tài khoản của mình.");
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select({ disabledAt: user.disabledAt }).from(user).where(eq(user.id, input.userId)).for("update");
    if (!before) return refuse("Không tìm thấy tài khoản.");
    if (!!before.disabledAt === input.disabled) return refuse(input.disabled ? "Tài khoản đã bị khóa từ trước." : "Tài khoản đang hoạt động.");
    const disabledAt = input.disabled ? new Date() : null;
    await tx.update(user).set({ disabledAt, updatedAt: new Date() }).where(eq(user.id, input.userId));
    if (input.disabled) await endSessions(tx, input.userId);
    await writeAudit(tx, {
      actorId: input.actorId,
      action: input.disabled ? "account.disable" : "account.enable",
      entity: "user",
      entityId: input.userId,
      before: { disabledAt: before.disabledAt },
      after: { disabledAt },
    });
    return { ok: true as const };
  });
}

/**
 * Grants `role` on `unitId`. An org_admin grants learner, judge, contest_organizer and
 * org_admin inside their subtree; only a sysadmin grants sysadmin (on the root unit).
 */
export async function grantRole(input: { actor: SessionUser; userId: string; role: Role; unitId: number }) {
  const [target] = await getDb().select({ path: unit.path, parentId: unit.parentId, name: unit.name }).from(unit).where(eq(unit.id, input.unitId));
  if (!target) return refuse("Không tìm thấy đơn vị.", "unitId");
  if (input.role === "sysadmin") {
    if (!isSysadmin(input.actor)) return refuse("Chỉ quản trị hệ thống mới được cấp quyền quản trị hệ thống.", "role");
    if (target.parentId !== null) return refuse("Quyền quản trị hệ thống chỉ cấp tại đơn vị gốc.", "unitId");
  }
  if (!can(input.actor, "account.manage", target.path)) return refuse("Đồng chí chỉ được cấp quyền tại các đơn vị mình quản lý.", "unitId");
  return getDb().transaction(async (tx) => {
    const inserted = await tx
      .insert(roleGrant)
      .values({ userId: input.userId, role: input.role, unitId: input.unitId, grantedBy: input.actor.id })
      .onConflictDoNothing()
      .returning({ id: roleGrant.id });
    if (!inserted.length) return refuse(`Tài khoản đã có vai trò ${ROLES[input.role]} tại đơn vị này.`, "role");
    await writeAudit(tx, {
      actorId: input.actor.id,
      action: "role.grant",
      entity: "user",
      entityId: input.userId,
      after: { grantId: inserted[0]!.id, role: input.role, unitId: input.unitId, unitName: target.name },
    });
    return { ok: true as const };
  });
}

/** Revokes a grant; nobody revokes their own last administrative (org_admin/sysadmin) grant. */
export async function revokeRole(input: { actor: SessionUser; grantId: number }) {
  return getDb().transaction(async (tx) => {
    const [grant] = await tx
      .select({ id: roleGrant.id, userId: roleGrant.userId, role: roleGrant.role, unitId: roleGrant.unitId, unitPath: unit.path, unitName: unit.name })
      .from(roleGrant)
      .innerJoin(unit, eq(unit.id, roleGrant.unitId))
      .where(eq(roleGrant.id, input.grantId))
      .for("update", { of: roleGrant });
    if (!grant) return refuse("Quyền này không còn tồn tại.");
    if (grant.role === "sysadmin" && !isSysadmin(input.actor)) return refuse("Chỉ quản trị hệ thống mới được thu hồi quyền quản trị hệ thống.");
    if (!can(input.actor, "account.manage", grant.unitPath)) return refuse("Đồng chí chỉ được thu hồi quyền tại các đơn vị mình quản lý.");
    if (grant.userId === input.actor.id && ADMIN_ROLES.includes(grant.role as Role)) {
      // Lock the actor's admin grants so two concurrent revocations cannot both pass.
      const others = await tx
        .select({ id: roleGrant.id })
        .from(roleGrant)
        .where(and(eq(roleGrant.userId, grant.userId), inArray(roleGrant.role, ADMIN_ROLES), sql`${roleGrant.id} <> ${grant.id}`))
        .for("update");
      if (!others.length) return refuse("Đồng chí không thể thu hồi quyền quản trị cuối cùng của chính mình.");
    }
    await tx.delete(roleGrant).where(eq(roleGrant.id, grant.id));
    await writeAudit(tx, {
      actorId: input.actor.id,
      action: "role.revoke",
      entity: "user",
      entityId: grant.userId,
      before: { grantId: grant.id, role: grant.role, unitId: grant.unitId, unitName: grant.unitName },
    });
    return { ok: true as const };
  });
}

/** All accounts with their roles (sysadmin's list), filtered by name/username and role, one page at a time. */
export async function listAccounts(input: { query: string; role: Role | null; page: number; pageSize: number }) {
  const pattern = `%${input.query.replace(/[%_\\]/g, "\\$&")}%`;
  const where = and(
    input.query ? or(ilike(user.username, pattern), ilike(user.displayName, pattern)) : undefined,
    input.role ? sql`exists (select 1 from ${roleGrant} g where g.user_id = ${user.id} and g.role = ${input.role})` : undefined,
  );
  const grants = sql<{ role: string; unitName: string }[]>`coalesce((
    select json_agg(json_build_object('role', g.role, 'unitName', gu.name) order by g.id)
    from ${roleGrant} g join ${unit} gu on gu.id = g.unit_id where g.user_id = "user".id), '[]'::json)`;
  const rows = await getDb()
    .select({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      personId: user.personId,
      disabledAt: user.disabledAt,
      grants,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(user)
    .where(where)
    .orderBy(asc(user.username))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { accounts: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 };
}
