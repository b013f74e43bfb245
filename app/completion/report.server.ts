import { z } from "zod";
import type { ReportContext } from "./dashboard.server";
import { getBurnUp, getPositionFigures, getUnitFigures, listPeople, type ChildFigures, type ChildSort } from "./figures.server";
import { STATUS_ORDER } from "./rules";
import { formatDay, localDate } from "~/utils/dates";
import { atRiskTable, childTable, peopleTable, positionTable, progressTable, type ReportTable } from "./tables";

const TABLE_NAMES = ["don-vi", "chuc-vu", "nguy-co", "chua-tap-huan", "danh-sach", "tien-do"] as const;
export const ExportQuerySchema = z.object({
  bang: z.enum(TABLE_NAMES, { errorMap: () => ({ message: "Bảng không hợp lệ." }) }),
  "dinh-dang": z.enum(["xlsx", "csv"], { errorMap: () => ({ message: "Định dạng không hợp lệ." }) }),
});

type Ready = ReportContext & { campaign: NonNullable<ReportContext["campaign"]> };

const SORTS: Record<Exclude<ChildSort, "ten">, (a: ChildFigures, b: ChildFigures) => number> = {
  "doi-tuong": (a, b) => a.audience - b.audience,
  "da-tap-huan": (a, b) => a.trainedOnTime - b.trainedOnTime,
  "ty-le": (a, b) => (a.percentOnTime ?? 101) - (b.percentOnTime ?? 101),
  muon: (a, b) => a.trainedLate - b.trainedLate,
  "trang-thai": (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
};

/**
 * Children sorted as the table header asked, ties by name: the same order as the dashboard's
 * SQL (`childOrder`). `children` come in name order (`unit.sort_key`, then id), which stands for the name.
 */
export function sortChildren(children: ChildFigures[], sort: ChildSort = "ten", direction: "tang" | "giam" = "tang") {
  const byName = new Map(children.map((c, i) => [c.id, i]));
  const name = (a: ChildFigures, b: ChildFigures) => byName.get(a.id)! - byName.get(b.id)!;
  const compare = sort === "ten" ? name : SORTS[sort];
  const sign = direction === "giam" ? -1 : 1;
  return [...children].sort((a, b) => sign * compare(a, b) || name(a, b));
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
  if (name === "tien-do")
    return progressTable({
      data: await getBurnUp({ campaign, unit }),
      startsOn: campaign.startsOn,
      deadlineOn: campaign.deadlineOn,
      targetPercent: campaign.targetPercent,
    });
  const untrainedOnly = name === "chua-tap-huan";
  const { rows } = await listPeople({ campaign, unit, position: query["chuc-vu"], untrainedOnly });
  return peopleTable({
    title: untrainedOnly ? `Danh sách chưa tập huấn — ${unit.name}` : `Danh sách đối tượng — ${unit.name}`,
    rows,
    deadline: campaign.deadlineOn,
  });
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
