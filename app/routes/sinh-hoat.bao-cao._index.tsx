import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { reportHref } from "~/completion/links";
import { formatDay } from "~/utils/dates";
import { ExportLinks as SharedExportLinks, Percent, SortableHead, TableWrap } from "~/completion/figure-parts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BarCell, meetingStatusText, ratingText, TargetCard } from "~/meetings/dashboard-parts";
import { getKeptMeetingDashboard } from "~/meetings/dashboard-cache.server";
import { requireMeetingReportContext } from "~/meetings/dashboard.server";
import { MEETING_KINDS, MAX_CONSECUTIVE_ABSENCES } from "~/meetings/rules";
import {
  attendancePercent,
  evaluateTargets,
  percentOf,
  periodEnded,
  periodLabel,
  periodParam,
  recentPeriods,
  TARGETS,
  type PeriodFigures,
} from "~/meetings/targets";
import { Pager } from "~/org/admin-ui";
import { UNIT_KINDS } from "~/org/vocabulary";
import { formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

// The units below are the page's way down the tree: a long page. The lists at risk are short
// (read on phones); the exports hold every row.
const CHILD_PAGE_SIZE = 50;
const AT_RISK_PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireMeetingReportContext(request);
  const { unit, period, query, today } = ctx;
  const dashboard = await getKeptMeetingDashboard({
    unit,
    period,
    children: { sort: query["sap-xep"], direction: query.chieu, limit: CHILD_PAGE_SIZE, offset: ((query["trang-don-vi"] ?? 1) - 1) * CHILD_PAGE_SIZE },
    atRisk: { limit: AT_RISK_PAGE_SIZE, offset: ((query.trang ?? 1) - 1) * AT_RISK_PAGE_SIZE },
  });
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, isCell: unit.isCell },
    ancestors: ctx.ancestors.map((a) => ({ id: a.id, name: a.name })),
    period: { ...period, param: periodParam(period), label: periodLabel(period), ended: periodEnded(period, today) },
    periods: recentPeriods(today),
    today,
    query,
    targets: evaluateTargets(dashboard.total, { cells: dashboard.total.cells, year: period.year }),
    total: dashboard.total,
    trend: dashboard.trend.map((t) => ({ label: periodLabel(t), param: periodParam(t), figures: tableFigures(t.figures) })),
    children: {
      rows: dashboard.children.rows.map((c) => ({ id: c.id, name: c.name, kind: c.kind, ...tableFigures(c) })),
      total: dashboard.children.total,
      page: query["trang-don-vi"] ?? 1,
    },
    cellsAtRisk: { ...dashboard.cellsAtRisk, page: query.trang ?? 1 },
    membersAtRisk: dashboard.membersAtRisk,
    meetings: dashboard.meetings,
  };
}

