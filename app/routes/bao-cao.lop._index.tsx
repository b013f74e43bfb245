import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { can, scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { listOrganisingUnits } from "~/completion/campaigns.server";
import { UnitOptions, TableWrap } from "~/completion/figure-parts";
import { createClass, listClasses } from "~/completion/classes.server";
import { TRACKS } from "~/completion/rules";
import { formatDay } from "~/utils/dates";
import { ClassSchema } from "~/completion/schemas";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { useIntentForm } from "~/forms/intent-form";
import { invalidInput } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const scopes = scopesOf(user, "org.manage");
  const [classes, units] = await Promise.all([listClasses({ scopes }), listOrganisingUnits({ scopes })]);
  return { classes: classes.map(({ unitPath, ...c }) => ({ ...c, editable: can(user, "org.manage", unitPath) })), units };
}

/** The page's one form; its replies come back under this name. */
const CLASS_FORM = "tao-lop";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  const submission = parseWithZod(await readForm(request), { schema: ClassSchema });
  if (submission.status !== "success") return invalidInput(CLASS_FORM, submission);
  await requirePermission(request, "org.manage", submission.value.unitId);
  const id = await createClass({ value: submission.value, userId: user.id });
  return redirectWithFlash(request, `/bao-cao/lop/${id}`, "Đã tạo lớp tập huấn. Hãy ghi nhận người dự lớp.");
}

export default function ClassesPage() {
  const { classes, units } = useLoaderData<typeof loader>();
  const [form, fields] = useIntentForm(CLASS_FORM, useActionData<typeof action>(), ClassSchema);
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao">‹ Báo cáo</Link>
      </p>
      <h1>Lớp tập huấn trực tiếp</h1>
      {classes.length ? (
        <TableWrap label="Bảng lớp tập huấn">
          <table>
            <thead>
              <tr>
                <th scope="col">Lớp</th>
                <th scope="col">Chương trình</th>
                <th scope="col">Thời gian</th>
                <th scope="col">Địa điểm</th>
                <th scope="col" className="num">
                  Số người dự
                </th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.editable ? <Link to={`/bao-cao/lop/${c.id}`}>{c.name}</Link> : c.name}
                    <div className="small muted">{c.unitName}</div>
                  </th>
                  <td>{TRACKS[c.track as keyof typeof TRACKS] ?? c.track}</td>
                  <td>{c.startsOn === c.endsOn ? formatDay(c.startsOn) : `${formatDay(c.startsOn)} – ${formatDay(c.endsOn)}`}</td>
                  <td>{c.place}</td>
                  <td className="num">{c.attendees}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>Chưa có lớp tập huấn nào.</p>
      )}
      <h2>Mở lớp mới</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <Field id="name" name="name" label="Tên lớp" required errors={fields.name.errors} />
        <SelectField id="track" name="track" label="Chương trình" errors={fields.track.errors} defaultValue="B">
          {Object.entries(TRACKS).map(([code, label]) => (
            <option
              key={code}
              value={code}
            >{`${label} (${code === "A" ? "cấp ủy viên cơ sở, cán bộ chuyên trách; 1 ngày" : "bí thư, phó bí thư, chi ủy viên, đảng vụ; 1–2 ngày"})`}</option>
          ))}
        </SelectField>
        <SelectField id="unitId" name="unitId" label="Đơn vị tổ chức" errors={fields.unitId.errors}>
          <UnitOptions units={units} />
        </SelectField>
        <Field id="startsOn" name="startsOn" type="date" label="Ngày khai giảng" required errors={fields.startsOn.errors} />
        <Field id="endsOn" name="endsOn" type="date" label="Ngày bế giảng" required errors={fields.endsOn.errors} />
        <Field id="place" name="place" label="Địa điểm" defaultValue="Trường Chính trị tỉnh" required errors={fields.place.errors} />
        <TextareaField id="lecturers" name="lecturers" label="Giảng viên" required errors={fields.lecturers.errors} />
        <button type="submit">Mở lớp</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Lớp tập huấn", "Các lớp tập huấn trực tiếp của đơn vị: ngày học, chuyên đề và số học viên có mặt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
