import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { scopesOf } from "~/auth/permissions";
import { notFound, requirePermission } from "~/auth/permissions.server";
import { listOrganisingUnits } from "~/completion/campaigns.server";
import { CHANGE_LABELS } from "~/completion/roster-labels";
import { commitRoster, previewRoster } from "~/completion/roster.server";
import { parseCommittedRows, RosterImportSchema, RosterPreviewSchema } from "~/completion/roster-forms";
import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { refuse } from "~/forms/command";
import { IntentField, replyMessages, useIntentForm } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { UnitOptions, TableWrap } from "~/completion/figure-parts";
import { MAX_UPLOAD_BYTES, readSheet } from "~/utils/sheets.server";
import { positionLabel } from "~/completion/tables";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { getUnit } from "~/org/units.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormOrUpload } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  return { units: await listOrganisingUnits({ scopes: scopesOf(user, "org.manage") }) };
}

/** The preview's rows sent back to commit: up to MAX_ROSTER_ROWS rows of JSON, form-encoded. */
const MAX_COMMIT_BYTES = 4 * 1024 * 1024;

async function requireScope(request: Request, unitId: number) {
  await requirePermission(request, "org.manage", unitId);
  const unit = await getUnit(unitId);
  if (!unit) notFound("Không tìm thấy đơn vị.");
  return unit;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org.manage");
  // The file is streamed with a per-file limit; the commit (rows of the preview) is a plain form.
  const form = await readFormOrUpload(request, { maxFileBytes: MAX_UPLOAD_BYTES, maxBytes: MAX_COMMIT_BYTES });
  const intent = intentOf(form);
  const submission = parseWithZod(form, { schema: RosterImportSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const unit = await requireScope(request, value.unitId);
  if (value.intent === "commit") {
    const parsed = parseCommittedRows(value.rows);
    if (!parsed.success) return refused(intent, submission, refuse("Dữ liệu xem trước không hợp lệ. Hãy tải tệp lên lại."));
    const result = await commitRoster({ rows: parsed.data.rows, scopePath: unit.path, actorScopes: scopesOf(user, "org.manage"), userId: user.id });
    if (!result.ok) {
      const lines = result.errors.map((e) => e.message);
      return refused(intent, submission, { ...refuse("Dữ liệu đã thay đổi từ lúc xem trước; chưa nhập gì."), lines });
    }
    const c = result.counts;
    return redirectWithFlash(
      request,
      "/bao-cao/nhap-danh-sach",
      `Đã nhập danh sách: thêm ${c.moi}, cập nhật ${c["cap-nhat"]}, chuyển chi bộ ${c["chuyen-chi-bo"]}, không đổi ${c["khong-doi"]}.`,
    );
  }
  const sheet = await readSheet(value.file);
  if (!sheet.ok) return refused(intent, submission, sheet);
  const preview = await previewRoster({ rows: sheet.rows, lines: sheet.lines, scopePath: unit.path, actorScopes: scopesOf(user, "org.manage") });
  if (preview.errors.length) {
    const lines = preview.errors.map((e) => e.message);
    return refused(intent, submission, { ...refuse("Tệp có lỗi; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:"), lines });
  }
  return {
    intent: "preview" as const,
    stage: "preview" as const,
    unitId: unit.id,
    unitName: unit.name,
    counts: preview.counts,
    rows: JSON.stringify(preview.rows),
    plans: preview.plans.slice(0, 200).map((p) => ({
      line: p.row.line,
      memberCode: p.row.memberCode,
      name: [p.row.familyName, p.row.middleName, p.row.givenName].filter(Boolean).join(" "),
      cellId: p.row.cellId,
      positions: p.row.positions,
      change: p.change,
    })),
    total: preview.plans.length,
  };
}

export default function RosterImportPage() {
  const { units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData && "result" in actionData ? actionData : undefined;
  const result = actionData && "stage" in actionData ? actionData : undefined;
  const [form, fields] = useIntentForm("preview", reply, RosterPreviewSchema);
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao">‹ Báo cáo</Link>
      </p>
      <h1>Nhập danh sách đảng viên và chức vụ</h1>
      <p>
        Tải{" "}
        <a href="/bao-cao/nhap-danh-sach/mau.xlsx" download>
          tệp mẫu (.xlsx)
        </a>
        , điền mỗi đảng viên một dòng (mã chi bộ ở trang “Mã chi bộ”, chức vụ ghi như trang “Chức vụ”), rồi tải lên để xem trước. Nhập lại cùng một tệp không
        làm thay đổi gì; đảng viên được nhận ra theo mã đảng viên; chuyển chi bộ vẫn giữ lịch sử. Tệp CSV lưu từ Excel hay LibreOffice Calc (UTF-8,
        Windows-1258) và tệp “Unicode text” (.txt) đều đọc được.
      </p>
      <FormErrors errors={replyMessages(reply, "commit")} />
      {result ? (
        <section aria-labelledby="xem-truoc" className="card">
          <h2 id="xem-truoc">
            Xem trước: {result.total} dòng cho {result.unitName}
          </h2>
          <ul>
            {Object.entries(result.counts).map(([k, n]) => (
              <li key={k}>
                {CHANGE_LABELS[k as keyof typeof CHANGE_LABELS]}: {n}
              </li>
            ))}
          </ul>
          <TableWrap label="Bảng xem trước">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Dòng
                  </th>
                  <th scope="col">Mã đảng viên</th>
                  <th scope="col">Họ và tên</th>
                  <th scope="col" className="num">
                    Mã chi bộ
                  </th>
                  <th scope="col">Chức vụ</th>
                  <th scope="col">Thay đổi</th>
                </tr>
              </thead>
              <tbody>
                {result.plans.map((p) => (
                  <tr key={p.line}>
                    <td className="num">{p.line}</td>
                    <td>{p.memberCode}</td>
                    <th scope="row">{p.name}</th>
                    <td className="num">{p.cellId}</td>
                    <td>{p.positions.map(positionLabel).join(", ")}</td>
                    <td>{CHANGE_LABELS[p.change]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="commit" />
            <input type="hidden" name="unitId" value={result.unitId} />
            <input type="hidden" name="rows" value={result.rows} />
            <button type="submit">Nhập {result.total} dòng</button>
            <Link to="/bao-cao/nhap-danh-sach">Hủy</Link>
          </Form>
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
        <IntentField intent="preview" />
        <FormErrors errors={form.errors} />
        <SelectField label="Đơn vị" errors={fields.unitId.errors} {...getSelectProps(fields.unitId)} id="unitId">
          <UnitOptions units={units} />
        </SelectField>
        <Field
          label="Tệp danh sách (.xlsx hoặc .csv)"
          errors={fields.file.errors}
          {...getInputProps(fields.file, { type: "file" })}
          id="file"
          accept=".xlsx,.csv,.txt"
        />
        <button type="submit">Xem trước</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Nhập danh sách", "Nhập danh sách đảng viên và chức danh từ tệp Excel hoặc CSV theo tệp mẫu.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