/** The figures the trend and the children's tables show (the page's data is serialized into it: only what it renders). */
function tableFigures(f: PeriodFigures) {
  return { cells: f.cells, held: f.held, regimeOk: f.regimeOk, attendanceOk: f.attendanceOk, unexcused: f.unexcused, qualityTot: f.qualityTot };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Query = Record<string, string | number | undefined | null>;
const PATH = "/sinh-hoat/bao-cao";

export default function MeetingsDashboard() {
  const data = useLoaderData<typeof loader>();
  const base: Query = { "don-vi": data.unit.id, ky: data.period.param };
  return (
    <section className="stack completion meetings-dashboard">
      <h1>Sinh hoạt chi bộ: kết quả so với chỉ tiêu Đề án</h1>
      <Form method="get" className="row campaign-picker">
        <input type="hidden" name="don-vi" value={data.unit.id} />
        <label htmlFor="ky">Kỳ báo cáo</label>
        <select id="ky" name="ky" defaultValue={data.period.param}>
          <optgroup label="Tháng">
            {data.periods.m.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Quý">
            {data.periods.q.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Năm">
            {data.periods.y.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </optgroup>
        </select>
        <button type="submit" className="button-small">
          Xem
        </button>
      </Form>
      <nav aria-label="Đơn vị" className="breadcrumbs">
        <ol>
          {data.ancestors.map((a) =>
            a.id === data.unit.id ? (
              <li key={a.id} aria-current="page">
                {a.name}
              </li>
            ) : (
              <li key={a.id}>
                <Link to={reportHref(PATH, base, { "don-vi": a.id })}>{a.name}</Link>
              </li>
            ),
          )}
        </ol>
      </nav>
      <section aria-labelledby="chi-tieu" className="card">
        <h2 id="chi-tieu">
          {data.unit.name} · {data.period.label}
        </h2>
        {!data.period.ended ? (
          <p className="small muted">Kỳ chưa kết thúc: số liệu tạm tính đến ngày {formatDay(data.today)}; các tháng chưa đến chưa được tính là đạt.</p>
        ) : null}
        <dl className="figures">
          <div>
            <dt>Số chi bộ</dt>
            <dd>{formatNumber(data.total.cells)}</dd>
          </div>
          <div>
            <dt>Kỳ sinh hoạt đã họp</dt>
            <dd>{formatNumber(data.total.held)}</dd>
          </div>
          <div>
            <dt>Họp đúng lịch</dt>
            <dd>{formatNumber(data.total.onTime)}</dd>
          </div>
          <div>
            <dt>Báo hoãn</dt>
            <dd>{formatNumber(data.total.postponed)}</dd>
          </div>
          <div>
            <dt>Sinh hoạt chuyên đề</dt>
            <dd>{formatNumber(data.total.thematic)}</dd>
          </div>
          <div>
            <dt>Tỷ lệ dự họp</dt>
            <dd>
              <Percent value={attendancePercent(data.total)} />
            </dd>
          </div>
          <div>
            <dt>Kỳ do chi bộ tự đánh giá</dt>
            <dd>{formatNumber(data.total.selfAssessed)}</dd>
          </div>
        </dl>
        <div className="target-grid">
          {data.targets.map((t) => (
            <TargetCard key={t.key} result={t} provisional={!data.period.ended} />
          ))}
        </div>
        <ExportLinks
          base={base}
          table="chi-tieu"
          extra={
            <>
              <Link to={reportHref(`${PATH}/in`, base)}>Bản in báo cáo</Link>
              {data.unit.isCell ? null : <Link to={reportHref("/sinh-hoat/so-ket", base)}>Sơ kết quý (chế độ sinh hoạt, việc đi dự)</Link>}
              <Link to={reportHref("/sinh-hoat/danh-gia-nam", { "don-vi": data.unit.id, nam: data.period.kind === "y" ? data.period.year : undefined })}>
                Xếp loại hằng năm (ghi, nhập từ tệp)
              </Link>
            </>
          }
        />
      </section>
      <Trend data={data} base={base} />
      {data.unit.isCell ? <Meetings data={data} base={base} /> : <Children data={data} base={base} />}
      <CellsAtRisk data={data} base={base} />
      <MembersAtRisk data={data} base={base} />
    </section>
  );
}

function ExportLinks({ base, table, extra }: { base: Query; table: string; extra?: React.ReactNode }) {
  return <SharedExportLinks path={`${PATH}/xuat`} query={base} table={table} extra={extra} />;
}

function Trend({ data, base }: { data: Data; base: Query }) {
  return (
    <section aria-labelledby="dien-bien">
      <h2 id="dien-bien">Diễn biến theo {data.period.kind === "m" ? "tháng" : data.period.kind === "q" ? "quý" : "năm"}</h2>
      <TableWrap label="Bảng diễn biến các chỉ tiêu">
        <table className="trend-table">
          <thead>
            <tr>
              <th scope="col">Kỳ</th>
              <th scope="col" className="num">
                Kỳ đã họp
              </th>
              <th scope="col" className="num">
                Chi bộ đúng chế độ
              </th>
              <th scope="col" className="num">
                Kỳ đạt ≥ 95% dự họp
              </th>
              <th scope="col" className="num">
                Vắng không lý do
              </th>
              <th scope="col" className="num">
                Chi bộ tốt
              </th>
            </tr>
          </thead>
          <tbody>
            {data.trend.map((t) => (
              <tr key={t.param} aria-current={t.param === data.period.param ? "true" : undefined}>
                <th scope="row">
                  <Link to={reportHref(PATH, base, { ky: t.param })}>{t.label}</Link>
                </th>
                <td className="num">{formatNumber(t.figures.held)}</td>
                <BarCell value={percentOf(t.figures.regimeOk, t.figures.cells)} />
                <BarCell value={percentOf(t.figures.attendanceOk, t.figures.held)} />
                <td className="num">{formatNumber(t.figures.unexcused)}</td>
                <BarCell value={percentOf(t.figures.qualityTot, t.figures.cells)} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <ExportLinks base={base} table="xu-huong" />
    </section>
  );
}

const COLUMNS = [
  { key: "ten", label: "Đơn vị", numeric: false },
  { key: "so-ky", label: "Kỳ đã họp", numeric: true },
  { key: "che-do", label: "Đúng chế độ", numeric: true },
  { key: "du-hop", label: "Kỳ đạt ≥ 95%", numeric: true },
  { key: "vang", label: "Vắng không lý do", numeric: true },
  { key: "chat-luong", label: "Chi bộ tốt", numeric: true },
] as const;

function Children({ data, base }: { data: Data; base: Query }) {
  const { children, query } = data;
  const sort = query["sap-xep"] ?? "ten";
  const direction = query.chieu ?? "tang";
  const sorted = { ...base, "sap-xep": query["sap-xep"], chieu: query.chieu };
  return (
    <section aria-labelledby="don-vi-truc-thuoc">
      <h2 id="don-vi-truc-thuoc">Các đơn vị trực thuộc</h2>
      {children.total > children.rows.length ? (
        <p className="small muted">
          Hiển thị {formatNumber((children.page - 1) * CHILD_PAGE_SIZE + 1)}–{formatNumber((children.page - 1) * CHILD_PAGE_SIZE + children.rows.length)} trong{" "}
          {formatNumber(children.total)} đơn vị.
        </p>
      ) : null}
      <TableWrap label="Bảng các đơn vị trực thuộc">
        <table className="sortable">
          <SortableHead columns={COLUMNS} sort={sort} direction={direction} href={(key, next) => reportHref(PATH, base, { "sap-xep": key, chieu: next })} />
          <tbody>
            {children.rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={reportHref(PATH, base, { "don-vi": c.id })}>{c.name}</Link>
                  <span className="small muted">
                    {" "}
                    · {UNIT_KINDS[c.kind as keyof typeof UNIT_KINDS] ?? c.kind} · {formatNumber(c.cells)} chi bộ
                  </span>
                </th>
                <td className="num">{formatNumber(c.held)}</td>
                <td className="num">
                  <Percent value={percentOf(c.regimeOk, c.cells)} />
                </td>
                <td className="num">
                  <Percent value={percentOf(c.attendanceOk, c.held)} />
                </td>
                <td className="num">{formatNumber(c.unexcused)}</td>
                <td className="num">
                  <Percent value={percentOf(c.qualityTot, c.cells)} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Tổng cộng</th>
              <td className="num">{formatNumber(data.total.held)}</td>
              <td className="num">
                <Percent value={percentOf(data.total.regimeOk, data.total.cells)} />
              </td>
              <td className="num">
                <Percent value={percentOf(data.total.attendanceOk, data.total.held)} />
              </td>
              <td className="num">{formatNumber(data.total.unexcused)}</td>
              <td className="num">
                <Percent value={percentOf(data.total.qualityTot, data.total.cells)} />
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <Pager
        page={children.page}
        pageSize={CHILD_PAGE_SIZE}
        total={children.total}
        makeHref={(p) => reportHref(PATH, sorted, { "trang-don-vi": p })}
        label="Trang các đơn vị trực thuộc"
        preventScrollReset
      />
      <ExportLinks base={sorted} table="don-vi" />
    </section>
  );
}

function Meetings({ data, base }: { data: Data; base: Query }) {
  return (
    <section aria-labelledby="ky-sinh-hoat">
      <h2 id="ky-sinh-hoat">Các kỳ sinh hoạt của chi bộ</h2>
      {data.meetings.length === 0 ? (
        <p>Chi bộ chưa ghi nhận kỳ sinh hoạt nào trong {data.period.label.toLowerCase()}.</p>
      ) : (
        <TableWrap label="Bảng các kỳ sinh hoạt">
          <table>
            <thead>
              <tr>
                <th scope="col">Ngày</th>
                <th scope="col">Loại</th>
                <th scope="col">Tình trạng</th>
                <th scope="col" className="num">
                  Có mặt
                </th>
                <th scope="col" className="num">
                  Vắng có lý do
                </th>
                <th scope="col" className="num">
                  Vắng không lý do
                </th>
                <th scope="col">Xếp loại</th>
              </tr>
            </thead>
            <tbody>
              {data.meetings.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{formatDay(m.heldOn ?? m.scheduledOn)}</th>
                  <td>
                    {MEETING_KINDS[m.kind as keyof typeof MEETING_KINDS] ?? m.kind}
                    {m.topic ? `: ${m.topic}` : ""}
                  </td>
                  <td>{meetingStatusText(m)}</td>
                  <td className="num">{formatNumber(m.present)}</td>
                  <td className="num">{formatNumber(m.excused)}</td>
                  <td className="num">{formatNumber(m.unexcused)}</td>
                  <td>{ratingText(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ExportLinks base={base} table="ky-hop" />
    </section>
  );
}

function CellsAtRisk({ data, base }: { data: Data; base: Query }) {
  const { cellsAtRisk } = data;
  return (
    <section aria-labelledby="chi-bo-chua-dat">
      <h2 id="chi-bo-chua-dat">Chi bộ chưa đạt yêu cầu ({formatNumber(cellsAtRisk.total)})</h2>
      <p className="small muted">{TARGETS.regime.measure} Cũng liệt kê chi bộ có kỳ họp dưới 95% đảng viên dự hoặc có đảng viên vắng không lý do.</p>
      {cellsAtRisk.rows.length === 0 ? (
        <p>Không có chi bộ nào chưa đạt trong kỳ.</p>
      ) : (
        <TableWrap label="Bảng chi bộ chưa đạt yêu cầu">
          <table>
            <thead>
              <tr>
                <th scope="col">Chi bộ</th>
                <th scope="col" className="num">
                  Thường kỳ
                </th>
                <th scope="col" className="num">
                  Chuyên đề
                </th>
                <th scope="col" className="num">
                  Báo hoãn
                </th>
                <th scope="col" className="num">
                  Kỳ dưới 95%
                </th>
                <th scope="col" className="num">
                  Vắng không lý do
                </th>
              </tr>
            </thead>
            <tbody>
              {cellsAtRisk.rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={reportHref(PATH, base, { "don-vi": c.id })}>{c.name}</Link>
                    {c.parentName ? <span className="small muted"> · {c.parentName}</span> : null}
                  </th>
                  <td className="num">{formatNumber(c.regular)}</td>
                  <td className="num">{formatNumber(c.thematic)}</td>
                  <td className="num">{formatNumber(c.postponed)}</td>
                  <td className="num">{formatNumber(c.held - c.attendanceOk)}</td>
                  <td className="num">{formatNumber(c.unexcused)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager
        page={cellsAtRisk.page}
        pageSize={AT_RISK_PAGE_SIZE}
        total={cellsAtRisk.total}
        makeHref={(p) => reportHref(PATH, base, { trang: p })}
        label="Trang chi bộ chưa đạt"
        preventScrollReset
      />
      <ExportLinks base={base} table="chi-bo-chua-dat" />
    </section>
  );
}

function MembersAtRisk({ data, base }: { data: Data; base: Query }) {
  const { membersAtRisk } = data;
  return (
    <section aria-labelledby="dang-vien-vang">
      <h2 id="dang-vien-vang">Đảng viên vắng nhiều kỳ liên tiếp ({formatNumber(membersAtRisk.total)})</h2>
      <p className="small muted">
        Danh sách cập nhật ngay khi chi bộ ghi biên bản. Đảng viên đã vắng {MAX_CONSECUTIVE_ABSENCES} kỳ liên tiếp: nếu vắng kỳ tới là quá 3 lần liên tiếp, trái
        chỉ tiêu “{TARGETS.attendance.quote}” ({TARGETS.attendance.citation}).
      </p>
      {membersAtRisk.rows.length === 0 ? (
        <p>Không có đảng viên nào vắng từ 2 kỳ liên tiếp trở lên.</p>
      ) : (
        <TableWrap label="Bảng đảng viên vắng nhiều kỳ liên tiếp">
          <table>
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                <th scope="col">Chi bộ</th>
                <th scope="col" className="num">
                  Số kỳ vắng liên tiếp
                </th>
                <th scope="col" className="num">
                  Trong đó không lý do
                </th>
                <th scope="col">Kỳ gần nhất</th>
              </tr>
            </thead>
            <tbody>
              {membersAtRisk.rows.map((m) => (
                <tr key={m.personId} className={m.absentRun >= MAX_CONSECUTIVE_ABSENCES ? "row-alert" : undefined}>
                  <th scope="row">
                    {m.name} <span className="small muted">({m.memberCode})</span>
                  </th>
                  <td>
                    <Link to={reportHref(PATH, base, { "don-vi": m.cellId })}>{m.cellName}</Link>
                  </td>
                  <td className="num">
                    {formatNumber(m.absentRun)}
                    {m.absentRun >= MAX_CONSECUTIVE_ABSENCES ? <span className="badge badge-bad">Cần xử lý trước kỳ tới</span> : null}
                  </td>
                  <td className="num">{formatNumber(m.unexcusedRun)}</td>
                  <td>{formatDay(m.lastHeldOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {membersAtRisk.total > membersAtRisk.rows.length ? (
        <p className="small muted">Trang chỉ hiện {formatNumber(membersAtRisk.rows.length)} người vắng nhiều nhất; bản xuất có đủ danh sách.</p>
      ) : null}
      <ExportLinks base={base} table="dang-vien-vang" />
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Báo cáo sinh hoạt chi bộ", "Các chỉ tiêu sinh hoạt chi bộ của Đề án theo đơn vị và kỳ: chế độ sinh hoạt, tỷ lệ dự họp, chất lượng.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
