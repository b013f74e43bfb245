import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAccounts } from "~/org/accounts.server";
import { Pager } from "~/org/admin-ui";
import { ROLE_CODES, ROLES, type Role } from "~/auth/roles";
import { formatNumber } from "~/utils/format";
import { PageField } from "~/utils/ids";
import { searchText } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const PAGE_SIZE = 50;
const FilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  vai_tro: z.enum(ROLE_CODES).nullable().catch(null),
  trang: PageField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "account.list");
  const params = new URL(request.url).searchParams;
  const filter = FilterSchema.parse({ q: searchText(request.url), vai_tro: params.get("vai_tro") || null, trang: params.get("trang") ?? 1 });
  const { accounts, total } = await listAccounts({ query: filter.q, role: filter.vai_tro, page: filter.trang, pageSize: PAGE_SIZE });
  return { accounts, total, filter };
}

export default function AccountsPage() {
  const { accounts, total, filter } = useLoaderData<typeof loader>();
  const href = (page: number) => `/quan-tri/tai-khoan?${new URLSearchParams({ q: filter.q, vai_tro: filter.vai_tro ?? "", trang: String(page) })}`;
  return (
    <div className="stack admin">
      <nav aria-label="Đường dẫn" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/quan-tri">Quản trị</Link>
          </li>
          <li>
            <span aria-current="page">Tài khoản</span>
          </li>
        </ol>
      </nav>
      <h1>Tài khoản và vai trò</h1>
      <Form method="get" className="filter-form" role="search">
        <div className="field">
          <label htmlFor="q">Tên đăng nhập hoặc họ tên</label>
          <input id="q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="vai_tro">Vai trò</label>
          <select id="vai_tro" name="vai_tro" defaultValue={filter.vai_tro ?? ""}>
            <option value="">Tất cả</option>
            {ROLE_CODES.map((r) => (
              <option key={r} value={r}>
                {ROLES[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Lọc</button>
      </Form>
      <p role="status">{formatNumber(total)} tài khoản</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên đăng nhập</th>
              <th scope="col">Họ tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>{a.personId ? <Link to={`/quan-tri/nguoi/${a.personId}`}>{a.username}</Link> : a.username}</td>
                <td>{a.displayName}</td>
                <td>
                  <ul className="plain-list">
                    {a.grants.map((g, i) => (
                      <li key={i}>
                        {ROLES[g.role as Role] ?? g.role} · {g.unitName}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{a.disabledAt ? <span className="badge badge-bad">Đã khóa</span> : <span className="badge badge-ok">Hoạt động</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={filter.trang} pageSize={PAGE_SIZE} total={total} makeHref={href} />
    </div>
  );
}

export const meta: MetaFunction = () => pageMeta("Tài khoản · Quản trị", "Tìm tài khoản, mở khóa và đặt lại mật khẩu.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
