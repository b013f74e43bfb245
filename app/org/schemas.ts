import { z } from "zod";
import { MAX_SERIAL_ID } from "~/utils/ids";
import { normalizePhone } from "~/utils/phone";
import { POSITION_CODES, UNIT_KIND_CODES } from "./vocabulary";
import { ROLE_CODES } from "~/auth/roles";

/** Form schemas of the admin pages (shared by the forms' constraints and the actions). */

const id = (label: string) =>
  z
    .number({ required_error: `Vui lòng chọn ${label}.`, invalid_type_error: `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ.` })
    .int()
    .positive()
    .max(MAX_SERIAL_ID, `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ.`);

const UnitName = z
  .string({ required_error: "Vui lòng nhập tên đơn vị." })
  .trim()
  .min(3, "Tên đơn vị phải có ít nhất 3 ký tự.")
  .max(200, "Tên đơn vị quá dài (tối đa 200 ký tự).");

export const CreateUnitSchema = z.object({
  intent: z.literal("create-unit"),
  name: UnitName,
  kind: z.enum(UNIT_KIND_CODES, {
    required_error: "Vui lòng chọn loại đơn vị.",
    invalid_type_error: "Loại đơn vị không hợp lệ.",
  }),
});
export const RenameUnitSchema = z.object({ intent: z.literal("rename-unit"), name: UnitName });
export const MoveUnitSchema = z.object({ intent: z.literal("move-unit"), parentId: id("đơn vị cấp trên mới") });
export const CloseUnitSchema = z.object({ intent: z.literal("close-unit") });
export const ReopenUnitSchema = z.object({ intent: z.literal("reopen-unit") });

const namePart = (label: string, required: boolean) => {
  const base = z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .trim()
    .max(50, `${label[0]!.toUpperCase()}${label.slice(1)} quá dài (tối đa 50 ký tự).`)
    .regex(/^[\p{L}' -]*$/u, `${label[0]!.toUpperCase()}${label.slice(1)} chỉ gồm chữ cái.`);
  return required ? base.min(1, `Vui lòng nhập ${label}.`) : base.optional().default("");
};

const thisYear = new Date().getFullYear();

/** The fields of a person record (add and edit). */
export const PersonFields = {
  memberCode: z
    .string({ required_error: "Vui lòng nhập mã đảng viên." })
    .trim()
    .toUpperCase()
    .min(3, "Mã đảng viên phải có ít nhất 3 ký tự.")
    .max(20, "Mã đảng viên tối đa 20 ký tự.")
    .regex(/^[A-Z0-9._-]+$/, "Mã đảng viên chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang."),
  familyName: namePart("họ", true),
  middleName: namePart("tên đệm", false),
  givenName: namePart("tên", true),
  gender: z.enum(["nam", "nu"], { invalid_type_error: "Giới tính không hợp lệ." }).optional(),
  birthYear: z
    .number({ invalid_type_error: "Năm sinh phải là một số." })
    .int("Năm sinh phải là số nguyên.")
    .min(1920, "Năm sinh không hợp lệ.")
    .max(thisYear - 18, `Đảng viên phải đủ 18 tuổi (năm sinh không sau ${thisYear - 18}).`)
    .optional(),
  phone: z
    .string()
    .trim()
    .transform(normalizePhone)
    .pipe(z.string().regex(/^0\d{9}$/, "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (có thể viết +84)."))
    .optional(),
  email: z.string().trim().toLowerCase().email("Địa chỉ email không hợp lệ.").max(200, "Email quá dài.").optional(),
};

export const AddPersonSchema = z.object({
  intent: z.literal("add-person"),
  ...PersonFields,
  position: z.enum(POSITION_CODES, { invalid_type_error: "Chức vụ không hợp lệ." }).optional(),
});
export const UpdatePersonSchema = z.object({ intent: z.literal("update-person"), ...PersonFields });
export const MovePersonSchema = z.object({ intent: z.literal("move-person"), cellId: id("chi bộ mới") });
export const DeactivatePersonSchema = z.object({ intent: z.literal("deactivate-person") });
export const ReactivatePersonSchema = z.object({ intent: z.literal("reactivate-person") });
export const AddPositionSchema = z.object({
  intent: z.literal("add-position"),
  position: z.enum(POSITION_CODES, { required_error: "Vui lòng chọn chức vụ.", invalid_type_error: "Chức vụ không hợp lệ." }),
  unitId: id("đơn vị giữ chức vụ"),
});
export const EndPositionSchema = z.object({ intent: z.literal("end-position"), positionId: id("chức vụ") });

export const UsernameSchema = z
  .string({ required_error: "Vui lòng nhập tên đăng nhập." })
  .trim()
  .toLowerCase()
  .min(3, "Tên đăng nhập phải có ít nhất 3 ký tự.")
  .max(32, "Tên đăng nhập tối đa 32 ký tự.")
  .regex(/^[a-z0-9._-]+$/, "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.");

export const GrantRoleSchema = z.object({
  intent: z.literal("grant-role"),
  role: z.enum(ROLE_CODES, { required_error: "Vui lòng chọn vai trò.", invalid_type_error: "Vai trò không hợp lệ." }),
  unitId: id("đơn vị"),
});
export const RevokeRoleSchema = z.object({ intent: z.literal("revoke-role"), grantId: id("quyền") });

/** The people search box (from the URL: never fails, long input is cut). */
export const SearchSchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.trim().slice(0, 100)),
});

// Bounded so that the offset stays a valid bigint.

/** "Nguyễn Văn" → "nguyen van": what the people search compares. */
export function foldVietnamese(value: string) {
  return value.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Browser-side shapes of the account forms (HTML constraints only): the server
 * validates with the full schemas in accounts.server.ts, which use the app's PasswordSchema.
 */
export const AccountFormShape = z.object({ intent: z.literal("create-account"), username: UsernameSchema, password: z.string().min(8) });
export const PasswordFormShape = z.object({ intent: z.literal("reset-password"), password: z.string().min(8) });
export const AccountToggleShape = z.object({ intent: z.enum(["disable-account", "enable-account"]) });
