import { can, isSysadmin, scopesOf, type SessionUser } from "~/auth/permissions";
import { forbidden, notFound, requirePermission, requireUnitPermission } from "~/auth/permissions.server";
import { refuse } from "~/forms/command";
import { ROLE_CODES, type Role } from "~/auth/roles";
import { canManageAccount, createAccount, getAccountOfPerson, getGrant, grantRole, resetPassword, revokeRole, setAccountDisabled } from "./accounts.server";
import { listAudit } from "./audit.server";
import {
  addPosition,
  endPosition,
  getPerson,
  getPositionUnitId,
  listCellsInScope,
  listMembershipHistory,
  listPositions,
  movePerson,
  positionUnitsFor,
  setPersonActive,
  updatePerson,
  type PersonInput,
} from "./people.server";
import { positionsAllowedAt } from "./positions";
import { getAncestors } from "./units.server";
import type { Position } from "./vocabulary";

// Who may do what on the member admin page (/quan-tri/nguoi/:id). Every command takes the member
// as `requireManagedPerson` returned it (org.manage on their cell already checked) and checks the
// rest: the right over a second unit it touches, or account.manage for the account commands.

type ManagedPerson = NonNullable<Awaited<ReturnType<typeof getPerson>>>;
interface Command {
  actor: SessionUser;
  person: ManagedPerson;
}

/** The member, once the user manages their cell (404 before 403, as for units). */
export async function requireManagedPerson(request: Request, personId: number) {
  const found = await getPerson(personId);
  if (!found) notFound("Không tìm thấy đảng viên.");
  const user = await requirePermission(request, "org.manage", found.unitId);
  return { person: found, user };
}

/** Roles `user` may grant (only a sysadmin grants sysadmin). */
function grantableRoles(user: SessionUser): Role[] {
  return ROLE_CODES.filter((r) => r !== "sysadmin" || isSysadmin(user));
}

/** What the member page shows `user`, each action marked with whether `user` may take it. */
export async function getPersonAdminPage({ actor: user, person }: Command) {
  const manageAccounts = can(user, "account.manage", person.unitPath);
  const [ancestors, positions, history, cells, positionUnits, account] = await Promise.all([
    getAncestors(person.unitPath),
    listPositions(person.id),
    listMembershipHistory(person.id),
    listCellsInScope({ scopes: scopesOf(user, "org.manage"), excludeId: person.unitId }),
    positionUnitsFor(person.unitPath),
    manageAccounts ? getAccountOfPerson(person.id) : null,
  ]);
  const audit = await listAudit({
    targets: [{ entity: "person", entityId: person.id }, ...(account ? [{ entity: "user" as const, entityId: account.id }] : [])],
  });
  const inScope = ancestors.filter((a) => can(user, "org.manage", a.path));
  const { unitPath: _path, ...shown } = person; // the page needs names and ids, not paths
  return {
    person: shown,
    breadcrumbs: inScope.map((a) => ({ id: a.id, name: a.name })),
    positions: positions.map(({ unitPath, ...p }) => ({ ...p, endable: can(user, "org.manage", unitPath) })),
    history,
    cells,
    positionUnits: positionUnits
      .filter((u) => can(user, "org.manage", u.path))
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind, positions: positionsAllowedAt(u.kind) })),
    manageAccounts,
    account: account
      ? {
          id: account.id,
          username: account.username,
          disabledAt: account.disabledAt,
          createdAt: account.createdAt,
          grants: account.grants.map((g) => ({
            id: g.id,
            role: g.role,
            unitName: g.unitName,
            revocable: g.role !== "sysadmin" || isSysadmin(user) ? can(user, "account.manage", g.unitPath) : false,
          })),
          manageable: canManageAccount(user, account.grants),
        }
      : null,
    grantRoles: grantableRoles(user),
    // Grants go on the member's own units (cell up to the bloc) that the user manages.
    grantUnits: ancestors.filter((a) => can(user, "account.manage", a.path)).map((a) => ({ id: a.id, name: a.name })),
    audit,
  };
}

