import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintTable } from "~/completion/figure-parts";
import { reportHref } from "~/completion/links";
import { formatDay } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { countCells, getUnitFigures, requireMeetingReportContext } from "~/meetings/dashboard.server";
import { buildMeetingTable } from "~/meetings/export.server";
import { attendancePercent, evaluateTargets, periodLabel, periodParam } from "~/meetings/targets";
import { formatNumber, formatPercent } from "~/utils/format";
import { pageMeta } from "~/utils/meta";
import { DocumentFooter, DocumentHeader } from "~/components/party-document";
import { documentNumber, documentPlace, longDate, placeAndDate } from "~/utils/party-document";

/** The printable meetings report in the party-report layout (domain.md §12): A4, header block, number, signature, recipients. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireMeetingReportContext(request);
  const { unit, period } = ctx;
  const cells = unit.isCell ? 1 : await countCells(unit);
  const [figures, targets, main, members] = await Promise.all([
    getUnitFigures({ unit, kind: period.kind, starts: [period.start], cells }),
    buildMeetingTable(ctx, "chi-tieu"),
    buildMeetingTable(ctx, unit.isCell ? "ky-hop" : "don-vi"),
    buildMeetingTable(ctx, "dang-vien-vang"),
  ]);
  const root = ctx.ancestors[0]?.name ?? unit.name;
  const total = figures.get(period.start)!;
  return {
    unit: { id: unit.id, name: unit.name, isCell: unit.isCell },
    parent: ctx.ancestors.at(-2)?.name ?? null,
    place: documentPlace(root),
    today: ctx.today,
    period: { label: periodLabel(period), param: periodParam(period), ended: period.end < ctx.today },
    total,
    results: evaluateTargets(total, { cells: total.cells, year: period.year }),
    tables: [targets, main, members],
  };
}

export default function PrintableMeetingsReport() {
  const data = useLoaderData<typeof loader>();
  const { total } = data;
  const attendance = attendancePercent(total);
  const regime = data.results.find((r) => r.key === "regime")!;
  return (
    <>
      <p className="no-print row">
        <Link to={reportHref("/sinh-hoat/bao-cao", { "don-vi": data.unit.id, ky: data.period.param })}>‹ Về trang báo cáo</Link>
        <span className="muted small">Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu PDF (khổ A4).</span>
      </p>
      <article className="party-report">
        <DocumentHeader superior={data.parent} issuer={data.unit.name} number={documentNumber("BC")} placeDate={placeAndDate(data.today, data.place)} />
        <h1>BÁO CÁO</h1>
        <p className="report-sub">
          <strong>Kết quả thực hiện chế độ sinh hoạt chi bộ {data.period.label.charAt(0).toLowerCase() + data.period.label.slice(1)}</strong>
        </p>
        <p>
          Thực hiện Đề án số 01-ĐA/ĐUK ngày 01/4/2022 của Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh về “Nâng cao chất lượng sinh hoạt chi bộ trong Đảng bộ
          Khối các cơ quan tỉnh, nhiệm kỳ 2020 - 2025”, {data.unit.name} báo cáo kết quả thực hiện chế độ sinh hoạt chi bộ {data.period.label.toLowerCase()}
          {data.period.ended ? "" : ` (số liệu đến ${longDate(data.today)}, tạm tính)`} như sau:
        </p>
        <p>
          Toàn đơn vị có {formatNumber(total.cells)} chi bộ; đã tổ chức {formatNumber(total.held)} kỳ sinh hoạt ({formatNumber(total.onTime)} kỳ đúng lịch đã
          đăng ký, {formatNumber(total.thematic)} kỳ chuyên đề), {formatNumber(total.postponed)} kỳ báo hoãn. {formatNumber(regime.numerator)} chi bộ thực hiện
          đúng chế độ sinh hoạt{regime.figure === null ? "" : ` (${formatPercent(regime.figure)})`}. Tỷ lệ đảng viên dự sinh hoạt{" "}
          {attendance === null ? "chưa có số liệu" : formatPercent(attendance)}; {formatNumber(total.unexcused)} lượt vắng không có lý do.
        </p>
        {data.tables.map((table, i) => (
          <PrintTable key={i} table={table} />
        ))}
        <DocumentFooter
          recipients={[data.parent ? `${data.parent} (để báo cáo),` : "Như trên,", "Lưu Văn phòng."]}
          capacity={data.unit.isCell ? "T/M CHI BỘ" : "T/M BAN THƯỜNG VỤ"}
          title="BÍ THƯ"
          signer="……………………"
        />
        <p className="small no-print">Số liệu ngày {formatDay(data.today)}, trích xuất từ hệ thống Bí thư chi bộ giỏi.</p>
      </article>
    </>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Bản in báo cáo sinh hoạt chi bộ", "Báo cáo các chỉ tiêu sinh hoạt chi bộ theo thể thức văn bản của Đảng, khổ A4.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
