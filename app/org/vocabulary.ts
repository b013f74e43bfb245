/** Codes used across the app and their Vietnamese labels (design.md). */

export const UNIT_KINDS = {
  dang_bo_khoi: "Đảng bộ Khối",
  dang_bo_co_so: "Đảng bộ cơ sở",
  chi_bo_co_so: "Chi bộ cơ sở",
  dang_bo_bo_phan: "Đảng bộ bộ phận",
  chi_bo: "Chi bộ",
} as const;
export type UnitKind = keyof typeof UNIT_KINDS;
export const UNIT_KIND_CODES = Object.keys(UNIT_KINDS) as [UnitKind, ...UnitKind[]];

/** Which kinds may sit under which (design.md "Organisation"). */
export const CHILD_KINDS: Record<UnitKind, UnitKind[]> = {
  dang_bo_khoi: ["dang_bo_co_so", "chi_bo_co_so"],
  dang_bo_co_so: ["dang_bo_bo_phan", "chi_bo"],
  dang_bo_bo_phan: ["chi_bo"],
  chi_bo_co_so: [],
  chi_bo: [],
};

/** Members belong to exactly one cell: a chi_bo or a chi_bo_co_so. */
export function isCell(kind: string) {
  return kind === "chi_bo" || kind === "chi_bo_co_so";
}

export const POSITIONS = {
  bi_thu_cap_uy_co_so: "Bí thư cấp ủy cơ sở",
  pho_bi_thu_cap_uy_co_so: "Phó Bí thư cấp ủy cơ sở",
  cap_uy_vien_co_so: "Cấp ủy viên cơ sở",
  bi_thu_chi_bo: "Bí thư chi bộ",
  pho_bi_thu_chi_bo: "Phó Bí thư chi bộ",
  chi_uy_vien: "Chi ủy viên",
  dang_vu: "Làm công tác đảng vụ",
  can_bo_chuyen_trach: "Cán bộ chuyên trách",
  dang_vien: "Đảng viên",
} as const;
export type Position = keyof typeof POSITIONS;
export const POSITION_CODES = Object.keys(POSITIONS) as [Position, ...Position[]];
