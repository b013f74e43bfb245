import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { useIntentForm } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { OverrideSchema } from "~/quiz/override-schema";
import { grantOverrideInScope, listOverridesInScope, overridableQuizzes } from "~/quiz/overrides.server";
import { formatDateTime } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz.override");
  return { quizzes: overridableQuizzes(), overrides: await listOverridesInScope({ scopePaths: scopesOf(user, "quiz.override") }) };
}

/** The page's one form; its replies come back under this name. */
const OVERRIDE_FORM = "gia-han";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "quiz.override");
  const submission = parseWithZod(await readForm(request), { schema: OverrideSchema });
  if (submission.status !== "success") return invalidInput(OVERRIDE_FORM, submission);
  const result = await grantOverrideInScope({ ...submission.value, scopePaths: scopesOf(user, "quiz.override"), grantedBy: user.id });
  if (!result.ok) return refused(OVERRIDE_FORM, submission, result);
  return redirectWithFlash(request, "/kiem-tra/gia-han", `Đã ghi nhận gia hạn cho ${result.learner.name}.`);
}

export default function OverridesPage() {
  const { quizzes, overrides } = useLoaderData<typeof loader>();
  const [form, fields] = useIntentForm(OVERRIDE_FORM, useActionData<typeof action>(), OverrideSchema, { extraMinutes: 0, extraAttempts: 0 });
  return (
    <section className="stack" aria-labelledby="override-title">
      <p className="small">
        <Link to="/kiem-tra">← Kiểm tra</Link>
      </p>
      <h1 id="override-title">Gia hạn thời gian, thêm lượt làm bài</h1>
      <p>
        Dành cho trường hợp đặc biệt (mất điện, sự cố đường truyền, ốm đau…). Mỗi lần gia hạn được ghi lại cùng lý do và người cho phép. Thời gian thêm cũng áp
        dụng cho bài đang làm dở.
      </p>
      {/* Keyed on the latest override so the form starts empty again after a successful grant. */}
      <div className="card" key={overrides[0]?.id ?? 0}>
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field
            label="Học viên (tên đăng nhập hoặc mã đảng viên)"
            hint="Ví dụ: hocvien hoặc QB000123."
            errors={fields.learner.errors}
            {...getInputProps(fields.learner, { type: "text" })}
            id={fields.learner.id}
          />
          <SelectField label="Bài kiểm tra" errors={fields.quizKey.errors} {...getSelectProps(fields.quizKey)} id={fields.quizKey.id}>
            <option value="">— Chọn bài kiểm tra —</option>
            {quizzes.map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </SelectField>
          <Field
            label="Thêm thời gian (phút)"
            errors={fields.extraMinutes.errors}
            {...getInputProps(fields.extraMinutes, { type: "number" })}
            id={fields.extraMinutes.id}
          />
          <Field
            label="Thêm lượt làm bài"
            errors={fields.extraAttempts.errors}
            {...getInputProps(fields.extraAttempts, { type: "number" })}
            id={fields.extraAttempts.id}
          />
          <TextareaField label="Lý do" errors={fields.reason.errors} {...getTextareaProps(fields.reason)} id={fields.reason.id} />
          <button type="submit">Ghi nhận</button>
        </Form>
      </div>
      <h2>Các lần gia hạn gần đây</h2>
      {overrides.length === 0 ? (
        <p className="muted">Chưa có lần gia hạn nào.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Học viên</th>
                <th scope="col">Bài kiểm tra</th>
                <th scope="col" className="num">
                  Thêm phút
                </th>
                <th scope="col" className="num">
                  Thêm lượt
                </th>
                <th scope="col">Lý do</th>
                <th scope="col">Người cho phép</th>
              </tr>
            </thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.id}>
                  <td>{formatDateTime(o.createdAt)}</td>
                  <td>{o.learner}</td>
                  <td>{o.quiz}</td>
                  <td className="num">{o.extraMinutes}</td>
                  <td className="num">{o.extraAttempts}</td>
                  <td>{o.reason}</td>
                  <td>{o.grantedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Gia hạn bài kiểm tra", "Cho học viên thêm lượt làm bài hoặc thêm thời gian làm bài kiểm tra.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
