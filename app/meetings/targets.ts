/**
 * The Đề án's targets for cell meetings (seed 001_0af4f9b4e6b8a21f.txt, §II.1.2; domain.md §7), as
 * the dashboard measures them. Pure: figures in, judgements out. The quotes are the seed's words.
 */

export const SOURCE = "Đề án 01-ĐA/ĐUK";

export type TargetKey = "regime" | "attendance" | "unexcused" | "quality" | "annualCells" | "annualMembers";

export interface Target {
  key: TargetKey;
  title: string;
  /** The seed's wording, quoted in the help text. */
  quote: string;
  citation: string;
  /** How the platform measures it, in plain Vietnamese. */
  measure: string;
}

export const TARGETS: Record<TargetKey, Target> = {
  regime: {
    key: "regime",
    title: "Chi bộ thực hiện đúng chế độ sinh hoạt",
    quote: "Hằng năm, 100% chi bộ thực hiện đúng quy định về sinh hoạt định kỳ, sinh hoạt chuyên đề (ít nhất mỗi quý 01 lần).",
    citation: `${SOURCE}, §II.1.2(1)`,
    measure: "Chi bộ đạt khi trong kỳ tháng nào cũng có sinh hoạt thường kỳ và quý nào cũng có ít nhất một kỳ sinh hoạt chuyên đề.",
  },
  attendance: {
    key: "attendance",
    title: "Kỳ sinh hoạt có từ 95% đảng viên dự trở lên",
    quote:
      "Tỷ lệ đảng viên tại mỗi kỳ sinh hoạt chi bộ đạt từ 95% trở lên và không có đảng viên vắng mặt không có lý do hoặc vắng mặt quá 3 lần liên tiếp trong năm.",
    citation: `${SOURCE}, §II.1.2(2)`,
    measure: "Tỷ lệ kỳ sinh hoạt đã họp có từ 95% đảng viên có mặt và không ai vắng không lý do.",
  },
  unexcused: {
    key: "unexcused",
    title: "Lượt vắng mặt không có lý do",
    quote: "không có đảng viên vắng mặt không có lý do hoặc vắng mặt quá 3 lần liên tiếp trong năm.",
    citation: `${SOURCE}, §II.1.2(2)`,
    measure: "Số lượt đảng viên vắng không lý do trong kỳ; chỉ tiêu là không có lượt nào.",
  },
  quality: {
    key: "quality",
    title: "Chi bộ được đánh giá chất lượng sinh hoạt tốt",
    quote:
      "đến năm 2023 có trên 85% chi bộ được đánh giá chất lượng sinh hoạt chi bộ tốt; đến năm 2025 có trên 95% chi bộ được đánh giá chất lượng sinh hoạt chi bộ tốt.",
    citation: `${SOURCE}, §II.1.2(3)`,
    measure:
      "Chi bộ được tính là tốt khi quá nửa số kỳ sinh hoạt được đánh giá trong kỳ xếp loại tốt (theo điểm của người dự đã nộp; kỳ không có người dự thì theo chi bộ tự đánh giá, thống kê riêng).",
  },
  annualCells: {
    key: "annualCells",
    title: "Chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên",
    quote: "Hằng năm, số chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên 95%",
    citation: `${SOURCE}, §II.1.2(5)`,
    measure: "Theo kết quả xếp loại hằng năm đã ghi nhận, trên số chi bộ đã xếp loại.",
  },
  annualMembers: {
    key: "annualMembers",
    title: "Đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên",
    quote: "đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên đạt trên 90%.",
    citation: `${SOURCE}, §II.1.2(5)`,
    measure: "Theo kết quả xếp loại hằng năm đã ghi nhận, trên số đảng viên đã xếp loại.",
  },
};

/** How a figure is compared with its threshold: "≥ 95%", "> 85%", "= 100%", "= 0". */
export interface Threshold {
  op: "gte" | "gt" | "eq";
  value: number;
  unit: "percent" | "count";
}

/**
 * The threshold of a target in a year. Quality: "trên 85%" by 2023, "trên 95%" by 2025; the
 * Đề án sets nothing before 2023 (001 §II.1.2(3)), so earlier years carry the 2023 threshold as the
 * way there and say so (`interim`).
 */