export function updateManagedPerson(input: Command & { fields: PersonInput }) {
  return updatePerson({ actorId: input.actor.id, personId: input.person.id, person: input.fields });
}

/** Moving needs the right over the new cell too. */
export async function moveManagedPerson(input: Command & { cellId: number }) {
  await requireUnitPermission(input.actor, "org.manage", input.cellId);
  return movePerson({ actorId: input.actor.id, personId: input.person.id, cellId: input.cellId });
}

export function setManagedPersonActive(input: Command & { active: boolean }) {
  return setPersonActive({ actorId: input.actor.id, personId: input.person.id, active: input.active });
}

/** A position at a unit needs the right over that unit (a TCCS position: over the TCCS). */
export async function addManagedPosition(input: Command & { position: Position; unitId: number }) {
  await requireUnitPermission(input.actor, "org.manage", input.unitId);
  return addPosition({ actorId: input.actor.id, personId: input.person.id, position: input.position, unitId: input.unitId });
}

/** A position held at the TCCS needs the right over the TCCS, not only over the cell. */
export async function endManagedPosition(input: Command & { positionId: number }) {
  const positionUnitId = await getPositionUnitId({ personId: input.person.id, positionId: input.positionId });
  if (positionUnitId === null) notFound("Không tìm thấy chức vụ này.");
  await requireUnitPermission(input.actor, "org.manage", positionUnitId);
  return endPosition({ actorId: input.actor.id, personId: input.person.id, positionId: input.positionId });
}

/** Account commands need account.manage on the member's cell. */
export async function createManagedAccount(input: Command & { username: string; password: string }) {
  await requireUnitPermission(input.actor, "account.manage", input.person.unitId);
  return createAccount({ actorId: input.actor.id, personId: input.person.id, username: input.username, password: input.password });
}

/** The member's account, after account.manage on their cell; null when they have none. */
async function managedAccount(input: Command) {
  await requireUnitPermission(input.actor, "account.manage", input.person.unitId);
  return getAccountOfPerson(input.person.id);
}

const noAccount = () => refuse("Đảng viên này chưa có tài khoản.");

/** Resetting, locking and unlocking also need every grant of the account inside the user's scope. */
async function requireManageableAccount(input: Command) {
  const account = await managedAccount(input);
  if (account && !canManageAccount(input.actor, account.grants)) forbidden("Tài khoản này có quyền ngoài phạm vi đồng chí quản lý.");
  return account;
}

export async function resetManagedPassword(input: Command & { password: string }) {
  const account = await requireManageableAccount(input);
  if (!account) return noAccount();
  return resetPassword({ actorId: input.actor.id, userId: account.id, password: input.password });
}

export async function setManagedAccountDisabled(input: Command & { disabled: boolean }) {
  const account = await requireManageableAccount(input);
  if (!account) return noAccount();
  return setAccountDisabled({ actorId: input.actor.id, userId: account.id, disabled: input.disabled });
}

/** A role at a unit needs account.manage on that unit too. */
export async function grantManagedRole(input: Command & { role: Role; unitId: number }) {
  const account = await managedAccount(input);
  if (!account) return noAccount();
  await requireUnitPermission(input.actor, "account.manage", input.unitId);
  return grantRole({ actor: input.actor, userId: account.id, role: input.role, unitId: input.unitId });
}

/** Revoking needs account.manage where the grant is; answers the revoked role. */
export async function revokeManagedRole(input: Command & { grantId: number }) {
  const account = await managedAccount(input);
  if (!account) return noAccount();
  const grant = await getGrant(input.grantId);
  if (!grant || grant.userId !== account.id) notFound("Không tìm thấy quyền này.");
  await requireUnitPermission(input.actor, "account.manage", grant.unitId);
  const result = await revokeRole({ actor: input.actor, grantId: grant.id });
  return result.ok ? { ...result, role: grant.role } : result;
}
