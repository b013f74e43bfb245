import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can, scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listOfficerCells, searchCellsInScope } from "~/meetings/access.server";
import { searchText } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "meetings.view");
  const query = searchText(request.url);
  const scopes = scopesOf(user, "meetings.record");
  const [ownCells, found] = await Promise.all([
    user.personId === null ? [] : listOfficerCells(user.personId),
    scopes.length ? searchCellsInScope(scopes, query) : [],
  ]);
  return {
    ownCells,
    superior: scopes.length > 0 ? { query, found } : null,
    canAssign: can(user, "meetings.assign"),
    canReport: can(user, "report.view"),
    // Whether the user has assignments is for the attendee alone; this page only links to their own list.
    isPerson: user.personId !== null,
  };
}

export default function MeetingsHome() {
  const { ownCells, superior, canAssign, canReport, isPerson } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <h1>Sinh hoạt chi bộ</h1>
      <p className="muted">
        Sổ sinh hoạt của chi bộ: lịch sinh hoạt cố định, báo hoãn, biên bản từng kỳ (điểm danh, nội dung, nghị quyết với nhiệm vụ, người phụ trách, thời hạn),
        kết quả đánh giá của cấp trên dự sinh hoạt (Đề án 01-ĐA/ĐUK, mục III.2–III.4).
      </p>
      <h2>Chi bộ của đồng chí</h2>
      {ownCells.length ? (
        <ul className="plain-list">
          {ownCells.map((c) => (
            <li key={c.id}>
              <Link to={`/sinh-hoat/chi-bo/${c.id}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Đồng chí không giữ chức vụ bí thư, phó bí thư, chi ủy viên (hoặc cấp ủy viên chi bộ cơ sở) ở chi bộ nào.</p>
      )}
      {isPerson ? (
        <>
          <h2>Đi dự sinh hoạt chi bộ</h2>
          <p>
            <Link to="/sinh-hoat/du-sinh-hoat">Lịch sinh hoạt các chi bộ đồng chí được phân công dự, báo cáo và chấm điểm</Link>
          </p>
        </>
      ) : null}
      {canReport ? (
        <p>
          <Link to="/sinh-hoat/bao-cao">Báo cáo kết quả sinh hoạt chi bộ so với chỉ tiêu Đề án (theo tháng, quý, năm)</Link>
        </p>
      ) : null}
      {canReport || ownCells.length ? (
        <p>
          <Link to="/sinh-hoat/danh-gia-nam">Xếp loại hằng năm của chi bộ và đảng viên{canReport ? " (ghi, nhập từ tệp Excel)" : ""}</Link>
        </p>
      ) : null}
      {canAssign ? (
        <p>
          <Link to="/sinh-hoat/phan-cong">Phân công cấp ủy viên, cán bộ đi dự sinh hoạt chi bộ</Link>
        </p>
      ) : null}
      {superior ? (
        <>
          <h2>Sổ sinh hoạt các chi bộ trực thuộc</h2>
          <Form method="get" className="row" role="search">
            <label htmlFor="q">Tìm chi bộ</label>
            <input id="q" name="q" defaultValue={superior.query} placeholder="Tên chi bộ" style={{ maxWidth: "20rem" }} />
            <button type="submit" className="button-small">
              Tìm
            </button>
          </Form>
          <ul className="plain-list">
            {superior.found.map((c) => (
              <li key={c.id}>
                <Link to={`/sinh-hoat/chi-bo/${c.id}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
          {superior.found.length === 30 ? <p className="small muted">Chỉ hiện 30 chi bộ đầu tiên: gõ thêm tên để thu hẹp.</p> : null}
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Sinh hoạt chi bộ", "Lịch sinh hoạt cố định, sổ sinh hoạt và việc dự sinh hoạt của đồng chí.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