export function thresholdOf(key: TargetKey, year: number): Threshold & { interim: boolean } {
  switch (key) {
    case "regime":
      return { op: "eq", value: 100, unit: "percent", interim: false };
    case "attendance":
      return { op: "eq", value: 100, unit: "percent", interim: false };
    case "unexcused":
      return { op: "eq", value: 0, unit: "count", interim: false };
    case "quality":
      return year >= 2025 ? { op: "gt", value: 95, unit: "percent", interim: false } : { op: "gt", value: 85, unit: "percent", interim: year < 2023 };
    case "annualCells":
      return { op: "gt", value: 95, unit: "percent", interim: false };
    case "annualMembers":
      return { op: "gt", value: 90, unit: "percent", interim: false };
  }
}

export function thresholdLabel(t: Threshold) {
  const sign = t.op === "gte" ? "≥ " : t.op === "gt" ? "> " : "";
  return t.unit === "percent" ? `${sign}${t.value}%` : `${sign}${t.value}`;
}

/** Whether a figure meets its threshold; null when there is nothing to judge (no denominator). */
export function meets(figure: number | null, t: Threshold) {
  if (figure === null) return null;
  if (t.op === "gte") return figure >= t.value;
  if (t.op === "gt") return figure > t.value;
  return figure === t.value;
}

/** Percent (0–100) of `part` in `whole`, or null when the whole is 0. */
export function percentOf(part: number, whole: number) {
  return whole > 0 ? (part * 100) / whole : null;
}

/** The summed counts of a unit for a period, as the roll-up stores them. */
export interface PeriodFigures {
  cells: number;
  expected: number;
  held: number;
  onTime: number;
  postponed: number;
  regular: number;
  thematic: number;
  present: number;
  excused: number;
  unexcused: number;
  attendanceOk: number;
  ratedTot: number;
  ratedKha: number;
  ratedTrungBinh: number;
  ratedKem: number;
  selfAssessed: number;
  regimeOk: number;
  qualityTot: number;
  cellRated: number;
  cellGood: number;
  membersRated: number;
  membersGood: number;
  /** Cells with a row that miss a target in the period (the "chi bộ chưa đạt" list without the cells with nothing recorded). */
  atRisk: number;
}

export const EMPTY_FIGURES: PeriodFigures = {
  cells: 0,
  expected: 0,
  held: 0,
  onTime: 0,
  postponed: 0,
  regular: 0,
  thematic: 0,
  present: 0,
  excused: 0,
  unexcused: 0,
  attendanceOk: 0,
  ratedTot: 0,
  ratedKha: 0,
  ratedTrungBinh: 0,
  ratedKem: 0,
  selfAssessed: 0,
  regimeOk: 0,
  qualityTot: 0,
  cellRated: 0,
  cellGood: 0,
  membersRated: 0,
  membersGood: 0,
  atRisk: 0,
};

export function addFigures(a: PeriodFigures, b: PeriodFigures): PeriodFigures {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof PeriodFigures)[]) out[key] = a[key] + b[key];
  return out;
}

export interface TargetResult {
  key: TargetKey;
  /** The figure: a percent, or a count for `unexcused`. */
  figure: number | null;
  numerator: number;
  denominator: number;
  threshold: Threshold & { interim: boolean };
  met: boolean | null;
}

/**
 * Each target's figure for a unit and period. `cells` is the number of open cells in the unit's
 * subtree: a cell with no meeting at all in the period fails the regime and quality targets.
 */
export function evaluateTargets(f: PeriodFigures, input: { cells: number; year: number }): TargetResult[] {
  const rows: [TargetKey, number, number][] = [
    ["regime", f.regimeOk, input.cells],
    ["attendance", f.attendanceOk, f.held],
    ["unexcused", f.unexcused, 0],
    ["quality", f.qualityTot, input.cells],
    ["annualCells", f.cellGood, f.cellRated],
    ["annualMembers", f.membersGood, f.membersRated],
  ];
  return rows.map(([key, numerator, denominator]) => {
    const threshold = thresholdOf(key, input.year);
    const figure = key === "unexcused" ? numerator : percentOf(numerator, denominator);
    return { key, figure, numerator, denominator, threshold, met: meets(figure, threshold) };
  });
}

