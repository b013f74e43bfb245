import { z } from "zod";
import type { ReportContext } from "./dashboard.server";
import { getBurnUp, getPositionFigures, getUnitFigures, listPeople, type ChildFigures } from "./figures.server";
import { formatDay, localDate, STATUS_LABELS } from "./rules";
import { atRiskTable, childTable, peopleTable, positionTable, progressTable, type ReportTable } from "./tables";

export const TABLE_NAMES = ["don-vi", "chuc-vu", "nguy-co", "chua-tap-huan", "danh-sach", "tien-do"] as const;
export const ExportQuerySchema = z.object({
  bang: z.enum(TABLE_NAMES, { errorMap: () => ({ message: "Bảng không hợp lệ." }) }),
  "dinh-dang": z.enum(["xlsx", "csv"], { errorMap: () => ({ message: "Định dạng không hợp lệ." }) }),
});

type Ready = ReportContext & { campaign: NonNullable<ReportContext["campaign"]> };

const SORTS: Record<string, (a: ChildFigures, b: ChildFigures) => number> = {
  ten: (a, b) => a.name.localeCompare(b.name, "vi"),
  "doi-tuong": (a, b) => a.audience - b.audience,
  "da-tap-huan": (a, b) => a.trainedOnTime - b.trainedOnTime,
  "ty-le": (a, b) => (a.percentOnTime ?? 101) - (b.percentOnTime ?? 101),
  muon: (a, b) => a.trainedLate - b.trainedLate,
  "trang-thai": (a, b) => STATUS_LABELS[a.status].localeCompare(STATUS_LABELS[b.status], "vi"),
};

/** Children sorted as the table header asked (ties by name). */
export function sortChildren(children: ChildFigures[], sort = "ten", direction = "tang") {
  const compare = SORTS[sort] ?? SORTS.ten!;
  const sign = direction === "giam" ? -1 : 1;
  return [...children].sort((a, b) => sign * compare(a, b) || a.name.localeCompare(b.name, "vi"));
}

/** One of the dashboard's tables, whole (exports and print carry every row). */
export async function buildTable(ctx: Ready, name: (typeof TABLE_NAMES)[number]): Promise<ReportTable> {
  const { campaign, unit, query } = ctx;
  if (name === "don-vi" || name === "nguy-co") {
    const figures = await getUnitFigures({ campaign, unit });
    const children = sortChildren(figures.children, query["sap-xep"], query.chieu);
    return name === "don-vi"
      ? childTable({ unitName: unit.name, children, total: figures.total, targetPercent: campaign.targetPercent })
      : atRiskTable({ children, today: figures.today, deadline: campaign.deadlineOn });
  }
  if (name === "chuc-vu") return positionTable({ rows: await getPositionFigures({ campaign, unit }) });
  if (name === "tien-do") return progressTable({ data: await getBurnUp({ campaign, unit }), startsOn: campaign.startsOn, deadlineOn: campaign.deadlineOn, targetPercent: campaign.targetPercent });
  const untrainedOnly = name === "chua-tap-huan";
  const { rows } = await listPeople({ campaign, unit, position: query["chuc-vu"], untrainedOnly });
  return peopleTable({ title: untrainedOnly ? `Danh sách chưa tập huấn — ${unit.name}` : `Danh sách đối tượng — ${unit.name}`, rows, deadline: campaign.deadlineOn });
}

export function subtitleOf(ctx: Ready) {
  const c = ctx.campaign;
  return [
    `Chiến dịch: ${c.name}`,
    `Căn cứ: ${c.legalBasis}`,
    `Đơn vị: ${ctx.unit.name} · Chỉ tiêu ${c.targetPercent}% đến hết ngày ${formatDay(c.deadlineOn)} · Số liệu ngày ${formatDay(localDate(new Date()))}`,
  ];
}

export function fileNameOf(ctx: Ready, name: string, extension: string) {
  return `bao-cao-${name}-cd${ctx.campaign.id}-dv${ctx.unit.id}-${localDate(new Date())}.${extension}`;
}
