import { parseId } from "~/utils/ids";

/**
 * The annual rating of a cell or a member (001 §II.1.2(5): "Hằng năm, số chi bộ xếp loại hoàn thành
 * tốt nhiệm vụ trở lên đạt trên 95%, đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên 90%").
 * Pure: the labels, and how a spreadsheet's cells are read (issue 20: what offices really type).
 */

export const ANNUAL_RATINGS = {
  xuat_sac: "Hoàn thành xuất sắc nhiệm vụ",
  tot: "Hoàn thành tốt nhiệm vụ",
  hoan_thanh: "Hoàn thành nhiệm vụ",
  khong_hoan_thanh: "Không hoàn thành nhiệm vụ",
} as const;
export type AnnualRating = keyof typeof ANNUAL_RATINGS;
export const ANNUAL_RATING_CODES = Object.keys(ANNUAL_RATINGS) as [AnnualRating, ...AnnualRating[]];

/** The short forms offices write in their lists. */
export const ANNUAL_RATING_SHORT: Record<AnnualRating, string> = { xuat_sac: "HTXSNV", tot: "HTTNV", hoan_thanh: "HTNV", khong_hoan_thanh: "KHTNV" };

/** What the target counts: "hoàn thành tốt nhiệm vụ trở lên". */
export function isGoodRating(rating: AnnualRating) {
  return rating === "xuat_sac" || rating === "tot";
}

/** Lower case, without tone marks or đ, punctuation as spaces, one space between words. */
function plain(text: string) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const PHRASES = new Map<string, AnnualRating>();
for (const [code, label] of Object.entries(ANNUAL_RATINGS) as [AnnualRating, string][]) {
  const short = ANNUAL_RATING_SHORT[code].toLowerCase();
  const phrase = plain(label);
  // With or without "nhiệm vụ" ("Hoàn thành tốt"), the short form with or without "NV", and the code itself.
  for (const form of [phrase, phrase.replace(/ nhiem vu$/, ""), short, short.replace(/nv$/, ""), plain(code)]) PHRASES.set(form, code);
}
// "Xuất sắc", "Tốt" alone, as a column headed "Xếp loại" is often filled in.
PHRASES.set("xuat sac", "xuat_sac");
PHRASES.set("tot", "tot");

/**
 * A rating from a spreadsheet cell: the full phrase or a short form (HTXSNV, HTTNV, HTNV, KHTNV),
 * in any case, with extra spaces, a final full stop or without tone marks. Null when it is none.
 */
export function parseAnnualRating(text: string): AnnualRating | null {
  return PHRASES.get(plain(text)) ?? null;
}

/** First year a rating may be recorded for; before it is a typing error. */
export const FIRST_RATING_YEAR = 2000;

/**
 * A year from a cell meant to hold one: 2024 typed as a number (read back as "2024" or "2024.0"),
 * as text with spaces, or "Năm 2024". Null when it is none or outside FIRST_RATING_YEAR…`lastYear`.
 */
export function parseRatingYear(text: string, lastYear: number): number | null {
  // plain() has turned "2024.0" into "2024 0" and "Năm 2024" into "nam 2024".
  const match = /^(?:nam )?(\d{4})(?: 0+)?$/.exec(plain(text));
  const year = match ? Number(match[1]) : NaN;
  return year >= FIRST_RATING_YEAR && year <= lastYear ? year : null;
}

/**
 * A member code as written: trimmed, upper case. A code of digits typed into a number cell
 * comes back as "12345" or "12345.0": the decimal part is dropped (lost leading zeros are
 * matched against the stored codes by the import).
 */
export function parseMemberCode(text: string) {
  const code = text.trim().replace(/\s+/g, "").toUpperCase();
  return /^\d+[.,]0+$/.test(code) ? code.replace(/[.,]0+$/, "") : code;
}

/** A cell code (the unit's id, as in the roster template's "Mã chi bộ" sheet): "5", " 5 ", "5.0". Null otherwise. */
export function parseCellCode(text: string): number | null {
  return parseId(text.trim().replace(/^(\d+)[.,]0+$/, "$1"));
}
