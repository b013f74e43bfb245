import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { changePassword } from "~/auth/account.server";
import { clientIp } from "~/auth/login.server";
import { ChangePasswordSchema } from "~/auth/password-schema";
import { invalidateOtherSessions, requireUser } from "~/auth/session.server";
import { Field, FormErrors } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { username: user.username, displayName: user.displayName };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const result = await changePassword({ userId: user.id, ...submission.value, ip: clientIp(request) });
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { currentPassword: [result.error] }, hideFields }), { status: 400 });
  }
  await invalidateOtherSessions(user.id, request);
  return redirectWithFlash(request, "/tai-khoan", "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.");
}

export default function AccountPage() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "doi-mat-khau",
    lastResult,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <section className="card auth-card" aria-labelledby="account-title">
      <h1 id="account-title">Đổi mật khẩu</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <Field
          label="Mật khẩu hiện tại"
          autoComplete="current-password"
          errors={fields.currentPassword.errors}
          {...getInputProps(fields.currentPassword, { type: "password" })}
          id={fields.currentPassword.id}
        />
        <Field
          label="Mật khẩu mới"
          hint="Ít nhất 8 ký tự, có cả chữ và số."
          autoComplete="new-password"
          errors={fields.newPassword.errors}
          {...getInputProps(fields.newPassword, { type: "password" })}
          id={fields.newPassword.id}
        />
        <Field
          label="Nhập lại mật khẩu mới"
          autoComplete="new-password"
          errors={fields.confirmPassword.errors}
          {...getInputProps(fields.confirmPassword, { type: "password" })}
          id={fields.confirmPassword.id}
        />
        <button type="submit">Đổi mật khẩu</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Đổi mật khẩu", "Đổi mật khẩu tài khoản của đồng chí.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
