import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { can, scopesOf } from "~/auth/permissions";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { AuditList, Breadcrumbs, Pager, Panel } from "~/org/admin-ui";
import { listAudit } from "~/org/audit.server";
import { fullName } from "~/org/names";
import { createPerson, listMembers } from "~/org/people.server";
import { PersonFields } from "~/org/person-fields";
import { positionsAllowedAt } from "~/org/positions";
import { UnitActionSchema } from "~/org/action-schemas.server";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { AddPersonSchema, CloseUnitSchema, CreateUnitSchema, MoveUnitSchema, RenameUnitSchema, ReopenUnitSchema } from "~/org/schemas";
import { childKindsOf, closeUnit, createUnit, listMoveTargets, moveUnit, renameUnit, reopenUnit } from "~/org/unit-admin.server";
import { countMembersInSubtree, getAncestors, getUnit, listChildrenWithCounts } from "~/org/units.server";
import { isCell, POSITIONS, UNIT_KINDS, type UnitKind } from "~/org/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate, formatNumber } from "~/utils/format";
import { readForm, requireId } from "~/utils/request.server";
import { PageField } from "~/utils/ids";
import { pageMeta } from "~/utils/meta";

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const unitId = requireId(params.unitId, "Không tìm thấy đơn vị.");
  const user = await requirePermission(request, "org.manage", unitId);
  const current = await getUnit(unitId);
  if (!current) notFound("Không tìm thấy đơn vị.");
  const page = PageField.parse(new URL(request.url).searchParams.get("trang") ?? 1);
  const cell = isCell(current.kind);
  const [ancestors, children, memberCount, members, moveTargets, audit] = await Promise.all([
    getAncestors(current.path),
    listChildrenWithCounts(unitId),
    countMembersInSubtree(current.path),
    cell ? listMembers({ cellId: unitId, page, pageSize: PAGE_SIZE }) : null,
    current.parentId === null ? [] : listMoveTargets({ moving: current, scopes: scopesOf(user, "org.manage") }),
    listAudit({ targets: [{ entity: "unit", entityId: unitId }] }),
  ]);
  return {
    unit: { id: current.id, name: current.name, kind: current.kind, closedAt: current.closedAt, isRoot: current.parentId === null },
    // Breadcrumbs show only the part of the tree the user manages.
    breadcrumbs: ancestors.filter((a) => can(user, "org.manage", a.path)).map((a) => ({ id: a.id, name: a.name })),
    children,
    memberCount,
    members,
    page,
    childKinds: childKindsOf(current.kind),
    moveTargets: moveTargets.map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
    cellPositions: cell ? positionsAllowedAt(current.kind) : [],
    audit,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const unitId = requireId(params.unitId, "Không tìm thấy đơn vị.");
  const user = await requirePermission(request, "org.manage", unitId);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: UnitActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const here = `/quan-tri/don-vi/${unitId}`;
  switch (value.intent) {
    case "create-unit": {
      const result = await createUnit({ actorId: user.id, parentId: unitId, name: value.name, kind: value.kind });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, `/quan-tri/don-vi/${result.unitId}`, `Đã tạo ${UNIT_KINDS[value.kind].toLowerCase()} “${value.name}”.`);
    }
    case "rename-unit": {
      const result = await renameUnit({ actorId: user.id, unitId, name: value.name });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, `Đã đổi tên đơn vị thành “${value.name}”.`);
    }
    case "move-unit": {
      // Both ends of a move must be in the user's scope.
      await requirePermission(request, "org.manage", value.parentId);
      const result = await moveUnit({ actorId: user.id, unitId, parentId: value.parentId });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã chuyển đơn vị sang đơn vị cấp trên mới.");
    }
    case "close-unit": {
      const result = await closeUnit({ actorId: user.id, unitId });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã giải thể đơn vị.");
    }
    case "reopen-unit": {
      const result = await reopenUnit({ actorId: user.id, unitId });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã mở lại đơn vị.");
    }
    case "add-person": {
      const { intent: _, position, ...person } = value;
      const result = await createPerson({ actorId: user.id, cellId: unitId, person, position });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, `/quan-tri/nguoi/${result.personId}`, `Đã thêm đảng viên ${fullName(person)}.`);
    }
  }
}

