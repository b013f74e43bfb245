import { z } from "zod";
import { ANNUAL_RATINGS, type AnnualRating } from "~/meetings/annual-ratings";
import { RATINGS, type Rating as MeetingRating } from "~/meetings/rules";
import { POSITIONS, ROLES, type Position, type Role } from "./vocabulary";

/** Vietnamese names of the audited actions (shown in "Nhật ký thay đổi"). */
export const AUDIT_ACTIONS: Record<string, string> = {
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
  "visit.file": "Gửi báo cáo dự sinh hoạt",
  "visit.change": "Sửa báo cáo, điểm hoặc xếp loại sau khi đã gửi",
  "annual_rating.set": "Ghi xếp loại hằng năm",
  "annual_rating.import": "Nhập xếp loại hằng năm từ tệp",
};

export function auditActionLabel(action: string) {
  return AUDIT_ACTIONS[action] ?? action;
}

const Snapshot = z
  .object({
    name: z.string(),
    parentName: z.string(),
    unitName: z.string(),
    position: z.string(),
    role: z.string(),
    username: z.string(),
    total: z.string(),
    rating: z.string().nullable(),
    year: z.number(),
  })
  .partial()
  .catch({});

const pointsFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
const points = (total?: string) => (total ? pointsFormat.format(Number(total)) : "");

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
    case "visit.file":
    case "visit.change":
      return [before.total || before.rating ? `${points(before.total)} điểm, ${RATINGS[before.rating as MeetingRating] ?? before.rating ?? ""} →` : "", `${points(after.total)} điểm, ${RATINGS[after.rating as MeetingRating] ?? after.rating ?? ""}`].filter(Boolean).join(" ");
    case "annual_rating.set":
    case "annual_rating.import": {
      const label = (rating?: string | null) => (rating ? (ANNUAL_RATINGS[rating as AnnualRating] ?? rating) : "chưa xếp loại");
      return `năm ${after.year ?? before.year ?? ""}: ${label(before.rating)} → ${label(after.rating)}`;
    }
    case "account.create":
      return after.username ?? "";
    default:
      return "";
  }
}
