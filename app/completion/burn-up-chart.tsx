import { formatPercent } from "~/utils/format";
import { TableWrap } from "./figure-parts";
import { chartRange, weeklySeries, type BurnUpData } from "./burn-up";
import { percent } from "./rules";
import { addDays, daysBetween, formatDay } from "~/utils/dates";

const W = 640;
const H = 300;
const PAD = { left: 64, right: 16, top: 16, bottom: 40 };

/** Burn-up of trained % against the target line and the deadline: SVG, with a data table. */
export function BurnUpChart(props: { data: BurnUpData; startsOn: string; deadlineOn: string; targetPercent: number; id: string }) {
  const { data } = props;
  const range = chartRange({ startsOn: props.startsOn, deadlineOn: props.deadlineOn, today: data.today, lastDay: data.points.at(-1)?.day });
  const span = Math.max(1, daysBetween(range.from, range.to));
  const x = (day: string) => PAD.left + (Math.min(span, Math.max(0, daysBetween(range.from, day))) / span) * (W - PAD.left - PAD.right);
  const y = (pct: number) => PAD.top + (1 - pct / 100) * (H - PAD.top - PAD.bottom);
  const pct = (n: number) => (data.audience ? (n * 100) / data.audience : 0);
  const end = [range.to, data.today].sort()[0]!;
  // A step line: flat until each day's new completions.
  let path = `M${x(range.from)},${y(0)}`;
  let previous = 0;
  for (const p of data.points) {
    if (p.day < range.from || p.day > end) continue;
    path += ` L${x(p.day)},${y(pct(previous))} L${x(p.day)},${y(pct(p.trained))}`;
    previous = p.trained;
  }
  if (end >= range.from) path += ` L${x(end)},${y(pct(previous))}`;
  const months: string[] = [];
  for (let d = `${range.from.slice(0, 7)}-01`; d <= range.to; d = `${addDays(d, 32).slice(0, 7)}-01`) if (d >= range.from) months.push(d);
  const rows = weeklySeries(data, range);
  const finalPercent = percent(previous, data.audience);
  return (
    <figure className="burn-up">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`}>
        <title id={`${props.id}-title`}>Biểu đồ tỷ lệ đã tập huấn theo thời gian</title>
        <desc id={`${props.id}-desc`}>
          {`Từ ${formatDay(range.from)} đến ${formatDay(end)}, tỷ lệ đã tập huấn đạt ${finalPercent === null ? "0" : formatPercent(finalPercent)}; chỉ tiêu ${props.targetPercent}% đến hết ngày ${formatDay(props.deadlineOn)}.`}
        </desc>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis">{`${v}%`}</text>
          </g>
        ))}
        {months.map((m) => (
          <text key={m} x={x(m)} y={H - PAD.bottom + 18} textAnchor="middle" className="axis">{`${Number(m.slice(5, 7))}/${m.slice(2, 4)}`}</text>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(props.targetPercent)} y2={y(props.targetPercent)} className="target" />
        <text
          x={PAD.left + 6}
          y={props.targetPercent > 85 ? y(props.targetPercent) + 22 : y(props.targetPercent) - 6}
          className="label"
        >{`Chỉ tiêu ${props.targetPercent}%`}</text>
        <line x1={x(props.deadlineOn)} x2={x(props.deadlineOn)} y1={PAD.top} y2={H - PAD.bottom} className="deadline" />
        <text x={x(props.deadlineOn) - 4} y={H - PAD.bottom - 8} textAnchor="end" className="label">{`Hạn ${formatDay(props.deadlineOn)}`}</text>
        <path d={path} className="trained" />
      </svg>
      <figcaption className="small muted">Đường đỏ: tỷ lệ đã tập huấn cộng dồn; nét đứt ngang: chỉ tiêu; nét đứt dọc: hạn hoàn thành.</figcaption>
      <details>
        <summary>Bảng số liệu của biểu đồ</summary>
        <TableWrap label="Bảng số liệu của biểu đồ">
          <table>
            <thead>
              <tr>
                <th scope="col">Đến ngày</th>
                <th scope="col" className="num">
                  Đã tập huấn (cộng dồn)
                </th>
                <th scope="col" className="num">
                  Tỷ lệ
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.day}>
                  <td>{formatDay(r.day)}</td>
                  <td className="num">{r.trained}</td>
                  <td className="num">{r.percent === null ? "—" : formatPercent(r.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
