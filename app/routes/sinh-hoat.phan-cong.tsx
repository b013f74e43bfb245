import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { rolesWith, scopesOf, type SessionUser } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { TableWrap } from "~/completion/figure-parts";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { searchCellsInScope } from "~/meetings/access.server";
import { day, errorsFor } from "~/meetings/components";
import { AssignmentSchema, EndAssignmentSchema } from "~/meetings/schemas.server";
import { createAssignment, endAssignment, listAssignments } from "~/meetings/visits.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, searchText } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const CELL_CHOICES = 300;

/** The units whose cấp ủy this user assigns for: the units of its "meetings.assign" grants. */
function assigningUnits(user: SessionUser) {
  const roles = rolesWith("meetings.assign");
  return user.grants.filter((g) => roles.includes(g.role)).map((g) => ({ id: g.unitId, name: g.unitName, path: g.unitPath }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "meetings.assign");
  const scopes = scopesOf(user, "meetings.assign");
  const query = searchText(request.url);
  const today = localDate(new Date());
  const [cells, assignments] = await Promise.all([searchCellsInScope(scopes, query, CELL_CHOICES), listAssignments({ scopes, today })]);
  return { units: assigningUnits(user).map(({ id, name }) => ({ id, name })), cells, query, assignments, today };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "meetings.assign");
  const form = await readForm(request);
  const today = localDate(new Date());
  if (form.get("intent") === "end") {
    const submission = parseWithZod(form, { schema: EndAssignmentSchema });
    if (submission.status !== "success") return data({ intent: "end", result: submission.reply() }, { status: 400 });
    const ok = await endAssignment({ id: submission.value.assignmentId, scopes: scopesOf(user, "meetings.assign"), today });
    if (!ok)
      return data({ intent: "end", result: submission.reply({ formErrors: ["Không tìm thấy phân công này trong đơn vị của đồng chí."] }) }, { status: 404 });
    return redirectWithFlash(request, "/sinh-hoat/phan-cong", "Đã kết thúc phân công.");
  }
  const submission = parseWithZod(form, { schema: AssignmentSchema });
  if (submission.status !== "success") return data({ intent: "assign", result: submission.reply() }, { status: 400 });
  const unit = assigningUnits(user).find((u) => u.id === submission.value.assignedByUnitId);
  if (!unit)
    return data(
      { intent: "assign", result: submission.reply({ fieldErrors: { assignedByUnitId: ["Đồng chí không phân công thay cho đơn vị này."] } }) },
      { status: 403 },
    );
  const result = await createAssignment({ assignedBy: unit, userId: user.id, ...submission.value });
  if (!result.ok) return data({ intent: "assign", result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 });
  return redirectWithFlash(request, "/sinh-hoat/phan-cong", "Đã phân công đi dự sinh hoạt chi bộ.");
}

export default function AssignmentsPage() {
  const { units, cells, query, assignments, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const err = errorsFor(actionData, "assign");
  const endErr = errorsFor(actionData, "end");
  return (
    <section className="stack">
      <p>
        <Link to="/sinh-hoat">‹ Sinh hoạt chi bộ</Link>
      </p>
      <h1>Phân công dự sinh hoạt chi bộ</h1>
      <p className="small muted">
        Cấp ủy phân công cấp ủy viên, cán bộ, chuyên viên đi dự sinh hoạt với chi bộ; người được phân công chủ động đi dự theo lịch sinh hoạt của chi bộ, không
        thông báo trước (Đề án 01-ĐA/ĐUK, mục III.2(2), III.4(1)). Chi bộ không thấy phân công này trên trang web.
      </p>
      <Form method="get" className="row" role="search">
        <label htmlFor="q">Lọc chi bộ theo tên</label>
        <input id="q" name="q" defaultValue={query} style={{ maxWidth: "20rem" }} />
        <button type="submit" className="button-small">
          Lọc
        </button>
      </Form>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="assign" />
        <FormErrors errors={err("")} />
        <SelectField id="assignedByUnitId" name="assignedByUnitId" label="Cấp ủy phân công" errors={err("assignedByUnitId")}>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <Field
          id="memberCode"
          name="memberCode"
          label="Mã đảng viên người đi dự"
          hint="Cấp ủy viên, cán bộ thuộc đơn vị phân công, ví dụ QB000123."
          required
          maxLength={40}
          errors={err("memberCode")}
        />
        <SelectField id="cellId" name="cellId" label="Chi bộ" errors={err("cellId")}>
          {cells.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {cells.length === CELL_CHOICES ? <p className="field-hint">Chỉ hiện {CELL_CHOICES} chi bộ đầu: lọc theo tên ở trên.</p> : null}
        <Field id="startsOn" name="startsOn" type="date" label="Từ ngày" defaultValue={today} required errors={err("startsOn")} />
        <Field id="endsOn" name="endsOn" type="date" label="Đến ngày" defaultValue={`${today.slice(0, 4)}-12-31`} required errors={err("endsOn")} />
        <p>
          <button type="submit">Phân công</button>
        </p>
      </Form>
      <h2>Các phân công</h2>
      <FormErrors errors={endErr("")} />
      <TableWrap label="Các phân công">
        <table>
          <thead>
            <tr>
              <th scope="col">Người đi dự</th>
              <th scope="col">Chi bộ</th>
              <th scope="col">Thời gian</th>
              <th scope="col" className="num">
                Báo cáo đã gửi
              </th>
              <th scope="col">
                <span className="visually-hidden">Thao tác</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.attendeeName} <span className="small muted">{a.memberCode}</span>
                </th>
                <td>{a.cellName}</td>
                <td>
                  {day(a.startsOn)} – {day(a.endsOn)}
                </td>
                <td className="num">{a.filedVisits}</td>
                <td>
                  {a.endsOn >= today ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end" />
                      <input type="hidden" name="assignmentId" value={a.id} />
                      <button type="submit" className="button-small secondary">
                        Kết thúc
                      </button>
                    </Form>
                  ) : (
                    <span className="small muted">Đã hết hạn</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {assignments.length === 0 ? <p className="muted">Chưa có phân công nào.</p> : null}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Phân công dự sinh hoạt", "Phân công cấp ủy viên, cán bộ dự sinh hoạt các chi bộ trực thuộc.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
