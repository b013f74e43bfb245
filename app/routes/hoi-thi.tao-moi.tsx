import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { createContest, listOrganisingUnits } from "~/contest/contests.server";
import { ContestSchema } from "~/contest/schemas";
import { CONTEST_LEVELS } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { useIntentForm, type IntentReply } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const INTENT = "tao-hoi-thi";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "contest.manage");
  return { units: await listOrganisingUnits(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "contest.manage");
  const submission = parseWithZod(await readForm(request), { schema: ContestSchema });
  if (submission.status !== "success") return invalidInput(INTENT, submission);
  const result = await createContest({ user, ...submission.value });
  if (!result.ok) return refused(INTENT, submission, result);
  return redirectWithFlash(request, `/hoi-thi/${result.id}`, "Đã tạo hội thi. Hãy thêm các vòng thi.");
}

export default function CreateContestPage() {
  const { units } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [form, fields] = useIntentForm(INTENT, reply, ContestSchema, {
    prizes: "Giải Nhất: 1\nGiải Nhì: 2\nGiải Ba: 3\nGiải Khuyến khích: 4",
  });
  return (
    <section className="card narrow-card">
      <h1>Tạo hội thi</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <Field label="Tên hội thi" errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} id={fields.name.id} />
        <SelectField label="Cấp hội thi" errors={fields.level.errors} {...getSelectProps(fields.level)} id={fields.level.id}>
          <option value="">— Chọn —</option>
          {Object.entries(CONTEST_LEVELS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Đơn vị tổ chức" errors={fields.unitId.errors} {...getSelectProps(fields.unitId)} id={fields.unitId.id}>
          <option value="">— Chọn —</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <div className="form-grid-2">
          <Field label="Ngày bắt đầu" errors={fields.startsOn.errors} {...getInputProps(fields.startsOn, { type: "date" })} id={fields.startsOn.id} />
          <Field label="Ngày kết thúc" errors={fields.endsOn.errors} {...getInputProps(fields.endsOn, { type: "date" })} id={fields.endsOn.id} />
        </div>
        <TextareaField label="Thể lệ" rows={6} errors={fields.rules.errors} {...getTextareaProps(fields.rules)} id={fields.rules.id} />
        <TextareaField
          label="Cơ cấu giải thưởng"
          hint='Mỗi dòng một giải, dạng "Giải Nhất: 1" (tên giải: số giải).'
          rows={4}
          errors={fields.prizes.errors}
          {...getTextareaProps(fields.prizes)}
          id={fields.prizes.id}
        />
        <button type="submit">Tạo hội thi</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Tạo hội thi", "Tạo hội thi “Bí thư chi bộ giỏi” cấp cơ sở hoặc cấp khối: cấp tổ chức, thời gian và người ký.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
