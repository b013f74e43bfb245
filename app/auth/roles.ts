/** The roles a grant gives (ADR 002): what a user may do, in a unit subtree. Their permissions are in `permissions.ts`. */
export const ROLES = {
  learner: "Học viên",
  judge: "Giám khảo",
  contest_organizer: "Ban tổ chức hội thi",
  org_admin: "Ban Tổ chức (cấp ủy)",
  sysadmin: "Quản trị hệ thống",
} as const;
export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as [Role, ...Role[]];