/** Share of members present over all held meetings (0–100), or null. */
export function attendancePercent(f: Pick<PeriodFigures, "present" | "excused" | "unexcused">) {
  return percentOf(f.present, f.present + f.excused + f.unexcused);
}

export type PeriodKind = "m" | "q" | "y";
export const PERIOD_KINDS: Record<PeriodKind, string> = { m: "Tháng", q: "Quý", y: "Năm" };

export interface Period {
  kind: PeriodKind;
  /** First day, "YYYY-MM-DD". */
  start: string;
  /** Last day. */
  end: string;
  year: number;
}

function lastDay(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A period from its parameter: "2025-03" (month), "2025-Q1" (quarter), "2025" (year); null when
 * the text is none of these.
 */
export function parsePeriod(text: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
    return { kind: "m", start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(lastDay(year, month))}`, year };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    if (year < 2000 || year > 2100) return null;
    const first = (q - 1) * 3 + 1;
    return { kind: "q", start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${pad(lastDay(year, first + 2))}`, year };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    if (year < 2000 || year > 2100) return null;
    return { kind: "y", start: `${year}-01-01`, end: `${year}-12-31`, year };
  }
  return null;
}

/** The parameter text of a period (the inverse of `parsePeriod`). */
export function periodParam(p: Pick<Period, "kind" | "start">) {
  const year = p.start.slice(0, 4);
  const month = Number(p.start.slice(5, 7));
  if (p.kind === "m") return p.start.slice(0, 7);
  if (p.kind === "q") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return year;
}

/** "Tháng 03/2025", "Quý I/2025", "Năm 2025". */
export function periodLabel(p: Pick<Period, "kind" | "start">) {
  const year = p.start.slice(0, 4);
  const month = Number(p.start.slice(5, 7));
  if (p.kind === "m") return `Tháng ${pad(month)}/${year}`;
  if (p.kind === "q") return `Quý ${["I", "II", "III", "IV"][Math.floor((month - 1) / 3)]}/${year}`;
  return `Năm ${year}`;
}

/** Whether the period has ended by `today` (an unfinished period's figures are provisional). */
export function periodEnded(p: Pick<Period, "end">, today: string) {
  return p.end < today;
}

/**
 * The sub-periods the trend shows for a period: the months of a month's year up to the month, the
 * quarters of a quarter's year up to it, the last five years up to a year.
 */
export function trendPeriods(p: Period): Pick<Period, "kind" | "start">[] {
  const month = Number(p.start.slice(5, 7));
  if (p.kind === "m") return Array.from({ length: month }, (_, i) => ({ kind: "m" as const, start: `${p.year}-${pad(i + 1)}-01` }));
  if (p.kind === "q")
    return Array.from({ length: Math.floor((month - 1) / 3) + 1 }, (_, i) => ({ kind: "q" as const, start: `${p.year}-${pad(i * 3 + 1)}-01` }));
  return Array.from({ length: 5 }, (_, i) => ({ kind: "y" as const, start: `${p.year - 4 + i}-01-01` }));
}

/** The default period: the last month that has ended before `today`. */
export function defaultPeriod(today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const prev = month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`;
  return parsePeriod(prev)!;
}

/** The periods the picker offers up to `today`: the last 24 months, 8 quarters and 5 years, newest first. */
export function recentPeriods(today: string) {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let i = 0; i < 24; i++) {
    const m = month - i;
    const y = year + Math.floor((m - 1) / 12);
    months.push(`${y}-${pad(((((m - 1) % 12) + 12) % 12) + 1)}`);
  }
  const quarter = Math.floor((month - 1) / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < 8; i++) {
    const q = quarter - i;
    const y = year + Math.floor((q - 1) / 4);
    quarters.push(`${y}-Q${((((q - 1) % 4) + 4) % 4) + 1}`);
  }
  const years = Array.from({ length: 5 }, (_, i) => String(year - i));
  const option = (param: string) => ({ value: param, label: periodLabel(parsePeriod(param)!) });
  return { m: months.map(option), q: quarters.map(option), y: years.map(option) };
}
