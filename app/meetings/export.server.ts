import { z } from "zod";
import type { ReportTable } from "~/completion/tables";
import { formatDay } from "~/utils/dates";
import { UNIT_KINDS } from "~/org/vocabulary";
import {
  countCells,
  getUnitFigures,
  listCellMeetings,
  listCellsAtRisk,
  listChildren,
  listMembersAtRisk,
  type ChildRow,
  type MeetingReportContext,
} from "./dashboard.server";
import { meetingStatusText, ratingText } from "./dashboard-parts";
import { MEETING_KINDS } from "./rules";
import { attendancePercent, evaluateTargets, percentOf, periodLabel, PERIOD_KINDS, TARGETS, thresholdLabel, trendPeriods, type PeriodFigures } from "./targets";

/** The tables of the meetings dashboard, whole, as exported (xlsx, CSV) and printed. */
export const MEETING_TABLES = ["chi-tieu", "don-vi", "xu-huong", "chi-bo-chua-dat", "dang-vien-vang", "ky-hop"] as const;
export type MeetingTableName = (typeof MEETING_TABLES)[number];

export const MeetingExportQuerySchema = z.object({
  bang: z.enum(MEETING_TABLES, { errorMap: () => ({ message: "Bảng không hợp lệ." }) }),
  "dinh-dang": z.enum(["xlsx", "csv"], { errorMap: () => ({ message: "Định dạng không hợp lệ." }) }),
});

/** Exports stop here: a whole national list is a job for the database, not a spreadsheet. */
const MAX_ROWS = 100_000;

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function targetsTable(input: { figures: PeriodFigures; year: number; title: string }): ReportTable {
  return {
    title: input.title,
    columns: [
      { header: "Chỉ tiêu", type: "text", width: 48 },
      { header: "Căn cứ", type: "text", width: 26 },
      { header: "Kết quả", type: "percent" },
      { header: "Đạt / trên tổng", type: "text", width: 16 },
      { header: "Yêu cầu", type: "text", width: 12 },
      { header: "Đánh giá", type: "text", width: 14 },
    ],
    rows: evaluateTargets(input.figures, { cells: input.figures.cells, year: input.year }).map((r) => [
      TARGETS[r.key].title,
      TARGETS[r.key].citation,
      r.key === "unexcused" ? r.figure : round1(r.figure),
      r.key === "unexcused" ? `${r.numerator} lượt` : `${r.numerator}/${r.denominator}`,
      thresholdLabel(r.threshold),
      r.met === null ? "Chưa có số liệu" : r.met ? "Đạt" : "Chưa đạt",
    ]),
  };
}

function figureCells(f: PeriodFigures) {
  return [
    f.cells,
    f.held,
    f.onTime,
    f.postponed,
    f.thematic,
    round1(percentOf(f.regimeOk, f.cells)),
    round1(attendancePercent(f)),
    round1(percentOf(f.attendanceOk, f.held)),
    f.unexcused,
    round1(percentOf(f.qualityTot, f.cells)),
    f.selfAssessed,
  ];
}

const FIGURE_COLUMNS: ReportTable["columns"] = [
  { header: "Số chi bộ", type: "int" },
  { header: "Kỳ đã họp", type: "int" },
  { header: "Đúng lịch", type: "int" },
  { header: "Báo hoãn", type: "int" },
  { header: "Chuyên đề", type: "int" },
  { header: "Đúng chế độ (%)", type: "percent" },
  { header: "Dự họp (%)", type: "percent" },
  { header: "Kỳ đạt ≥ 95% (%)", type: "percent" },
  { header: "Vắng không lý do", type: "int" },
  { header: "Chi bộ tốt (%)", type: "percent" },
  { header: "Kỳ tự đánh giá", type: "int" },
];

export function childrenTable(input: { unitName: string; label: string; children: ChildRow[]; total: PeriodFigures }): ReportTable {
  return {
    title: `Sinh hoạt chi bộ các đơn vị trực thuộc ${input.unitName} — ${input.label}`,
    columns: [{ header: "Đơn vị", type: "text", width: 48 }, { header: "Loại", type: "text", width: 16 }, ...FIGURE_COLUMNS],
    rows: [
      ...input.children.map((c) => [c.name, UNIT_KINDS[c.kind as keyof typeof UNIT_KINDS] ?? c.kind, ...figureCells(c)]),
      ["Tổng cộng", "", ...figureCells(input.total)],
    ],
  };
}

export function trendTable(input: { unitName: string; rows: { label: string; figures: PeriodFigures }[] }): ReportTable {
  return {
    title: `Diễn biến các chỉ tiêu — ${input.unitName}`,
    columns: [{ header: "Kỳ", type: "text", width: 16 }, ...FIGURE_COLUMNS],
    rows: input.rows.map((r) => [r.label, ...figureCells(r.figures)]),
  };
}

