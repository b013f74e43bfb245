/**
 * Pure rules of the completion reports (docs/decisions/007-completion-figures.md):
 * percentages, status of a unit against a campaign, days left, pace projection.
 * Dates are calendar dates in Asia/Ho_Chi_Minh; a deadline is the end of that day there.
 */
import { formatNumber } from "../utils/format";
import { daysBetween } from "../utils/dates";

export const TRACKS = { A: "Chương trình A", B: "Chương trình B" } as const;
export type Track = keyof typeof TRACKS;
export const TRACK_CODES = Object.keys(TRACKS) as [Track, ...Track[]];

/** Position → track (001 §III.5(3)): A for the grassroots committee and office staff, B for cell leaders. */
export const DEFAULT_POSITION_TRACKS = {
  bi_thu_cap_uy_co_so: "A",
  pho_bi_thu_cap_uy_co_so: "A",
  cap_uy_vien_co_so: "A",
  can_bo_chuyen_trach: "A",
  bi_thu_chi_bo: "B",
  pho_bi_thu_chi_bo: "B",
  chi_uy_vien: "B",
  dang_vu: "B",
} as const satisfies Record<string, Track>;

export type UnitStatus = "dat" | "chua_dat" | "qua_han" | "khong_doi_tuong";
export const STATUS_LABELS: Record<UnitStatus, string> = {
  dat: "Đạt",
  chua_dat: "Chưa đạt",
  qua_han: "Quá hạn",
  khong_doi_tuong: "Không có đối tượng",
};
/** Statuses in the alphabetical order of their labels (the children table's "trạng thái" sort). */
export const STATUS_ORDER = (Object.keys(STATUS_LABELS) as UnitStatus[]).sort((a, b) => STATUS_LABELS[a].localeCompare(STATUS_LABELS[b], "vi"));

/**
 * Share trained, rounded down to one decimal so that 99.96% never reads "100%".
 * An empty audience has no percentage (null).
 */
export function percent(trained: number, audience: number) {
  if (audience <= 0) return null;
  return Math.floor((trained * 1000) / audience) / 10;
}

/** Whether `trained` out of `audience` reaches `targetPercent` (exact integer arithmetic). */
export function reachesTarget(trained: number, audience: number, targetPercent: number) {
  return trained * 100 >= targetPercent * audience;
}

/** People still needed to reach the target. */
export function shortfall(trained: number, audience: number, targetPercent: number) {
  return Math.max(0, Math.ceil((targetPercent * audience) / 100) - trained);
}

/**
 * Status of a unit: "đạt" when the people trained on or before the deadline reach the target;
 * otherwise "quá hạn" once the deadline has passed (even if the target was reached late —
 * the late count is shown beside it), else "chưa đạt".
 */
export function unitStatus(input: { audience: number; trainedOnTime: number; targetPercent: number; today: string; deadline: string }): UnitStatus {
  if (input.audience === 0) return "khong_doi_tuong";
  if (reachesTarget(input.trainedOnTime, input.audience, input.targetPercent)) return "dat";
  return daysBetween(input.today, input.deadline) < 0 ? "qua_han" : "chua_dat";
}

/**
 * Pace projection: at the rate of the last `windowDays` (people trained in that window),
 * how many will be trained by the deadline, and whether that misses the target.
 * Only meaningful while the campaign runs; after the deadline nothing is "at risk", it is late.
 */
export function projectAtDeadline(input: {
  audience: number;
  trained: number;
  trainedInWindow: number;
  windowDays: number;
  targetPercent: number;
  today: string;
  deadline: string;
}) {
  const daysLeft = Math.max(0, daysBetween(input.today, input.deadline) + 1); // today counts
  const ratePerDay = input.trainedInWindow / input.windowDays;
  const projected = Math.min(input.audience, Math.floor(input.trained + ratePerDay * daysLeft));
  const needed = shortfall(input.trained, input.audience, input.targetPercent);
  const running = daysBetween(input.today, input.deadline) >= 0;
  const atRisk = running && input.audience > 0 && needed > 0 && !reachesTarget(projected, input.audience, input.targetPercent);
  /** People per week needed from now on to reach the target in time. */
  const neededPerWeek = daysLeft > 0 ? Math.ceil((needed * 7) / daysLeft) : needed;
  return { projected, projectedPercent: percent(projected, input.audience), atRisk, ratePerWeek: ratePerDay * 7, neededPerWeek };
}

/** "còn 12 ngày" / "hạn chót hôm nay" / "quá hạn 3 ngày". */
export function daysLeftLabel(daysLeft: number) {
  if (daysLeft > 0) return `còn ${formatNumber(daysLeft)} ngày`;
  if (daysLeft === 0) return "hạn chót hôm nay";
  return `quá hạn ${formatNumber(-daysLeft)} ngày`;
}
