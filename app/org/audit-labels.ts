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
};

export function auditActionLabel(action: string) {
  return AUDIT_ACTIONS[action] ?? action;
}
