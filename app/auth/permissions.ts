import type { Role } from "~/auth/roles";

/** What a role may do. One table for the whole app: deny by default. */
const PERMISSIONS = {
  "training.take": ["learner"],
  "quiz.analyze": ["org_admin", "contest_organizer"],
  "quiz.override": ["org_admin", "contest_organizer"],
  "practice.analyze": ["org_admin", "contest_organizer"],
  // The contest list (/hoi-thi) opens to every role; which contests it shows is scoped by listContestsFor.
  "contest.list": ["learner", "judge", "contest_organizer", "org_admin"],
  "contest.view": ["learner", "judge", "contest_organizer"],
  "contest.judge": ["judge"],
  "contest.manage": ["contest_organizer"],
  // Scope is stricter than a grant's subtree: only into contests organised strictly above the grant's unit (scopesBelow).
  "contest.nominate": ["org_admin", "contest_organizer"],
  "report.view": ["org_admin"],
  "org.manage": ["org_admin"],
  "account.manage": ["org_admin"],
  // Every account of the platform, across units: the system administrator only (sysadmin holds every permission).
  "account.list": [],
  // Sinh hoạt chi bộ (ADR 015). "meetings.view" opens /sinh-hoat; what it shows comes from data grants:
  // the cell's officers by position, attendees by their visit assignments (meetings/access.server.ts).
  "meetings.view": ["learner", "org_admin"],
  // Besides the cell's bí thư, phó bí thư and chi ủy viên (by position), a unit's Ban Tổ chức over its subtree.
  "meetings.record": ["org_admin"],
  "meetings.assign": ["org_admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

interface Grant {
  role: Role;
  unitId: number;
  unitPath: string;
  unitName: string;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  personId: number | null;
  grants: Grant[];
}

/** The roles that hold `permission` anywhere (sysadmin holds all): for checks folded into SQL. */
export function rolesWith(permission: Permission): Role[] {
  return [...PERMISSIONS[permission], "sysadmin"];
}

/**
 * Whether `user` may do `permission`, on `unitPath` when given (a grant covers
 * its unit's subtree), or anywhere when not. sysadmin may do everything.
 */
export function can(user: SessionUser | null, permission: Permission, unitPath?: string) {
  if (!user) return false;
  const roles = rolesWith(permission);
  return user.grants.some((grant) => roles.includes(grant.role) && (unitPath === undefined || unitPath.startsWith(grant.unitPath)));
}

/** The unit paths under which `user` holds `permission` (empty = nowhere). */
export function scopesOf(user: SessionUser, permission: Permission) {
  const roles = rolesWith(permission);
  const paths = user.grants
    .filter((g) => roles.includes(g.role))
    .map((g) => g.unitPath)
    .sort((a, b) => a.length - b.length);
  // Drop paths already covered by a shorter one.
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
}

/**
 * The grants (unit id and path) holding `permission` on a unit strictly inside `unitPath`: a unit
 * below the one that acts, e.g. a unit nominating into a contest its parent organises. Outermost
 * first; grants covered by another one are dropped.
 */
export function scopesBelow(user: SessionUser, permission: Permission, unitPath: string) {
  const roles = rolesWith(permission);
  const grants = user.grants
    .filter((g) => roles.includes(g.role) && g.unitPath !== unitPath && g.unitPath.startsWith(unitPath))
    .sort((a, b) => a.unitPath.length - b.unitPath.length);
  const kept = grants.filter((g, i) => !grants.slice(0, i).some((q) => g.unitPath.startsWith(q.unitPath)));
  return kept.map((g) => ({ unitId: g.unitId, unitPath: g.unitPath, unitName: g.unitName }));
}

/** Whether `user` holds `permission` on some unit that has a parent (so there is something above to act on). */
export function canBelowRoot(user: SessionUser | null, permission: Permission) {
  if (!user) return false;
  const roles = rolesWith(permission);
  return user.grants.some((g) => roles.includes(g.role) && g.unitPath.split("/").filter(Boolean).length > 1);
}

export function isSysadmin(user: SessionUser | null) {
  return !!user?.grants.some((g) => g.role === "sysadmin");
}
