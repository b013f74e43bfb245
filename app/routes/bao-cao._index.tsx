import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { BurnUpChart } from "~/completion/burn-up-chart";
import { requireReportContext } from "~/completion/dashboard.server";
import { ExportLinks as SharedExportLinks, Percent, ProgressBar, SortableHead, StatusBadge, TableWrap } from "~/completion/figure-parts";
import { getDashboard, type ChildFigures, type PersonRow } from "~/completion/figures.server";
import { reportHref } from "~/completion/links";
import { daysLeftLabel, TRACKS } from "~/completion/rules";
import { daysBetween, formatDay } from "~/utils/dates";
import { moduleProgress, positionLabel, trainedHow } from "~/completion/tables";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/org/admin-ui";
import { UNIT_KINDS } from "~/org/vocabulary";
import { formatNumber } from "~/utils/format";
import { pageMeta } from "~/utils/meta";

const PAGE_SIZE = 50;
/** Children table rows per page, and at most this many units in the at-risk table (the export has all). */
const CHILD_PAGE_SIZE = 50;
const AT_RISK_SHOWN = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireReportContext(request);
  const canManage = can(ctx.user, "org.manage");
  const base = { unit: ctx.unit, ancestors: ctx.ancestors, campaigns: ctx.campaigns.map((c) => ({ id: c.id, name: c.name })), query: ctx.query, canManage };
  const { campaign, unit, query } = ctx;
  if (!campaign) return { ...base, report: null };
  const page = query.trang ?? 1;
  const { figures, positions, burnUp, untrained, cellPeople } = await getDashboard({
    campaign,
    unit,
    children: { sort: query["sap-xep"], direction: query.chieu, limit: CHILD_PAGE_SIZE, offset: ((query["trang-don-vi"] ?? 1) - 1) * CHILD_PAGE_SIZE },
    untrained: { position: query["chuc-vu"], untrainedOnly: true, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    withCellPeople: unit.isCell,
  });
  return {
    ...base,
    report: {
      campaign,
      today: figures.today,
      total: figures.total,
      children: {
        rows: figures.children.map(tableRow),
        offset: figures.childOffset,
        total: figures.childCount,
        page: figures.childOffset / CHILD_PAGE_SIZE + 1,
      },
      atRisk: { rows: figures.atRisk.slice(0, AT_RISK_SHOWN).map(atRiskRow), total: figures.atRisk.length },
      positions,
      burnUp,
      untrained: { ...untrained, page },
      cellPeople,
    },
  };
}

// Only what the tables show travels to the page (it is sent twice: HTML and hydration data).
function tableRow(c: ChildFigures) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    audience: c.audience,
    trainedOnTime: c.trainedOnTime,
    percentOnTime: c.percentOnTime,
    trainedLate: c.trainedLate,
    status: c.status,
  };
}

function atRiskRow(c: ChildFigures) {
  const { ratePerWeek, projectedPercent, neededPerWeek } = c.projection;
  return { id: c.id, name: c.name, audience: c.audience, trained: c.trained, percent: c.percent, projection: { ratePerWeek, projectedPercent, neededPerWeek } };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Report = NonNullable<LoaderData["report"]>;

export default function ReportPage() {
  const data = useLoaderData<typeof loader>();
  const { report, unit, query } = data;
  return (
    <section className="stack completion">
      <div className="spread">
        <h1>Báo cáo tiến độ tập huấn</h1>
        {data.canManage ? (
          <nav aria-label="Quản lý tập huấn" className="row">
            <Link to="/bao-cao/chien-dich" className="button button-secondary button-small">
              Chiến dịch
            </Link>
            <Link to="/bao-cao/lop" className="button button-secondary button-small">
              Lớp tập huấn
            </Link>
            <Link to="/bao-cao/nhap-danh-sach" className="button button-secondary button-small">
              Nhập danh sách
            </Link>
          </nav>
        ) : null}
      </div>
      {!report ? (
        <p>Chưa có chiến dịch tập huấn nào liên quan đến đơn vị của đồng chí.</p>
      ) : (
        <>
          <Form method="get" className="row campaign-picker">
            <label htmlFor="chien-dich">Chiến dịch</label>
            <select id="chien-dich" name="chien-dich" defaultValue={report.campaign.id}>
              {data.campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <input type="hidden" name="don-vi" value={unit.id} />
            <button type="submit" className="button-small">
              Xem
            </button>
          </Form>
          <Breadcrumbs data={data} />
          <Summary report={report} unitName={unit.name} />
          <ExportLinks
            query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }}
            table={unit.isCell ? "danh-sach" : "don-vi"}
            extra={<Link to={reportHref("/bao-cao/in", { "chien-dich": report.campaign.id, "don-vi": unit.id })}>Bản in báo cáo</Link>}
          />
          <section aria-labelledby="bieu-do">
            <h2 id="bieu-do">Tiến độ theo thời gian</h2>
            <BurnUpChart
              id="burn-up"
              data={report.burnUp}
              startsOn={report.campaign.startsOn}
              deadlineOn={report.campaign.deadlineOn}
              targetPercent={report.campaign.targetPercent}
            />
            <ExportLinks query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }} table="tien-do" />
          </section>
          {report.cellPeople ? (
            <CellPeople
              rows={report.cellPeople}
              deadline={report.campaign.deadlineOn}
              query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }}
            />
          ) : (
            <ChildrenTable data={data} report={report} />
          )}
          <AtRisk report={report} query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }} />
          <Positions report={report} query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }} />
          <Untrained report={report} query={{ ...query, "chien-dich": report.campaign.id, "don-vi": unit.id }} />
        </>
      )}
    </section>
  );
}