function kindLabel(kind: string) {
  return UNIT_KINDS[kind as UnitKind] ?? kind;
}

export default function UnitPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const { unit } = data;
  return (
    <div className="stack admin">
      <Breadcrumbs items={data.breadcrumbs} />
      <header className="stack">
        <h1>{unit.name}</h1>
        <p className="row">
          <span className="badge">{kindLabel(unit.kind)}</span>
          {unit.closedAt ? <span className="badge badge-bad">Đã giải thể {formatDate(unit.closedAt)}</span> : null}
          <span>
            {formatNumber(data.memberCount)} đảng viên đang sinh hoạt
            {data.children.length ? `, ${formatNumber(data.children.length)} đơn vị trực thuộc` : ""}
          </span>
        </p>
      </header>

      {data.children.length ? <ChildrenTable units={data.children} /> : null}
      {data.members ? <MembersTable unitId={unit.id} members={data.members.members} total={data.members.total} page={data.page} /> : null}

      <section aria-labelledby="manage-title" className="stack">
        <h2 id="manage-title">Quản lý đơn vị</h2>
        {!unit.closedAt && data.childKinds.length ? <CreateUnitForm reply={reply} kinds={data.childKinds} /> : null}
        {!unit.closedAt && data.members ? <AddPersonForm reply={reply} positions={data.cellPositions} /> : null}
        <RenameForm reply={reply} name={unit.name} />
        {!unit.isRoot && !unit.closedAt ? <MoveForm reply={reply} targets={data.moveTargets} /> : null}
        {!unit.isRoot ? <CloseForm reply={reply} closed={!!unit.closedAt} /> : null}
      </section>

      <AuditList entries={data.audit} />
    </div>
  );
}

function ChildrenTable({
  units,
}: {
  units: { id: number; name: string; kind: string; closedAt: string | Date | null; unitCount: number; memberCount: number }[];
}) {
  return (
    <section aria-labelledby="children-title" className="stack">
      <h2 id="children-title">Đơn vị trực thuộc</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên đơn vị</th>
              <th scope="col">Loại</th>
              <th scope="col" className="num">
                Đơn vị cấp dưới
              </th>
              <th scope="col" className="num">
                Đảng viên
              </th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/quan-tri/don-vi/${u.id}`}>{u.name}</Link>
                  {u.closedAt ? <span className="badge badge-bad">Đã giải thể</span> : null}
                </td>
                <td>{kindLabel(u.kind)}</td>
                <td className="num">{formatNumber(u.unitCount)}</td>
                <td className="num">{formatNumber(u.memberCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MembersTable({
  unitId,
  members,
  total,
  page,
}: {
  unitId: number;
  members: { id: number; memberCode: string; familyName: string; middleName: string; givenName: string; birthYear: number | null; positions: string[] }[];
  total: number;
  page: number;
}) {
  return (
    <section aria-labelledby="members-title" className="stack">
      <h2 id="members-title">Đảng viên ({formatNumber(total)})</h2>
      {members.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                <th scope="col">Mã đảng viên</th>
                <th scope="col">Năm sinh</th>
                <th scope="col">Chức vụ</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/quan-tri/nguoi/${m.id}`}>{fullName(m)}</Link>
                  </td>
                  <td className="nowrap">{m.memberCode}</td>
                  <td className="nowrap">{m.birthYear ?? ""}</td>
                  <td>{m.positions.map((p) => POSITIONS[p as keyof typeof POSITIONS] ?? p).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chi bộ chưa có đảng viên đang sinh hoạt.</p>
      )}
      <Pager page={page} pageSize={PAGE_SIZE} total={total} makeHref={(p) => `/quan-tri/don-vi/${unitId}?trang=${p}`} />
    </section>
  );
}

