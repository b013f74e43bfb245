import { z } from "zod";
import type { AuditDescriber } from "~/org/audit-labels";
import { RATINGS, type Rating } from "./rules";

/** Vietnamese names of the meetings' audited actions (a visit's log). */
const MEETING_AUDIT_ACTIONS: Record<string, string> = {
  "visit.file": "Gửi báo cáo dự sinh hoạt",
  "visit.change": "Sửa báo cáo, điểm hoặc xếp loại sau khi đã gửi",
};

const VisitSnapshot = z.object({ total: z.string(), rating: z.string() }).partial().catch({});
const pointsFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
const points = (total?: string) => (total ? pointsFormat.format(Number(total)) : "");
const rating = (code?: string) => (code ? (RATINGS[code as Rating] ?? code) : "");

/** A visit's score and rating before and after ("72 điểm, Khá → 86 điểm, Tốt"). */
export const describeMeetingAudit: AuditDescriber = (entry) => {
  const before = VisitSnapshot.parse(entry.before ?? {});
  const after = VisitSnapshot.parse(entry.after ?? {});
  const from = before.total || before.rating ? `${points(before.total)} điểm, ${rating(before.rating)} →` : "";
  return {
    label: MEETING_AUDIT_ACTIONS[entry.action] ?? entry.action,
    detail: [from, `${points(after.total)} điểm, ${rating(after.rating)}`].filter(Boolean).join(" "),
  };
};
