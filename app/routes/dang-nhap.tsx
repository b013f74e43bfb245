import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { authenticate, clientIp } from "~/auth/login.server";
import { cookieCheckHeader, createSessionCookie, getSessionUser, hasCookieCheck } from "~/auth/session.server";
import { Field, FormErrors } from "~/components/field";
import { useIntentForm } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { readForm } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { pageMeta } from "~/utils/meta";

const LoginSchema = z.object({
  login: z.string({ required_error: "Vui lòng nhập tên đăng nhập hoặc số điện thoại." }).trim().max(100, "Tên đăng nhập quá dài."),
  password: z.string({ required_error: "Vui lòng nhập mật khẩu." }).max(200, "Mật khẩu quá dài."),
  redirectTo: z.string().optional(),
});

const COOKIES_REFUSED =
  "Trình duyệt của đồng chí không lưu cookie của trang này nên không thể giữ phiên đăng nhập. " +
  "Đồng chí hãy cho phép cookie đối với trang này, tải lại trang rồi đăng nhập lại.";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getSessionUser(request)) throw redirect(redirectTo);
  // The login checks that this cookie came back: a browser that refuses it would drop the session too.
  return data({ redirectTo }, { headers: { "Set-Cookie": cookieCheckHeader(request) } });
}

/** The page's one form; its replies come back under this name. */
const LOGIN_FORM = "dang-nhap";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema });
  if (submission.status !== "success") return invalidInput(LOGIN_FORM, submission);
  if (!hasCookieCheck(request)) {
    // The refusal, with the check cookie sent again (the page may have been open since before it was set).
    const { data: body, init } = refused(LOGIN_FORM, submission, { message: COOKIES_REFUSED });
    return data(body, { ...init, headers: { "Set-Cookie": cookieCheckHeader(request) } });
  }
  const { login, password, redirectTo } = submission.value;
  const result = await authenticate({ login, password, ip: clientIp(request) });
  if (!result.ok) return refused(LOGIN_FORM, submission, result);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await createSessionCookie(result.userId, request) },
  });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [form, fields] = useIntentForm(LOGIN_FORM, useActionData<typeof action>(), LoginSchema);
  return (
    <section className="card auth-card" aria-labelledby="login-title">
      <h1 id="login-title">Đăng nhập</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="Tên đăng nhập hoặc số điện thoại"
          autoComplete="username"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- signing in is this page's one task and the field its first stop
          autoFocus
          errors={fields.login.errors}
          {...getInputProps(fields.login, { type: "text" })}
          id={fields.login.id}
        />
        <Field
          label="Mật khẩu"
          autoComplete="current-password"
          errors={fields.password.errors}
          {...getInputProps(fields.password, { type: "password" })}
          id={fields.password.id}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Đang đăng nhập…" : "Đăng nhập"}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Đăng nhập", "Đăng nhập bằng tên đăng nhập hoặc số điện thoại để học tập, dự thi và theo dõi tập huấn.");
