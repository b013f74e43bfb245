import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { AuditList, Breadcrumbs, Panel } from "~/org/admin-ui";
import { fullName } from "~/org/names";
import {
  addManagedPosition,
  createManagedAccount,
  endManagedPosition,
  getPersonAdminPage,
  grantManagedRole,
  moveManagedPerson,
  requireManagedPerson,
  resetManagedPassword,
  revokeManagedRole,
  setManagedAccountDisabled,
  setManagedPersonActive,
  updateManagedPerson,
} from "~/org/person-admin.server";
import { PersonFields } from "~/org/person-fields";
import { PersonActionSchema } from "~/org/action-schemas.server";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import {
  AccountFormShape,
  AccountToggleShape,
  AddPositionSchema,
  DeactivatePersonSchema,
  GrantRoleSchema,
  MovePersonSchema,
  PasswordFormShape,
  ReactivatePersonSchema,
  UpdatePersonSchema,
} from "~/org/schemas";
import { POSITIONS, UNIT_KINDS, type Position, type UnitKind } from "~/org/vocabulary";
import { ROLES, type Role } from "~/auth/roles";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = requireId(params.personId, "Không tìm thấy đảng viên.");
  const { person, user } = await requireManagedPerson(request, personId);
  return getPersonAdminPage({ actor: user, person });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = requireId(params.personId, "Không tìm thấy đảng viên.");
  const { person, user } = await requireManagedPerson(request, personId);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: PersonActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const command = { actor: user, person };
  const done = (message: string) => redirectWithFlash(request, `/quan-tri/nguoi/${personId}`, message);

  switch (value.intent) {
    case "update-person": {
      const { intent: _, ...fields } = value;
      const result = await updateManagedPerson({ ...command, fields });
      return result.ok ? done("Đã lưu thông tin đảng viên.") : refused(intent, submission, result);
    }
    case "move-person": {
      const result = await moveManagedPerson({ ...command, cellId: value.cellId });
      return result.ok ? done("Đã chuyển sinh hoạt đảng viên sang chi bộ mới.") : refused(intent, submission, result);
    }
    case "deactivate-person":
    case "reactivate-person": {
      const active = value.intent === "reactivate-person";
      const result = await setManagedPersonActive({ ...command, active });
      if (!result.ok) return refused(intent, submission, result);
      return done(active ? "Đảng viên đã sinh hoạt trở lại." : "Đã ghi nhận đảng viên thôi sinh hoạt.");
    }
    case "add-position": {
      const result = await addManagedPosition({ ...command, position: value.position, unitId: value.unitId });
      return result.ok ? done(`Đã thêm chức vụ ${POSITIONS[value.position]}.`) : refused(intent, submission, result);
    }
    case "end-position": {
      const result = await endManagedPosition({ ...command, positionId: value.positionId });
      return result.ok ? done("Đã kết thúc chức vụ.") : refused(intent, submission, result);
    }
    case "create-account": {
      const result = await createManagedAccount({ ...command, username: value.username, password: value.password });
      return result.ok ? done(`Đã tạo tài khoản “${value.username}”.`) : refused(intent, submission, result);
    }
    case "reset-password": {
      const result = await resetManagedPassword({ ...command, password: value.password });
      if (!result.ok) return refused(intent, submission, result);
      return done("Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản đã kết thúc.");
    }
    case "disable-account":
    case "enable-account": {
      const disabled = value.intent === "disable-account";
      const result = await setManagedAccountDisabled({ ...command, disabled });
      if (!result.ok) return refused(intent, submission, result);
      return done(disabled ? "Đã khóa tài khoản." : "Đã mở khóa tài khoản.");
    }
    case "grant-role": {
      const result = await grantManagedRole({ ...command, role: value.role, unitId: value.unitId });
      return result.ok ? done(`Đã cấp vai trò ${ROLES[value.role]}.`) : refused(intent, submission, result);
    }
    case "revoke-role": {
      const result = await revokeManagedRole({ ...command, grantId: value.grantId });
      return result.ok ? done(`Đã thu hồi vai trò ${ROLES[result.role as Role] ?? result.role}.`) : refused(intent, submission, result);
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PersonPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const { person } = data;
  return (
    <div className="stack admin">
      <Breadcrumbs items={data.breadcrumbs} />
      <header className="stack">
        <h1>{fullName(person)}</h1>
        <p className="row">
          <span className="badge">Mã đảng viên {person.memberCode}</span>
          {person.active ? <span className="badge badge-ok">Đang sinh hoạt</span> : <span className="badge badge-bad">Thôi sinh hoạt</span>}
          <span>
            Chi bộ: <Link to={`/quan-tri/don-vi/${person.unitId}`}>{person.unitName}</Link>
          </span>
        </p>
        <dl className="facts">
          <dt>Giới tính</dt>
          <dd>{person.gender === "nam" ? "Nam" : person.gender === "nu" ? "Nữ" : "—"}</dd>
          <dt>Năm sinh</dt>
          <dd>{person.birthYear ?? "—"}</dd>
          <dt>Điện thoại</dt>
          <dd>{person.phone ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{person.email ?? "—"}</dd>
        </dl>
      </header>

      <PositionsSection data={data} reply={reply} />
      <HistorySection history={data.history} />

      <section aria-labelledby="manage-person-title" className="stack">
        <h2 id="manage-person-title">Quản lý đảng viên</h2>
        <EditPersonForm reply={reply} person={person} />
        {person.active ? <MovePersonForm reply={reply} cells={data.cells} /> : null}
        <ActiveForm reply={reply} active={person.active} />
      </section>

      {data.manageAccounts ? <AccountSection data={data} reply={reply} /> : null}
      <AuditList entries={data.audit} />
    </div>
  );
}

function PositionsSection({ data, reply }: { data: LoaderData; reply: IntentReply | undefined }) {
  const current = data.positions.filter((p) => !p.endedOn);
  const past = data.positions.filter((p) => p.endedOn);
  return (
    <section aria-labelledby="positions-title" className="stack">
      <h2 id="positions-title">Chức vụ</h2>
      <FormErrors errors={replyMessages(reply, "end-position")} />
      {current.length ? (
        <ul className="plain-list">
          {current.map((p) => (
            <li key={p.id} className="spread">
              <span>
                {POSITIONS[p.position as Position] ?? p.position} · {p.unitName}
                {p.startedOn ? <span className="muted"> (từ {formatDate(p.startedOn)})</span> : null}
              </span>
              {p.endable ? (
                <Form method="post">
                  <IntentField intent="end-position" />
                  <input type="hidden" name="positionId" value={p.id} />
                  <button type="submit" className="secondary button-small" aria-label={`Kết thúc chức vụ ${POSITIONS[p.position as Position] ?? p.position}`}>
                    Kết thúc
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Không giữ chức vụ nào.</p>
      )}
      {past.length ? (
        <details>
          <summary>Chức vụ đã kết thúc ({past.length})</summary>
          <ul className="plain-list">
            {past.map((p) => (
              <li key={p.id}>
                {POSITIONS[p.position as Position] ?? p.position} · {p.unitName} ({formatDate(p.startedOn)} – {formatDate(p.endedOn)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {data.person.active && data.positionUnits.length ? <AddPositionForm reply={reply} units={data.positionUnits} /> : null}
    </section>
  );
}

function AddPositionForm({ reply, units }: { reply: IntentReply | undefined; units: LoaderData["positionUnits"] }) {
  const [form, fields] = useIntentForm("add-position", reply, AddPositionSchema, { unitId: String(units[0]!.id) });
  const all = [...new Set(units.flatMap((u) => u.positions))];
  return (
    <Panel title="Thêm chức vụ" open={reply?.intent === "add-position"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="add-position" />
        <FormErrors errors={form.errors} />
        <SelectField label="Chức vụ" errors={fields.position.errors} {...getSelectProps(fields.position)}>
          <option value="">— Chọn chức vụ —</option>
          {all.map((p) => (
            <option key={p} value={p}>
              {POSITIONS[p]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Tại đơn vị"
          hint="Chức vụ của chi bộ giữ tại chi bộ; chức vụ cấp ủy cơ sở giữ tại đảng bộ cơ sở hoặc chi bộ cơ sở."
          errors={fields.unitId.errors}
          {...getSelectProps(fields.unitId)}
        >
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({UNIT_KINDS[u.kind as UnitKind] ?? u.kind})
            </option>
          ))}
        </SelectField>
        <button type="submit">Thêm chức vụ</button>
      </Form>
    </Panel>
  );
}

function HistorySection({ history }: { history: LoaderData["history"] }) {
  return (
    <section aria-labelledby="history-title" className="stack">
      <h2 id="history-title">Quá trình sinh hoạt đảng</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Chi bộ</th>
              <th scope="col">Từ ngày</th>
              <th scope="col">Đến ngày</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{h.unitName}</td>
                <td className="nowrap">{formatDate(h.startedAt)}</td>
                <td className="nowrap">{h.endedAt ? formatDate(h.endedAt) : "nay"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function EditPersonForm({ reply, person }: { reply: IntentReply | undefined; person: LoaderData["person"] }) {
  const [form, fields] = useIntentForm("update-person", reply, UpdatePersonSchema, {
    memberCode: person.memberCode,
    familyName: person.familyName,
    middleName: person.middleName,
    givenName: person.givenName,
    gender: person.gender === "nam" || person.gender === "nu" ? person.gender : undefined,
    birthYear: person.birthYear ? String(person.birthYear) : undefined,
    phone: person.phone ?? undefined,
    email: person.email ?? undefined,
  });
  return (
    <Panel title="Sửa thông tin" open={reply?.intent === "update-person"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="update-person" />
        <FormErrors errors={form.errors} />
        <PersonFields fields={fields} />
        <button type="submit">Lưu thông tin</button>
      </Form>
    </Panel>
  );
}

function MovePersonForm({ reply, cells }: { reply: IntentReply | undefined; cells: LoaderData["cells"] }) {
  const [form, fields] = useIntentForm("move-person", reply, MovePersonSchema);
  return (
    <Panel title="Chuyển sinh hoạt sang chi bộ khác" open={reply?.intent === "move-person"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="move-person" />
        <FormErrors errors={form.errors} />
        <SelectField label="Chi bộ mới" hint="Quá trình sinh hoạt cũ được giữ lại." errors={fields.cellId.errors} {...getSelectProps(fields.cellId)}>
          <option value="">— Chọn chi bộ —</option>
          {cells.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.parentName ? ` — ${c.parentName}` : ""}
            </option>
          ))}
        </SelectField>
        <button type="submit">Chuyển sinh hoạt</button>
      </Form>
    </Panel>
  );
}

function ActiveForm({ reply, active }: { reply: IntentReply | undefined; active: boolean }) {
  const intent = active ? "deactivate-person" : "reactivate-person";
  const [form] = useIntentForm(intent, reply, active ? DeactivatePersonSchema : ReactivatePersonSchema);
  return (
    <Panel title={active ? "Thôi sinh hoạt" : "Sinh hoạt trở lại"} open={reply?.intent === intent}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent={intent} />
        <FormErrors errors={form.errors} />
        <p>{active ? "Các chức vụ hiện giữ sẽ kết thúc hôm nay." : "Đảng viên sinh hoạt trở lại tại chi bộ hiện tại."}</p>
        <button type="submit" className="secondary">
          {active ? "Ghi nhận thôi sinh hoạt" : "Sinh hoạt trở lại"}
        </button>
      </Form>
    </Panel>
  );
}

function AccountSection({ data, reply }: { data: LoaderData; reply: IntentReply | undefined }) {
  const account = data.account;
  return (
    <section aria-labelledby="account-title" className="stack">
      <h2 id="account-title">Tài khoản</h2>
      {account ? (
        <>
          <p className="row">
            <span>
              Tên đăng nhập: <strong>{account.username}</strong>
            </span>
            {account.disabledAt ? (
              <span className="badge badge-bad">Đã khóa {formatDateTime(account.disabledAt)}</span>
            ) : (
              <span className="badge badge-ok">Đang hoạt động</span>
            )}
          </p>
          <GrantsList grants={account.grants} reply={reply} />
          <GrantForm reply={reply} roles={data.grantRoles} units={data.grantUnits} />
          {account.manageable ? (
            <>
              <ResetPasswordForm reply={reply} />
              <ToggleAccountForm reply={reply} disabled={!!account.disabledAt} />
            </>
          ) : (
            <p className="muted">Tài khoản này có quyền ngoài phạm vi đồng chí quản lý: chỉ cấp trên mới đặt lại mật khẩu hoặc khóa được.</p>
          )}
        </>
      ) : data.person.active ? (
        <CreateAccountForm reply={reply} />
      ) : (
        <p className="muted">Đảng viên đã thôi sinh hoạt: không tạo tài khoản.</p>
      )}
    </section>
  );
}

function GrantsList({ grants, reply }: { grants: NonNullable<LoaderData["account"]>["grants"]; reply: IntentReply | undefined }) {
  return (
    <div className="stack">
      <h3>Vai trò</h3>
      <FormErrors errors={replyMessages(reply, "revoke-role")} />
      {grants.length ? (
        <ul className="plain-list">
          {grants.map((g) => (
            <li key={g.id} className="spread">
              <span>
                {ROLES[g.role]} · {g.unitName}
              </span>
              {g.revocable ? (
                <Form method="post">
                  <IntentField intent="revoke-role" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button type="submit" className="secondary button-small" aria-label={`Thu hồi vai trò ${ROLES[g.role]} tại ${g.unitName}`}>
                    Thu hồi
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có vai trò nào.</p>
      )}
    </div>
  );
}

function GrantForm({ reply, roles, units }: { reply: IntentReply | undefined; roles: Role[]; units: LoaderData["grantUnits"] }) {
  const [form, fields] = useIntentForm("grant-role", reply, GrantRoleSchema);
  return (
    <Panel title="Cấp vai trò" open={reply?.intent === "grant-role"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="grant-role" />
        <FormErrors errors={form.errors} />
        <SelectField label="Vai trò" errors={fields.role.errors} {...getSelectProps(fields.role)}>
          <option value="">— Chọn vai trò —</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLES[r]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Tại đơn vị"
          hint="Vai trò có hiệu lực trong đơn vị này và các đơn vị trực thuộc."
          errors={fields.unitId.errors}
          {...getSelectProps(fields.unitId)}
        >
          <option value="">— Chọn đơn vị —</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <button type="submit">Cấp vai trò</button>
      </Form>
    </Panel>
  );
}

function CreateAccountForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("create-account", reply, AccountFormShape);
  return (
    <Panel title="Tạo tài khoản" open>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="create-account" />
        <FormErrors errors={form.errors} />
        <Field
          label="Tên đăng nhập"
          autoComplete="off"
          hint="Chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang."
          errors={fields.username.errors}
          {...getInputProps(fields.username, { type: "text" })}
        />
        <Field
          label="Mật khẩu ban đầu"
          autoComplete="new-password"
          hint="Ít nhất 8 ký tự, có cả chữ và số."
          errors={fields.password.errors}
          {...getInputProps(fields.password, { type: "password" })}
        />
        <button type="submit">Tạo tài khoản</button>
      </Form>
    </Panel>
  );
}

function ResetPasswordForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("reset-password", reply, PasswordFormShape);
  return (
    <Panel title="Đặt lại mật khẩu" open={reply?.intent === "reset-password"}>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="reset-password" />
        <FormErrors errors={form.errors} />
        <Field
          label="Mật khẩu mới"
          autoComplete="new-password"
          hint="Ít nhất 8 ký tự, có cả chữ và số."
          errors={fields.password.errors}
          {...getInputProps(fields.password, { type: "password" })}
        />
        <button type="submit">Đặt lại mật khẩu</button>
      </Form>
    </Panel>
  );
}

function ToggleAccountForm({ reply, disabled }: { reply: IntentReply | undefined; disabled: boolean }) {
  const intent = disabled ? "enable-account" : "disable-account";
  const [form] = useIntentForm(intent, reply, AccountToggleShape);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent={intent} />
      <FormErrors errors={form.errors} />
      <button type="submit" className="secondary">
        {disabled ? "Mở khóa tài khoản" : "Khóa tài khoản"}
      </button>
    </Form>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(`${data ? fullName(data.person) : "Đảng viên"} · Quản trị`, "Hồ sơ đảng viên: đơn vị, chức danh, tài khoản và quyền.");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
