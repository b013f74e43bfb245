import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/permissions.server";
import { requireReportContext } from "~/completion/dashboard.server";
import { buildTable } from "~/completion/report.server";
import { daysLeftLabel, STATUS_LABELS } from "~/completion/rules";
import { daysBetween, formatDay, localDate } from "~/utils/dates";
import { getUnitFigures } from "~/completion/figures.server";
import { reportHref } from "~/completion/links";
import { PrintTable } from "~/completion/figure-parts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatNumber, formatPercent } from "~/utils/format";
import { documentNumber, documentPlace, longDate, placeAndDate } from "~/utils/party-document";
import { DocumentFooter, DocumentHeader } from "~/components/party-document";
import { pageMeta } from "~/utils/meta";

/** The printable report, in the usual layout of a party report. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireReportContext(request);
  if (!ctx.campaign) notFound("Chưa có chiến dịch nào.");
  const ready = { ...ctx, campaign: ctx.campaign };
  const [figures, children, positions] = await Promise.all([
    getUnitFigures({ campaign: ready.campaign, unit: ready.unit }),
    ready.unit.isCell ? buildTable(ready, "danh-sach") : buildTable(ready, "don-vi"),
    buildTable(ready, "chuc-vu"),
  ]);
  const root = ctx.ancestors[0]?.name ?? ctx.unit.name;
  const parent = ctx.ancestors.at(-2)?.name ?? null;
  return {
    campaign: ready.campaign,
    unit: { id: ctx.unit.id, name: ctx.unit.name },
    parent,
    place: documentPlace(root),
    today: localDate(new Date()),
    total: figures.total,
    tables: [children, positions],
  };
}

export default function PrintableReport() {
  const data = useLoaderData<typeof loader>();
  const { campaign, total } = data;
  const daysLeft = daysBetween(data.today, campaign.deadlineOn);
  return (
    <>
      <p className="no-print row">
        <Link to={reportHref("/bao-cao", { "chien-dich": campaign.id, "don-vi": data.unit.id })}>‹ Về trang báo cáo</Link>
        <span className="muted small">Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu PDF.</span>
      </p>
      <article className="party-report">
        <DocumentHeader superior={data.parent} issuer={data.unit.name} number={documentNumber("BC")} placeDate={placeAndDate(data.today, data.place)} />
        <h1>BÁO CÁO</h1>
        <p className="report-sub">
          <strong>Kết quả {campaign.name.charAt(0).toLowerCase() + campaign.name.slice(1)}</strong>
        </p>
        <p>
          Căn cứ {campaign.legalBasis}, chỉ tiêu {campaign.targetPercent}% đối tượng được tập huấn đến hết {longDate(campaign.deadlineOn)}.
        </p>
        <p>
          Đến {longDate(data.today)}, toàn đơn vị có {formatNumber(total.audience)} đối tượng; đã tập huấn đúng hạn {formatNumber(total.trainedOnTime)} người
          {total.percentOnTime === null ? "" : ` (${formatPercent(total.percentOnTime)})`}, tập huấn muộn {formatNumber(total.trainedLate)} người; trực tuyến{" "}
          {formatNumber(total.online)}, trực tiếp {formatNumber(total.inPerson)} người. Đánh giá: <strong>{STATUS_LABELS[total.status].toLowerCase()}</strong> (
          {daysLeftLabel(daysLeft)}).
        </p>
        {data.tables.map((table, i) => (
          <PrintTable key={i} table={table} />
        ))}
        <p className="small">Số liệu ngày {formatDay(data.today)}, trích xuất từ hệ thống Bí thư chi bộ giỏi.</p>
        <DocumentFooter
          recipients={[...(data.parent ? [`${data.parent} (để báo cáo),`] : []), "Lưu Văn phòng."]}
          capacity="T/M BAN THƯỜNG VỤ"
          title="……………………"
          signer="……………………"
        />
      </article>
    </>
  );
}

export const meta: MetaFunction = () => pageMeta("Bản in báo cáo tập huấn", "Báo cáo kết quả tập huấn theo thể thức văn bản của Đảng, khổ A4, để in và ký.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
