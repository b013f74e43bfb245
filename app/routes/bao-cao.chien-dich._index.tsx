import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can, scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { listCampaigns } from "~/completion/campaigns.server";
import { reportHref } from "~/completion/links";
import { TableWrap } from "~/completion/figure-parts";
import { formatDay } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const campaigns = await listCampaigns({ scopes: scopesOf(user, "org.manage") });
  return { campaigns: campaigns.map((c) => ({ ...c, editable: can(user, "org.manage", c.organisingUnitPath) })) };
}

export default function CampaignsPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao">‹ Báo cáo</Link>
      </p>
      <div className="spread">
        <h1>Chiến dịch tập huấn</h1>
        <Link to="/bao-cao/chien-dich/moi" className="button">
          Tạo chiến dịch
        </Link>
      </div>
      {campaigns.length ? (
        <TableWrap label="Bảng chiến dịch">
          <table>
            <thead>
              <tr>
                <th scope="col">Chiến dịch</th>
                <th scope="col">Đơn vị tổ chức</th>
                <th scope="col" className="num">
                  Chỉ tiêu
                </th>
                <th scope="col">Thời gian</th>
                <th scope="col">
                  <span className="visually-hidden">Thao tác</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={reportHref("/bao-cao", { "chien-dich": c.id })}>{c.name}</Link>
                    <div className="small muted">{c.legalBasis}</div>
                  </th>
                  <td>{c.organisingUnitName}</td>
                  <td className="num">{c.targetPercent}%</td>
                  <td>
                    {formatDay(c.startsOn)} – {formatDay(c.deadlineOn)}
                  </td>
                  <td>
                    {c.editable ? (
                      <Link to={`/bao-cao/chien-dich/${c.id}`} aria-label={`Sửa ${c.name}`}>
                        Sửa
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>Chưa có chiến dịch nào.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Chiến dịch tập huấn", "Các chiến dịch tập huấn: chỉ tiêu, thời hạn và đơn vị áp dụng.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
