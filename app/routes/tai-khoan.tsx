import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { changePassword } from "~/auth/account.server";
import { clientIp } from "~/auth/login.server";
import { ChangePasswordSchema } from "~/auth/password-schema";
import { invalidateOtherSessions, requireUser } from "~/auth/session.server";
import { Field, FormErrors } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useIntentForm } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { username: user.username, displayName: user.displayName };
}

/** The page's one form; its replies come back under this name. */
const PASSWORD_FORM = "doi-mat-khau";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema });
  if (submission.status !== "success") return invalidInput(PASSWORD_FORM, submission);
  const result = await changePassword({ userId: user.id, ...submission.value, ip: clientIp(request) });
  if (!result.ok) return refused(PASSWORD_FORM, submission, result);
  await invalidateOtherSessions(user.id, request);
  return redirectWithFlash(request, "/tai-khoan", "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.");
}

export default function AccountPage() {
  const [form, fields] = useIntentForm(PASSWORD_FORM, useActionData<typeof action>(), ChangePasswordSchema);
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
