import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { isSysadmin, scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { fullName } from "~/org/names";
import { searchPeople } from "~/org/people.server";
import { SearchSchema } from "~/org/schemas";
import { listUnitsWithCountsByPath } from "~/org/units.server";
import { UNIT_KINDS, type UnitKind } from "~/org/vocabulary";
import { formatNumber } from "~/utils/format";
import { searchText } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const scopes = scopesOf(user, "org.manage");
  const { q } = SearchSchema.parse({ q: searchText(request.url) });
  const [roots, results] = await Promise.all([listUnitsWithCountsByPath(scopes), q ? searchPeople({ scopes, query: q }) : null]);
  return { roots, q, results, sysadmin: isSysadmin(user) };
}

export default function AdminHome() {
  const { roots, q, results, sysadmin } = useLoaderData<typeof loader>();
  return (
    <div className="stack admin">
      <h1>Quản trị tổ chức</h1>
      <section aria-labelledby="scope-title" className="stack">
        <h2 id="scope-title">Đơn vị đồng chí quản lý</h2>
        <ul className="cards plain-list">
          {roots.map((u) => (
            <li key={u.id} className="card">
              <h3>
                <Link to={`/quan-tri/don-vi/${u.id}`}>{u.name}</Link>
              </h3>
              <p className="muted">{UNIT_KINDS[u.kind as UnitKind] ?? u.kind}</p>
              <p>
                {formatNumber(u.unitCount)} đơn vị cấp dưới · {formatNumber(u.memberCount)} đảng viên
              </p>
            </li>
          ))}
        </ul>
        {sysadmin ? (
          <p>
            <Link to="/quan-tri/tai-khoan">Danh sách tài khoản và vai trò</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="search-title" className="stack">
        <h2 id="search-title">Tìm đảng viên</h2>
        <Form method="get" className="search-form" role="search">
          <label htmlFor="q">Họ tên hoặc mã đảng viên</label>
          <div className="row">
            <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
            <button type="submit">Tìm</button>
          </div>
        </Form>
        {results ? (
          results.length ? (
            <div className="table-wrap">
              <table>
                <caption>
                  {results.length >= 50 ? "50 kết quả đầu tiên" : `${results.length} kết quả`} cho “{q}”
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Họ và tên</th>
                    <th scope="col">Mã đảng viên</th>
                    <th scope="col">Chi bộ</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/quan-tri/nguoi/${p.id}`}>{fullName(p)}</Link>
                        {p.active ? null : <span className="badge badge-bad">Thôi sinh hoạt</span>}
                      </td>
                      <td className="nowrap">{p.memberCode}</td>
                      <td>
                        <Link to={`/quan-tri/don-vi/${p.unitId}`}>{p.unitName}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p role="status">Không tìm thấy đảng viên nào khớp với “{q}”.</p>
          )
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => pageMeta("Quản trị", "Cây tổ chức, đảng viên, chức danh và quyền của đơn vị.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
