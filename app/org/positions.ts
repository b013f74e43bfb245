import { isCell, POSITIONS, UNIT_KINDS, type Position } from "./vocabulary";

/** Positions of a cell's leadership: held at a cell. */
const CELL_POSITIONS: readonly Position[] = ["bi_thu_chi_bo", "pho_bi_thu_chi_bo", "chi_uy_vien"];
/** Positions of a cấp ủy cơ sở: held at a TCCS (đảng bộ cơ sở or chi bộ cơ sở). */
const TCCS_POSITIONS: readonly Position[] = ["bi_thu_cap_uy_co_so", "pho_bi_thu_cap_uy_co_so", "cap_uy_vien_co_so"];

export function isTccs(kind: string) {
  return kind === "dang_bo_co_so" || kind === "chi_bo_co_so";
}

/** Why `position` cannot be held at a unit of `kind`, or null when it can. */
export function positionPlacementError(position: Position, kind: string): string | null {
  const unitLabel = UNIT_KINDS[kind as keyof typeof UNIT_KINDS] ?? kind;
  if (CELL_POSITIONS.includes(position) && !isCell(kind)) {
    return `${POSITIONS[position]} phải giữ tại một chi bộ, không phải ${unitLabel.toLowerCase()}.`;
  }
  if (TCCS_POSITIONS.includes(position) && !isTccs(kind)) {
    return `${POSITIONS[position]} phải giữ tại đảng bộ cơ sở hoặc chi bộ cơ sở, không phải ${unitLabel.toLowerCase()}.`;
  }
  if (!isCell(kind) && !isTccs(kind)) return `Chức vụ chỉ giữ tại chi bộ hoặc tổ chức cơ sở đảng.`;
  return null;
}

/** Positions that can be held at a unit of `kind` (for the choices of a form). */
export function positionsAllowedAt(kind: string): Position[] {
  return (Object.keys(POSITIONS) as Position[]).filter((p) => positionPlacementError(p, kind) === null);
}
