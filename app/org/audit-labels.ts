import { z } from "zod";
import { POSITIONS, type Position } from "./vocabulary";
import { ROLES, type Role } from "~/auth/roles";

/** Vietnamese names of the audited actions (shown in "Nhật ký thay đổi"). */
const AUDIT_ACTIONS: Record<string, string> = {
  "unit.create": "Tạo đơn vị",
  "unit.rename": "Đổi tên đơn vị",
  "unit.move": "Chuyển đơn vị sang đơn vị cấp trên khác",
  "unit.close": "Giải thể đơn vị",
  "unit.reopen": "Mở lại đơn vị",
  "person.create": "Thêm đảng viên",
  "person.update": "Sửa thông tin đảng viên",
  "person.move": "Chuyển sinh hoạt đảng",
  "person.deactivate": "Thôi sinh hoạt",
  "person.reactivate": "Sinh hoạt trở lại",
  "position.add": "Thêm chức vụ",
  "position.end": "Kết thúc chức vụ",
  "account.create": "Tạo tài khoản",
  "account.reset_password": "Đặt lại mật khẩu",
  "account.disable": "Khóa tài khoản",
  "account.enable": "Mở khóa tài khoản",
  "role.grant": "Cấp quyền",
  "role.revoke": "Thu hồi quyền",
  "meeting.import": "Nhập sổ sinh hoạt cũ từ tệp",
  "annual_rating.set": "Ghi xếp loại hằng năm",
  "annual_rating.import": "Nhập xếp loại hằng năm từ tệp",
};

function auditActionLabel(action: string) {
  return AUDIT_ACTIONS[action] ?? action;
}

/** What a feature's audit log shows for one entry: the action's name and a one-line detail. */
export type AuditDescriber = (entry: { action: string; before: unknown; after: unknown }) => { label: string; detail: string };

export const describeOrgAudit: AuditDescriber = (entry) => ({ label: auditActionLabel(entry.action), detail: describeAudit(entry) });

const Snapshot = z
  .object({
    name: z.string(),
    parentName: z.string(),
    unitName: z.string(),
    position: z.string(),
    role: z.string(),
    username: z.string(),
    year: z.number(),
    ratingLabel: z.string().nullable(),
  })
  .partial()
  .catch({});

/** A one-line Vietnamese summary of what changed ("“A” → “B”", "sang Chi bộ X" …), or "". */
export function describeAudit(entry: { action: string; before: unknown; after: unknown }) {
  const before = Snapshot.parse(entry.before ?? {});
  const after = Snapshot.parse(entry.after ?? {});
  const position = (code?: string) => (code ? (POSITIONS[code as Position] ?? code) : "");
  const role = (code?: string) => (code ? (ROLES[code as Role] ?? code) : "");
  switch (entry.action) {
    case "unit.create":
      return after.name ? `“${after.name}”` : "";
    case "unit.rename":
      return `“${before.name ?? ""}” → “${after.name ?? ""}”`;
    case "unit.move":
      return after.parentName ? `sang ${after.parentName}` : "";
    case "person.move":
      return after.unitName ? `sang ${after.unitName}` : "";
    case "position.add":
      return [position(after.position), after.unitName].filter(Boolean).join(" · ");
    case "position.end":
      return position(before.position);
    case "role.grant":
      return [role(after.role), after.unitName].filter(Boolean).join(" · ");
    case "role.revoke":
      return [role(before.role), before.unitName].filter(Boolean).join(" · ");
    // The rating's name is stored with the entry (the meetings' vocabulary stays theirs).
    case "annual_rating.set":
    case "annual_rating.import":
      return `năm ${after.year ?? before.year ?? ""}: ${before.ratingLabel ?? "chưa xếp loại"} → ${after.ratingLabel ?? "chưa xếp loại"}`;
    case "account.create":
      return after.username ?? "";
    default:
      return "";
  }
}
