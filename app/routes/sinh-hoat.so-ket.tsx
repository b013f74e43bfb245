import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Percent, TableWrap } from "~/completion/figure-parts";
import { reportHref } from "~/completion/links";
import { formatDay } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAttendeeReview } from "~/meetings/dashboard-review.server";
import { countCells, getUnitFigures, listChildren, requireMeetingReportContext } from "~/meetings/dashboard.server";
import { attendancePercent, parsePeriod, percentOf, periodLabel, periodParam, recentPeriods } from "~/meetings/targets";
import { formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";
import { DocumentFooter, DocumentHeader } from "~/components/party-document";
import { documentNumber, documentPlace, longDate, placeAndDate } from "~/utils/party-document";

/** At most this many units in the review's table (a đảng bộ cơ sở has tens of cells). */
const MAX_UNITS = 500;

/**
 * The quarterly review of a đảng bộ cơ sở (001 §III.2(3)): meetings held on schedule, thematic
 * meetings, attendance per unit below it, and how each assigned attendee carried out their visits;
 * one page that prints as the report.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireMeetingReportContext(request);
  const { unit, today } = ctx;
  // A quarter: the one asked for, else the quarter of the period asked for (default: last month's).
  const quarter = ctx.period.kind === "q" ? ctx.period : parsePeriod(periodParam({ kind: "q", start: ctx.period.start }))!;
  const cells = unit.isCell ? 1 : await countCells(unit);
  const [figures, children, attendees] = await Promise.all([
    getUnitFigures({ unit, kind: "q", starts: [quarter.start], cells }),
    unit.isCell ? Promise.resolve({ rows: [], total: 0 }) : listChildren({ unit, period: quarter, limit: MAX_UNITS, offset: 0 }),
    listAttendeeReview({ unit, period: quarter }),
  ]);
  const root = ctx.ancestors[0]?.name ?? unit.name;
  return {
    unit: { id: unit.id, name: unit.name },
    parent: ctx.ancestors.at(-2)?.name ?? null,
    place: documentPlace(root),
    today,
    quarter: { param: periodParam(quarter), label: periodLabel(quarter), ended: quarter.end < today },
    quarters: recentPeriods(today).q,
    total: figures.get(quarter.start)!,
    children,
    attendees,
  };
}

export default function QuarterlyReview() {
  const data = useLoaderData<typeof loader>();
  const { total } = data;
  return (
    <>
      <div className="no-print stack">
        <p className="row">
          <Link to={reportHref("/sinh-hoat/bao-cao", { "don-vi": data.unit.id, ky: data.quarter.param })}>‹ Về báo cáo sinh hoạt chi bộ</Link>
          <span className="muted small">Dùng lệnh In của trình duyệt (Ctrl+P) để in báo cáo (khổ A4).</span>
        </p>
        <Form method="get" className="row">
          <input type="hidden" name="don-vi" value={data.unit.id} />
          <label htmlFor="ky">Quý</label>
          <select id="ky" name="ky" defaultValue={data.quarter.param}>
            {data.quarters.map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button-small">
            Xem
          </button>
        </Form>
      </div>
      <article className="party-report">
        <DocumentHeader superior={data.parent} issuer={data.unit.name} number={documentNumber("BC")} placeDate={placeAndDate(data.today, data.place)} />
        <h1>BÁO CÁO</h1>
        <p className="report-sub">
          <strong>
            Đánh giá việc thực hiện chế độ sinh hoạt chi bộ và việc đi dự sinh hoạt chi bộ{" "}
            {data.quarter.label.charAt(0).toLowerCase() + data.quarter.label.slice(1)}
          </strong>
        </p>
        <p className="small">
          Theo Đề án 01-ĐA/ĐUK, mục III.2(3): “Hằng quý, trong nội dung đánh giá kết quả thực hiện nhiệm vụ công tác quý, đảng bộ cơ sở phải có riêng nội dung
          đánh giá và thông báo về việc thực hiện chế độ sinh hoạt chi bộ; việc chấp hành sự phân công, quy định đi dự sinh hoạt chi bộ của cấp ủy viên, cán bộ,
          chuyên viên.”
        </p>
        {!data.quarter.ended ? <p className="small">Quý chưa kết thúc: số liệu đến {longDate(data.today)}, tạm tính.</p> : null}
        <h2>1. Thực hiện chế độ sinh hoạt chi bộ</h2>
        <p>
          Toàn đơn vị có {formatNumber(total.cells)} chi bộ; đã tổ chức {formatNumber(total.held)} kỳ sinh hoạt, trong đó {formatNumber(total.onTime)} kỳ đúng
          lịch đã đăng ký, {formatNumber(total.thematic)} kỳ chuyên đề; {formatNumber(total.postponed)} kỳ báo hoãn. {formatNumber(total.regimeOk)} chi bộ thực
          hiện đúng chế độ (hằng tháng sinh hoạt thường kỳ, trong quý có ít nhất một kỳ chuyên đề). Tỷ lệ đảng viên dự sinh hoạt{" "}
          <Percent value={attendancePercent(total)} />; {formatNumber(total.unexcused)} lượt vắng không có lý do.
        </p>
        {data.children.rows.length ? (
          <TableWrap label="Bảng thực hiện chế độ sinh hoạt theo đơn vị">
            <table>
              <thead>
                <tr>
                  <th scope="col">Đơn vị</th>
                  <th scope="col" className="num">
                    Số chi bộ
                  </th>
                  <th scope="col" className="num">
                    Kỳ đã họp
                  </th>
                  <th scope="col" className="num">
                    Đúng lịch
                  </th>
                  <th scope="col" className="num">
                    Chuyên đề
                  </th>
                  <th scope="col" className="num">
                    Đúng chế độ
                  </th>
                  <th scope="col" className="num">
                    Dự họp
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.children.rows.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td className="num">{formatNumber(c.cells)}</td>
                    <td className="num">{formatNumber(c.held)}</td>
                    <td className="num">{formatNumber(c.onTime)}</td>
                    <td className="num">{formatNumber(c.thematic)}</td>
                    <td className="num">
                      {formatNumber(c.regimeOk)}/{formatNumber(c.cells)}
                    </td>
                    <td className="num">
                      <Percent value={attendancePercent(c)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
        <h2>2. Việc đi dự sinh hoạt chi bộ theo phân công</h2>
        {data.attendees.length === 0 ? (
          <p>Trong quý không có phân công đi dự sinh hoạt chi bộ nào ở các chi bộ trực thuộc.</p>
        ) : (
          <TableWrap label="Bảng việc đi dự sinh hoạt theo phân công">
            <table>
              <thead>
                <tr>
                  <th scope="col">Người được phân công</th>
                  <th scope="col" className="num">
                    Số chi bộ
                  </th>
                  <th scope="col" className="num">
                    Kỳ chi bộ đã họp
                  </th>
                  <th scope="col" className="num">
                    Đã dự
                  </th>
                  <th scope="col" className="num">
                    Đã gửi báo cáo
                  </th>
                  <th scope="col" className="num">
                    Tỷ lệ dự
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.attendees.map((a) => (
                  <tr key={a.personId}>
                    <th scope="row">
                      {a.name} <span className="small">({a.memberCode})</span>
                    </th>
                    <td className="num">{formatNumber(a.cells)}</td>
                    <td className="num">{formatNumber(a.meetingsHeld)}</td>
                    <td className="num">{formatNumber(a.visited)}</td>
                    <td className="num">{formatNumber(a.filed)}</td>
                    <td className="num">
                      <Percent value={percentOf(a.visited, a.meetingsHeld)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <DocumentFooter
          recipients={[data.parent ? `${data.parent} (để báo cáo),` : "Như trên,", "Các chi bộ trực thuộc (để thông báo),", "Lưu Văn phòng."]}
          capacity={"T/M BAN THƯỜNG VỤ"}
          title="BÍ THƯ"
          signer="……………………"
        />
        <p className="small no-print">Số liệu ngày {formatDay(data.today)}, trích xuất từ hệ thống Bí thư chi bộ giỏi.</p>
      </article>
    </>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Sơ kết quý sinh hoạt chi bộ", "Sơ kết quý của đảng bộ cơ sở: sinh hoạt đúng lịch, chuyên đề, tỷ lệ dự họp và việc dự sinh hoạt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
