import { Percent } from "~/completion/figure-parts";
import { formatDay } from "~/utils/dates";
import { formatNumber } from "~/utils/format";
import { RATINGS } from "./rules";
import { TARGETS, thresholdLabel, type TargetResult } from "./targets";

/** One target: its figure against the threshold, the seed's words and the citation as help text. */
export function TargetCard({ result, provisional }: { result: TargetResult; provisional: boolean }) {
  const t = TARGETS[result.key];
  const badge = result.met === null ? "" : result.met ? "badge-ok" : "badge-bad";
  const verdict = result.met === null ? "Chưa có số liệu" : result.met ? "Đạt" : provisional ? "Chưa đạt (tạm tính)" : "Chưa đạt";
  return (
    <div className="target-card" data-target={result.key}>
      <h3>{t.title}</h3>
      <p className="target-figure">
        <strong>{result.key === "unexcused" ? `${formatNumber(result.numerator)} lượt` : <Percent value={result.figure} />}</strong>
        {result.key === "unexcused" ? null : (
          <span className="muted small">
            {" "}
            ({formatNumber(result.numerator)}/{formatNumber(result.denominator)})
          </span>
        )}
        <span className="muted small"> · yêu cầu {thresholdLabel(result.threshold)}</span> <span className={`badge ${badge}`}>{verdict}</span>
      </p>
      <details>
        <summary>Căn cứ và cách tính</summary>
        <blockquote>
          “{t.quote}” <cite>({t.citation})</cite>
        </blockquote>
        <p className="small">{t.measure}</p>
        {result.threshold.interim ? <p className="small muted">Đề án chưa đặt mức cho năm này; lấy mức năm 2023 (trên 85%) làm mốc phấn đấu.</p> : null}
      </details>
    </div>
  );
}

/** A figure as a bar inside a table cell; the number stays in the text for screen readers. */
export function BarCell({ value }: { value: number | null }) {
  return (
    <td className="num">
      <span className="bar-cell" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.max(0, value ?? 0))}%` }} />
      </span>
      <Percent value={value} />
    </td>
  );
}

export function meetingStatusText(m: {
  status: string;
  heldOn: string | null;
  scheduledOn: string;
  postponeReason: string | null;
  postponedTo: string | null;
}) {
  if (m.status === "postponed") return `Báo hoãn${m.postponedTo ? ` đến ${formatDay(m.postponedTo)}` : ""}${m.postponeReason ? `: ${m.postponeReason}` : ""}`;
  if (m.heldOn && m.heldOn !== m.scheduledOn) return `Đã họp (hoãn từ ${formatDay(m.scheduledOn)})`;
  return "Đã họp đúng lịch";
}

export function ratingText(m: { rating: string | null; selfAssessed: boolean }) {
  if (!m.rating) return "Chưa đánh giá";
  const label = RATINGS[m.rating as keyof typeof RATINGS] ?? m.rating;
  return m.selfAssessed ? `${label} (chi bộ tự đánh giá)` : label;
}