/** One of the dashboard's tables for the context's unit and period, every row. */
export async function buildMeetingTable(ctx: MeetingReportContext, name: MeetingTableName): Promise<ReportTable> {
  const { unit, period, query } = ctx;
  const label = periodLabel(period);
  const cells = unit.isCell ? 1 : undefined;
  const totals = async (starts: string[]) => {
    return getUnitFigures({ unit, kind: period.kind, starts, cells: cells ?? (await countCells(unit)) });
  };
  if (name === "chi-tieu") {
    const figures = (await totals([period.start])).get(period.start)!;
    return targetsTable({ figures, year: period.year, title: `Kết quả thực hiện các chỉ tiêu — ${unit.name} — ${label}` });
  }
  if (name === "don-vi") {
    const [figures, children] = await Promise.all([
      totals([period.start]),
      listChildren({ unit, period, sort: query["sap-xep"], direction: query.chieu, limit: MAX_ROWS, offset: 0 }),
    ]);
    return childrenTable({ unitName: unit.name, label, children: children.rows, total: figures.get(period.start)! });
  }
  if (name === "xu-huong") {
    const trend = trendPeriods(period);
    const figures = await totals(trend.map((t) => t.start));
    return trendTable({ unitName: unit.name, rows: trend.map((t) => ({ label: periodLabel(t), figures: figures.get(t.start)! })) });
  }
  if (name === "chi-bo-chua-dat") {
    const { rows } = await listCellsAtRisk({ unit, period, limit: MAX_ROWS, offset: 0 });
    return {
      title: `Chi bộ chưa đạt yêu cầu sinh hoạt — ${unit.name} — ${label}`,
      columns: [
        { header: "Chi bộ", type: "text", width: 40 },
        { header: "Trực thuộc", type: "text", width: 36 },
        { header: "Kỳ đã họp", type: "int" },
        { header: "Thường kỳ", type: "int" },
        { header: "Chuyên đề", type: "int" },
        { header: "Báo hoãn", type: "int" },
        { header: "Đúng chế độ", type: "text" },
        { header: "Kỳ dưới 95%", type: "int" },
        { header: "Vắng không lý do", type: "int" },
      ],
      rows: rows.map((r) => [
        r.name,
        r.parentName ?? "",
        r.held,
        r.regular,
        r.thematic,
        r.postponed,
        r.regimeOk ? "Đạt" : "Chưa đạt",
        r.held - r.attendanceOk,
        r.unexcused,
      ]),
    };
  }
  if (name === "dang-vien-vang") {
    const { rows } = await listMembersAtRisk({ unit, limit: MAX_ROWS, offset: 0 });
    return {
      title: `Đảng viên vắng nhiều kỳ liên tiếp — ${unit.name}`,
      columns: [
        { header: "Mã đảng viên", type: "text", width: 16 },
        { header: "Họ và tên", type: "text", width: 30 },
        { header: "Chi bộ", type: "text", width: 40 },
        { header: "Số kỳ vắng liên tiếp", type: "int" },
        { header: "Trong đó không lý do", type: "int" },
        { header: "Kỳ gần nhất", type: "date" },
      ],
      rows: rows.map((r) => [r.memberCode, r.name, r.cellName, r.absentRun, r.unexcusedRun, r.lastHeldOn]),
    };
  }
  const meetings = unit.isCell ? await listCellMeetings({ cellId: unit.id, period }) : [];
  return {
    title: `Các kỳ sinh hoạt — ${unit.name} — ${label}`,
    columns: [
      { header: "Ngày theo lịch", type: "date" },
      { header: "Ngày họp", type: "date" },
      { header: "Loại", type: "text", width: 14 },
      { header: "Chủ đề", type: "text", width: 30 },
      { header: "Tình trạng", type: "text", width: 30 },
      { header: "Có mặt", type: "int" },
      { header: "Vắng có lý do", type: "int" },
      { header: "Vắng không lý do", type: "int" },
      { header: "Xếp loại", type: "text", width: 22 },
    ],
    rows: meetings.map((m) => [
      m.scheduledOn,
      m.heldOn,
      MEETING_KINDS[m.kind as keyof typeof MEETING_KINDS] ?? m.kind,
      m.topic ?? "",
      meetingStatusText(m),
      m.present,
      m.excused,
      m.unexcused,
      ratingText(m),
    ]),
  };
}

export function meetingSubtitle(ctx: MeetingReportContext) {
  return [
    `Đơn vị: ${ctx.unit.name} · ${PERIOD_KINDS[ctx.period.kind]}: ${periodLabel(ctx.period)} · Số liệu ngày ${formatDay(ctx.today)}`,
    "Căn cứ: Đề án 01-ĐA/ĐUK “Nâng cao chất lượng sinh hoạt chi bộ trong Đảng bộ Khối các cơ quan tỉnh, nhiệm kỳ 2020 - 2025”, §II.1.2",
  ];
}

export function meetingFileName(ctx: MeetingReportContext, name: string, extension: string) {
  return `sinh-hoat-${name}-dv${ctx.unit.id}-${periodParamSafe(ctx)}-${ctx.today}.${extension}`;
}

function periodParamSafe(ctx: MeetingReportContext) {
  return ctx.period.start.slice(0, 7) + ctx.period.kind;
}