function Breadcrumbs({ data }: { data: LoaderData }) {
  const campaignId = data.report?.campaign.id;
  return (
    <nav aria-label="Đơn vị" className="breadcrumbs">
      <ol>
        {data.ancestors.map((a) =>
          a.id === data.unit.id ? (
            <li key={a.id} aria-current="page">
              {a.name}
            </li>
          ) : (
            <li key={a.id}>
              <Link to={reportHref("/bao-cao", { "chien-dich": campaignId, "don-vi": a.id })}>{a.name}</Link>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

function Summary({ report, unitName }: { report: Report; unitName: string }) {
  const { total, campaign } = report;
  const daysLeft = daysBetween(report.today, campaign.deadlineOn);
  const methods = [campaign.acceptOnline && "hoàn thành bài kiểm tra cuối chương trình (trực tuyến)", campaign.acceptInPerson && "dự lớp tập huấn trực tiếp"]
    .filter(Boolean)
    .join(" hoặc ");
  return (
    <section aria-labelledby="tong-quan" className="card">
      <h2 id="tong-quan">{unitName}</h2>
      <p className="small muted">
        {campaign.legalBasis}. Đối tượng:{" "}
        {campaign.positions.map((p) => `${positionLabel(p.position)} (${TRACKS[p.track as keyof typeof TRACKS] ?? p.track})`).join("; ")}. Được tính đã tập huấn
        khi {methods}.
      </p>
      <dl className="figures">
        <div>
          <dt>Số đối tượng</dt>
          <dd>{formatNumber(total.audience)}</dd>
        </div>
        <div>
          <dt>Đã tập huấn đúng hạn</dt>
          <dd>
            {formatNumber(total.trainedOnTime)}{" "}
            <span className="muted">
              (<Percent value={total.percentOnTime} />)
            </span>
          </dd>
        </div>
        <div>
          <dt>Chỉ tiêu</dt>
          <dd>{campaign.targetPercent}%</dd>
        </div>
        <div>
          <dt>Hạn hoàn thành</dt>
          <dd>
            {formatDay(campaign.deadlineOn)} <span className="muted">({daysLeftLabel(daysLeft)})</span>
          </dd>
        </div>
        <div>
          <dt>Trạng thái</dt>
          <dd>
            <StatusBadge status={total.status} />
          </dd>
        </div>
        <div>
          <dt>Tập huấn muộn</dt>
          <dd>{formatNumber(total.trainedLate)}</dd>
        </div>
        <div>
          <dt>Trực tuyến / trực tiếp</dt>
          <dd>
            {formatNumber(total.online)} / {formatNumber(total.inPerson)}
          </dd>
        </div>
        {daysLeft >= 0 ? (
          <div>
            <dt>Dự báo đến hạn</dt>
            <dd>
              <Percent value={total.projection.projectedPercent} /> <span className="muted">(cần {total.projection.neededPerWeek} người/tuần)</span>
            </dd>
          </div>
        ) : null}
      </dl>
      <ProgressBar value={total.percentOnTime} target={campaign.targetPercent} />
      <p className="small muted">Một người có thể hoàn thành cả hai hình thức; tập huấn muộn là hoàn thành sau hạn, không tính vào tỷ lệ đúng hạn.</p>
    </section>
  );
}

type Query = Record<string, string | number | undefined | null>;
/** Exports carry every row: no page parameters in their links. */
const WHOLE = { trang: undefined, "trang-don-vi": undefined };

function ExportLinks({ query, table, extra }: { query: Query; table: string; extra?: React.ReactNode }) {
  return <SharedExportLinks path="/bao-cao/xuat" query={{ ...query, ...WHOLE }} table={table} extra={extra} />;
}

const COLUMNS = [
  { key: "ten", label: "Đơn vị", numeric: false },
  { key: "doi-tuong", label: "Số đối tượng", numeric: true },
  { key: "da-tap-huan", label: "Đã tập huấn đúng hạn", numeric: true },
  { key: "ty-le", label: "Tỷ lệ", numeric: true },
  { key: "muon", label: "Muộn", numeric: true },
  { key: "trang-thai", label: "Trạng thái", numeric: false },
] as const;

function ChildrenTable({ data, report }: { data: LoaderData; report: Report }) {
  const { query } = data;
  const { children } = report;
  const sort = query["sap-xep"] ?? "ten";
  const direction = query.chieu ?? "tang";
  const base = { ...query, "chien-dich": report.campaign.id, "don-vi": data.unit.id };
  return (
    <section aria-labelledby="don-vi-truc-thuoc">
      <h2 id="don-vi-truc-thuoc">Các đơn vị trực thuộc</h2>
      {children.total > children.rows.length ? (
        <p className="small muted">
          Hiển thị {formatNumber(children.offset + 1)}–{formatNumber(children.offset + children.rows.length)} trong {formatNumber(children.total)} đơn vị; dòng
          tổng cộng tính tất cả.
        </p>
      ) : null}
      <TableWrap label="Bảng các đơn vị trực thuộc">
        <table className="sortable">
          <SortableHead
            columns={COLUMNS}
            sort={sort}
            direction={direction}
            href={(key, next) => reportHref("/bao-cao", base, { "sap-xep": key, chieu: next, trang: undefined, "trang-don-vi": undefined })}
          />
          <tbody>
            {children.rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={reportHref("/bao-cao", { "chien-dich": report.campaign.id, "don-vi": c.id })}>{c.name}</Link>
                  <span className="small muted"> · {UNIT_KINDS[c.kind as keyof typeof UNIT_KINDS] ?? c.kind}</span>
                </th>
                <td className="num">{formatNumber(c.audience)}</td>
                <td className="num">{formatNumber(c.trainedOnTime)}</td>
                <td className="num">
                  <Percent value={c.percentOnTime} />
                </td>
                <td className="num">{formatNumber(c.trainedLate)}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Tổng cộng</th>
              <td className="num">{formatNumber(report.total.audience)}</td>
              <td className="num">{formatNumber(report.total.trainedOnTime)}</td>
              <td className="num">
                <Percent value={report.total.percentOnTime} />
              </td>
              <td className="num">{formatNumber(report.total.trainedLate)}</td>
              <td>
                <StatusBadge status={report.total.status} />
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <Pager
        page={children.page}
        pageSize={CHILD_PAGE_SIZE}
        total={children.total}
        makeHref={(p) => reportHref("/bao-cao", base, { "trang-don-vi": p })}
        label="Trang các đơn vị trực thuộc"
        preventScrollReset
      />
    </section>
  );
}

function CellPeople({ rows, deadline, query }: { rows: PersonRow[]; deadline: string; query: Query }) {
  return (
    <section aria-labelledby="danh-sach">
      <h2 id="danh-sach">Đối tượng của chi bộ</h2>
      <ExportLinks query={query} table="danh-sach" />
      <PeopleTable rows={rows} deadline={deadline} offset={0} />
    </section>
  );
}

function PeopleTable({ rows, deadline, offset }: { rows: PersonRow[]; deadline: string; offset: number }) {
  if (!rows.length) return <p>Không có ai trong danh sách.</p>;
  return (
    <TableWrap label="Bảng danh sách người">
      <table>
        <thead>
          <tr>
            <th scope="col" className="num">
              STT
            </th>
            <th scope="col">Họ và tên</th>
            <th scope="col">Chi bộ</th>
            <th scope="col">Chức vụ</th>
            <th scope="col">Tập huấn</th>
            <th scope="col">Tiến độ học tập</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.personId}>
              <td className="num">{offset + i + 1}</td>
              <th scope="row">
                {r.name} <span className="small muted">{r.memberCode}</span>
              </th>
              <td>{r.cellName}</td>
              <td>{r.positions.map(positionLabel).join(", ")}</td>
              <td>
                {r.firstAt ? (
                  <>
                    {formatDay(r.firstAt)} · {trainedHow(r)} {r.firstAt > deadline ? <span className="badge badge-warn">muộn</span> : null}
                  </>
                ) : (
                  <span className="badge badge-bad">Chưa tập huấn</span>
                )}
              </td>
              <td>{moduleProgress(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function AtRisk({ report, query }: { report: Report; query: Query }) {
  const daysLeft = daysBetween(report.today, report.campaign.deadlineOn);
  if (daysLeft < 0) return null;
  const { rows: atRisk, total } = report.atRisk;
  return (
    <section aria-labelledby="nguy-co">
      <h2 id="nguy-co">Đơn vị có nguy cơ không đạt đúng hạn</h2>
      <p className="small muted">Dự báo theo tốc độ 4 tuần gần nhất, {daysLeftLabel(daysLeft)}.</p>
      {atRisk.length ? (
        <>
          {total > atRisk.length ? (
            <p className="small muted">
              {formatNumber(atRisk.length)} trong {formatNumber(total)} đơn vị có nguy cơ, dự báo thấp nhất trước; bảng đầy đủ trong tệp xuất.
            </p>
          ) : null}
          <ExportLinks query={query} table="nguy-co" />
          <TableWrap label="Bảng đơn vị có nguy cơ">
            <table>
              <thead>
                <tr>
                  <th scope="col">Đơn vị</th>
                  <th scope="col" className="num">
                    Hiện tại
                  </th>
                  <th scope="col" className="num">
                    Tốc độ (người/tuần)
                  </th>
                  <th scope="col" className="num">
                    Dự báo đến hạn
                  </th>
                  <th scope="col" className="num">
                    Cần (người/tuần)
                  </th>
                </tr>
              </thead>
              <tbody>
                {atRisk.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={reportHref("/bao-cao", { "chien-dich": report.campaign.id, "don-vi": c.id })}>{c.name}</Link>
                    </th>
                    <td className="num">
                      {c.trained}/{c.audience} (<Percent value={c.percent} />)
                    </td>
                    <td className="num">{c.projection.ratePerWeek.toFixed(1).replace(".", ",")}</td>
                    <td className="num">
                      <Percent value={c.projection.projectedPercent} />
                    </td>
                    <td className="num">{c.projection.neededPerWeek}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : (
        <p>Không có đơn vị nào có nguy cơ: theo tốc độ hiện tại, các đơn vị đều đạt chỉ tiêu đúng hạn.</p>
      )}
    </section>
  );
}

function Positions({ report, query }: { report: Report; query: Query }) {
  return (
    <section aria-labelledby="theo-chuc-vu">
      <h2 id="theo-chuc-vu">Theo chức vụ</h2>
      <ExportLinks query={query} table="chuc-vu" />
      <TableWrap label="Bảng theo chức vụ">
        <table>
          <thead>
            <tr>
              <th scope="col">Chức vụ</th>
              <th scope="col" className="num">
                Số đối tượng
              </th>
              <th scope="col" className="num">
                Đúng hạn
              </th>
              <th scope="col" className="num">
                Tỷ lệ
              </th>
              <th scope="col" className="num">
                Trực tuyến
              </th>
              <th scope="col" className="num">
                Trực tiếp
              </th>
            </tr>
          </thead>
          <tbody>
            {report.positions.map((p) => (
              <tr key={p.position}>
                <th scope="row">{positionLabel(p.position)}</th>
                <td className="num">{formatNumber(p.audience)}</td>
                <td className="num">{formatNumber(p.trainedOnTime)}</td>
                <td className="num">
                  <Percent value={p.percentOnTime} />
                </td>
                <td className="num">{formatNumber(p.online)}</td>
                <td className="num">{formatNumber(p.inPerson)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="small muted">Người giữ nhiều chức vụ được tính ở mỗi chức vụ.</p>
    </section>
  );
}

function Untrained({ report, query }: { report: Report; query: Query }) {
  const { untrained } = report;
  const position = typeof query["chuc-vu"] === "string" ? query["chuc-vu"] : "";
  return (
    <section aria-labelledby="chua-tap-huan">
      <h2 id="chua-tap-huan">Danh sách chưa tập huấn ({formatNumber(untrained.total)} người)</h2>
      <Form method="get" className="row" preventScrollReset>
        <input type="hidden" name="chien-dich" value={report.campaign.id} />
        <input type="hidden" name="don-vi" value={query["don-vi"] ?? ""} />
        <label htmlFor="chuc-vu">Chức vụ</label>
        <select id="chuc-vu" name="chuc-vu" defaultValue={position}>
          <option value="">Tất cả</option>
          {report.campaign.positions.map((p) => (
            <option key={p.position} value={p.position}>
              {positionLabel(p.position)}
            </option>
          ))}
        </select>
        <button type="submit" className="button-small">
          Lọc
        </button>
      </Form>
      <ExportLinks query={query} table="chua-tap-huan" />
      <PeopleTable rows={untrained.rows} deadline={report.campaign.deadlineOn} offset={(untrained.page - 1) * PAGE_SIZE} />
      <Pager
        page={untrained.page}
        pageSize={PAGE_SIZE}
        total={untrained.total}
        makeHref={(p) => reportHref("/bao-cao", query, { trang: p })}
        label="Trang danh sách"
        preventScrollReset
      />
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Báo cáo tập huấn", "Tỷ lệ cán bộ đã được tập huấn theo đơn vị và chức danh, so với chỉ tiêu và thời hạn.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
