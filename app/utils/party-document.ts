/**
 * Parts of a party document (docs: /work/shared/domain.md §12, after Hướng dẫn 36-HD/VPTW): the
 * place-and-date line and the document number, shared by printed reports and certificates.
 */

/** The province where the bloc's documents are issued (Đảng bộ Khối các cơ quan tỉnh Quảng Bình). */
const DOCUMENT_PLACE = "Quảng Bình";

/** The place line of a unit's documents: the province in its top unit's name ("… tỉnh Quảng Bình" → "Quảng Bình"), else none. */
export function documentPlace(topUnitName: string) {
  return /tỉnh (.+)$/i.exec(topUnitName)?.[1] ?? "";
}

/** "ngày 05 tháng 02 năm 2022", "ngày 20 tháng 5 năm 2022": a leading zero for days below 10 and months 1–2 only. */
export function longDate(day: string) {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return `ngày ${String(d).padStart(2, "0")} tháng ${m <= 2 ? String(m).padStart(2, "0") : m} năm ${y}`;
}

/** "Quảng Bình, ngày 20 tháng 5 năm 2022" (a yyyy-mm-dd calendar day). */
export function placeAndDate(day: string, place = DOCUMENT_PLACE) {
  return `${place ? `${place}, ` : ""}${longDate(day)}`;
}

/** "Số …-BC/…": the register number and the issuer's abbreviation are written in by the office. */
export function documentNumber(kind: string) {
  return `Số …-${kind}/…`;
}
