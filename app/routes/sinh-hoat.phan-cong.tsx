import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { rolesWith, scopesOf, type SessionUser } from "~/auth/permissions";
import { forbidden, requirePermission } from "~/auth/permissions.server";
import { TableWrap } from "~/completion/figure-parts";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { searchCellsInScope } from "~/meetings/access.server";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { day } from "~/meetings/components";
import { AssignmentSchema, EndAssignmentSchema } from "~/meetings/schemas";
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
  const formData = await readForm(request);
  // Two forms; the assignment's schema checks its dates together, so each is parsed on its own.
  if (intentOf(formData) === "end") {
    const submission = parseWithZod(formData, { schema: EndAssignmentSchema });
    if (submission.status !== "success") return invalidInput("end", submission);
    const result = await endAssignment({ id: submission.value.assignmentId, scopes: scopesOf(user, "meetings.assign"), today: localDate(new Date()) });
    if (!result.ok) return refused("end", submission, result);
    return redirectWithFlash(request, "/sinh-hoat/phan-cong", "Đã kết thúc phân công.");
  }
  const submission = parseWithZod(formData, { schema: AssignmentSchema });
  if (submission.status !== "success") return invalidInput("assign", submission);
  const { intent: _, ...assignment } = submission.value;
  // The form offers only the user's own units: another one is a forged request.
  const unit = assigningUnits(user).find((u) => u.id === assignment.assignedByUnitId);
  if (!unit) forbidden("Đồng chí không phân công thay cho đơn vị này.");
  const result = await createAssignment({ assignedBy: unit, userId: user.id, ...assignment });
  if (!result.ok) return refused("assign", submission, result);
  return redirectWithFlash(request, "/sinh-hoat/phan-cong", "Đã phân công đi dự sinh hoạt chi bộ.");
}

export default function AssignmentsPage() {
  const { units, cells, query, assignments, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
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
      <AssignForm reply={reply} units={units} cells={cells} today={today} />
      <h2>Các phân công</h2>
      <FormErrors errors={replyMessages(reply, "end")} />
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
                      <IntentField intent="end" />
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

function AssignForm({
  reply,
  units,
  cells,
  today,
}: {
  reply: IntentReply | undefined;
  units: { id: number; name: string }[];
  cells: { id: number; name: string }[];
  today: string;
}) {
  const [form, fields] = useIntentForm("assign", reply, AssignmentSchema, { startsOn: today, endsOn: `${today.slice(0, 4)}-12-31` });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="assign" />
      <FormErrors errors={form.errors} />
      <SelectField label="Cấp ủy phân công" errors={fields.assignedByUnitId.errors} {...getSelectProps(fields.assignedByUnitId)}>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </SelectField>
      <Field
        label="Mã đảng viên người đi dự"
        hint="Cấp ủy viên, cán bộ thuộc đơn vị phân công, ví dụ QB000123."
        errors={fields.memberCode.errors}
        {...getInputProps(fields.memberCode, { type: "text" })}
      />
      <SelectField label="Chi bộ" errors={fields.cellId.errors} {...getSelectProps(fields.cellId)}>
        {cells.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      {cells.length === CELL_CHOICES ? <p className="field-hint">Chỉ hiện {CELL_CHOICES} chi bộ đầu: lọc theo tên ở trên.</p> : null}
      <Field label="Từ ngày" errors={fields.startsOn.errors} {...getInputProps(fields.startsOn, { type: "date" })} />
      <Field label="Đến ngày" errors={fields.endsOn.errors} {...getInputProps(fields.endsOn, { type: "date" })} />
      <p>
        <button type="submit">Phân công</button>
      </p>
    </Form>
  );
}

export const meta: MetaFunction = () => pageMeta("Phân công dự sinh hoạt", "Phân công cấp ủy viên, cán bộ dự sinh hoạt các chi bộ trực thuộc.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