function CreateUnitForm({ reply, kinds }: { reply: IntentReply | undefined; kinds: UnitKind[] }) {
  const [form, fields] = useIntentForm("create-unit", reply, CreateUnitSchema, { kind: kinds[0] });
  return (
    <Panel title="Tạo đơn vị trực thuộc" open={reply?.intent === "create-unit"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="create-unit" />
        <FormErrors errors={form.errors} />
        <Field label="Tên đơn vị mới" errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} />
        <SelectField label="Loại đơn vị" errors={fields.kind.errors} {...getSelectProps(fields.kind)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {UNIT_KINDS[k]}
            </option>
          ))}
        </SelectField>
        <button type="submit">Tạo đơn vị</button>
      </Form>
    </Panel>
  );
}

function AddPersonForm({ reply, positions }: { reply: IntentReply | undefined; positions: string[] }) {
  const [form, fields] = useIntentForm("add-person", reply, AddPersonSchema, { position: "dang_vien" });
  return (
    <Panel title="Thêm đảng viên vào chi bộ" open={reply?.intent === "add-person"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="add-person" />
        <FormErrors errors={form.errors} />
        <PersonFields fields={fields} />
        <SelectField label="Chức vụ tại chi bộ" errors={fields.position.errors} {...getSelectProps(fields.position)}>
          {positions.map((p) => (
            <option key={p} value={p}>
              {POSITIONS[p as keyof typeof POSITIONS]}
            </option>
          ))}
        </SelectField>
        <button type="submit">Thêm đảng viên</button>
      </Form>
    </Panel>
  );
}

function RenameForm({ reply, name }: { reply: IntentReply | undefined; name: string }) {
  const [form, fields] = useIntentForm("rename-unit", reply, RenameUnitSchema, { name });
  return (
    <Panel title="Đổi tên đơn vị" open={reply?.intent === "rename-unit"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="rename-unit" />
        <FormErrors errors={form.errors} />
        <Field label="Tên mới" errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} />
        <button type="submit">Đổi tên</button>
      </Form>
    </Panel>
  );
}

function MoveForm({ reply, targets }: { reply: IntentReply | undefined; targets: { id: number; name: string; kind: string }[] }) {
  const [form, fields] = useIntentForm("move-unit", reply, MoveUnitSchema);
  return (
    <Panel title="Chuyển sang đơn vị cấp trên khác" open={reply?.intent === "move-unit"}>
      {targets.length ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <IntentField intent="move-unit" />
          <FormErrors errors={form.errors} />
          <SelectField
            label="Đơn vị cấp trên mới"
            hint="Toàn bộ đơn vị trực thuộc và đảng viên chuyển theo."
            errors={fields.parentId.errors}
            {...getSelectProps(fields.parentId)}
          >
            <option value="">— Chọn đơn vị —</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({kindLabel(t.kind)})
              </option>
            ))}
          </SelectField>
          <button type="submit">Chuyển đơn vị</button>
        </Form>
      ) : (
        <p className="muted">Không có đơn vị nào trong phạm vi quản lý có thể nhận đơn vị này.</p>
      )}
    </Panel>
  );
}

function CloseForm({ reply, closed }: { reply: IntentReply | undefined; closed: boolean }) {
  const intent = closed ? "reopen-unit" : "close-unit";
  const [form] = useIntentForm(intent, reply, closed ? ReopenUnitSchema : CloseUnitSchema);
  return (
    <Panel title={closed ? "Mở lại đơn vị" : "Giải thể đơn vị"} open={reply?.intent === intent}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent={intent} />
        <FormErrors errors={form.errors} />
        {closed ? (
          <p>Đơn vị sẽ hoạt động trở lại.</p>
        ) : (
          <p>Chỉ giải thể được đơn vị không còn đảng viên đang sinh hoạt và không còn đơn vị trực thuộc đang hoạt động.</p>
        )}
        <button type="submit" className="secondary">
          {closed ? "Mở lại đơn vị" : "Giải thể đơn vị"}
        </button>
      </Form>
    </Panel>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data?.unit.name ?? "Đơn vị"} · Quản trị`, "Thông tin đơn vị, các đơn vị trực thuộc và đảng viên.");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
