import { POSITIONS } from "~/org/vocabulary";
import { chartRange, weeklySeries, type BurnUpData } from "./burn-up";
import type { ChildFigures, Figures, PersonRow } from "./figures.server";
import { STATUS_LABELS } from "./rules";
import { daysBetween, formatDay } from "~/utils/dates";

/** A table as exported (xlsx, CSV) and printed: Vietnamese headers, typed cells. */
export interface ReportTable {
  title: string;
  columns: { header: string; type: "text" | "int" | "percent" | "date"; width?: number }[];
  rows: (string | number | null)[][];
}

export function positionLabel(code: string) {
  return code in POSITIONS ? POSITIONS[code as keyof typeof POSITIONS] : code;
}

/** Progress in the modules for the "not yet trained" list. */
export function moduleProgress(row: Pick<PersonRow, "modulesRead" | "modulesPassed">) {
  if (!row.modulesRead && !row.modulesPassed) return "Chưa bắt đầu";
  return `${row.modulesPassed} bài học đạt, ${row.modulesRead} đã đọc`;
}

export function trainedHow(row: Pick<PersonRow, "onlineAt" | "inPersonAt">) {
  const how = [row.onlineAt && "Trực tuyến", row.inPersonAt && "Trực tiếp"].filter(Boolean);
  return how.join(", ");
}

export function childTable(input: { unitName: string; children: ChildFigures[]; total: Figures; targetPercent: number }): ReportTable {
  const row = (name: string, f: Figures) => [
    name,
    f.audience,
    f.trainedOnTime,
    f.percentOnTime,
    f.trainedLate,
    f.online,
    f.inPerson,
    input.targetPercent,
    STATUS_LABELS[f.status],
  ];
  return {
    title: `Kết quả tập huấn các đơn vị trực thuộc ${input.unitName}`,
    columns: [
      { header: "Đơn vị", type: "text", width: 48 },
      { header: "Số đối tượng", type: "int" },
      { header: "Đã tập huấn đúng hạn", type: "int" },
      { header: "Tỷ lệ (%)", type: "percent" },
      { header: "Tập huấn muộn", type: "int" },
      { header: "Trực tuyến", type: "int" },
      { header: "Trực tiếp", type: "int" },
      { header: "Chỉ tiêu (%)", type: "percent" },
      { header: "Trạng thái", type: "text", width: 18 },
    ],
    rows: [...input.children.map((c) => row(c.name, c)), row("Tổng cộng", input.total)],
  };
}

export function positionTable(input: {
  rows: { position: string; audience: number; trainedOnTime: number; percentOnTime: number | null; trained: number; online: number; inPerson: number }[];
}): ReportTable {
  return {
    title: "Kết quả theo chức vụ",
    columns: [
      { header: "Chức vụ", type: "text", width: 32 },
      { header: "Số đối tượng", type: "int" },
      { header: "Đã tập huấn đúng hạn", type: "int" },
      { header: "Tỷ lệ (%)", type: "percent" },
      { header: "Tập huấn muộn", type: "int" },
      { header: "Trực tuyến", type: "int" },
      { header: "Trực tiếp", type: "int" },
    ],
    rows: input.rows.map((r) => [positionLabel(r.position), r.audience, r.trainedOnTime, r.percentOnTime, r.trained - r.trainedOnTime, r.online, r.inPerson]),
  };
}

export function atRiskTable(input: { children: ChildFigures[]; today: string; deadline: string }): ReportTable {
  return {
    title: "Đơn vị có nguy cơ không đạt chỉ tiêu đúng hạn",
    columns: [
      { header: "Đơn vị", type: "text", width: 48 },
      { header: "Số đối tượng", type: "int" },
      { header: "Đã tập huấn", type: "int" },
      { header: "Tỷ lệ hiện tại (%)", type: "percent" },
      { header: "Tốc độ 4 tuần qua (người/tuần)", type: "int" },
      { header: "Dự báo đến hạn (%)", type: "percent" },
      { header: "Cần (người/tuần)", type: "int" },
      { header: "Số ngày còn lại", type: "int" },
    ],
    rows: input.children
      .filter((c) => c.projection.atRisk)
      .map((c) => [
        c.name,
        c.audience,
        c.trained,
        c.percent,
        Math.round(c.projection.ratePerWeek * 10) / 10,
        c.projection.projectedPercent,
        c.projection.neededPerWeek,
        daysBetween(input.today, input.deadline),
      ]),
  };
}

export function peopleTable(input: { title: string; rows: PersonRow[]; deadline: string }): ReportTable {
  return {
    title: input.title,
    columns: [
      { header: "STT", type: "int" },
      { header: "Họ và tên", type: "text", width: 28 },
      { header: "Mã đảng viên", type: "text", width: 14 },
      { header: "Chi bộ", type: "text", width: 40 },
      { header: "Chức vụ", type: "text", width: 40 },
      { header: "Ngày hoàn thành", type: "date" },
      { header: "Hình thức", type: "text", width: 20 },
      { header: "Tiến độ học tập", type: "text", width: 28 },
    ],
    rows: input.rows.map((r, i) => [
      i + 1,
      r.name,
      r.memberCode,
      r.cellName,
      r.positions.map(positionLabel).join(", "),
      r.firstAt,
      r.firstAt ? `${trainedHow(r)}${r.firstAt > input.deadline ? " (muộn)" : ""}` : "Chưa tập huấn",
      moduleProgress(r),
    ]),
  };
}

/** The burn-up chart's data: cumulative trained per week, against the target. */
export function progressTable(input: { data: BurnUpData; startsOn: string; deadlineOn: string; targetPercent: number }): ReportTable {
  const range = chartRange({ startsOn: input.startsOn, deadlineOn: input.deadlineOn, today: input.data.today, lastDay: input.data.points.at(-1)?.day });
  return {
    title: "Tiến độ tập huấn theo tuần",
    columns: [
      { header: "Đến ngày", type: "date" },
      { header: "Đã tập huấn (cộng dồn)", type: "int" },
      { header: "Tỷ lệ (%)", type: "percent" },
      { header: "Chỉ tiêu (%)", type: "percent" },
    ],
    rows: weeklySeries(input.data, range).map((r) => [r.day, r.trained, r.percent, input.targetPercent]),
  };
}

/** Cell text of a non-number for CSV and print: dates dd/mm/yyyy. */
export function cellText(value: string | number | null, type: ReportTable["columns"][number]["type"]) {
  if (value === null || value === "") return "";
  if (type === "date" && typeof value === "string") return formatDay(value);
  return String(value);
}
