import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authenticate, clientIp } from "~/auth/login.server";
import { createSessionCookie, getSessionUser, safeRedirectTo } from "~/auth/session.server";
import { Field, FormErrors } from "~/components/field";

const LoginSchema = z.object({
  login: z.string({ required_error: "Vui lòng nhập tên đăng nhập hoặc số điện thoại." }).trim().max(100, "Tên đăng nhập quá dài."),
  password: z.string({ required_error: "Vui lòng nhập mật khẩu." }).max(200, "Mật khẩu quá dài."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) {
    throw redirect(safeRedirectTo(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { login, password, redirectTo } = submission.value;
  const result = await authenticate({ login, password, ip: clientIp(request) });
  if (!result.ok) {
    return data(submission.reply({ formErrors: [result.error], hideFields: ["password"] }), { status: 400 });
  }
  return redirect(safeRedirectTo(redirectTo), {
    headers: { "Set-Cookie": await createSessionCookie(result.userId) },
  });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "dang-nhap",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <section className="card auth-card" aria-labelledby="login-title">
      <h1 id="login-title">Đăng nhập</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field
          label="Tên đăng nhập hoặc số điện thoại"
          autoComplete="username"
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

export const meta: MetaFunction = () => [
  { title: "Đăng nhập · Bí thư chi bộ giỏi" },
  { name: "description", content: "Đăng nhập bằng tên đăng nhập hoặc số điện thoại để học tập, dự thi và theo dõi tập huấn." },
];
