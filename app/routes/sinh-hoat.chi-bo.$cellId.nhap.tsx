import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localDate } from "~/utils/dates";
import { TableWrap } from "~/completion/figure-parts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { requireCellRecorder } from "~/meetings/access.server";
import { day, kindLabel } from "~/meetings/components";
import { importHistory, importSummary, listImportedMeetings } from "~/meetings/history-import.server";
import { HistoryImportSchema } from "~/meetings/schemas";
import { redirectWithFlash } from "~/utils/flash.server";
import { readUpload, requireId } from "~/utils/request.server";
import { MAX_UPLOAD_BYTES, readSheet } from "~/utils/sheets.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  return { cell: { id: cell.id, name: cell.name }, imported: await listImportedMeetings(cell.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  const submission = parseWithZod(await readUpload(request, { maxFileBytes: MAX_UPLOAD_BYTES }), { schema: HistoryImportSchema });
  if (submission.status !== "success") return invalidInput(UPLOAD, submission);
  const sheet = await readSheet(submission.value.file);
  if (!sheet.ok) return refused(UPLOAD, submission, sheet);
  const result = await importHistory({ cellId: cell.id, rows: sheet.rows, lines: sheet.lines, today: localDate(new Date()), userId: user.id });
  if (!result.ok) return refused(UPLOAD, submission, result);
  return redirectWithFlash(request, `/sinh-hoat/chi-bo/${cell.id}/nhap`, importSummary(result));
}

const UPLOAD = "upload";

export default function HistoryImport() {
  const { cell, imported } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [form, fields] = useIntentForm(UPLOAD, reply, HistoryImportSchema);
  return (
    <section className="stack">
      <p>
        <Link to={`/sinh-hoat/chi-bo/${cell.id}`}>‹ Sổ sinh hoạt · {cell.name}</Link>
      </p>
      <h1>Nhập sổ sinh hoạt cũ từ tệp</h1>
      <p>
        Các kỳ sinh hoạt trước khi chi bộ dùng nền tảng, ghi trong sổ sinh hoạt trên Excel: mỗi dòng là một đảng viên ở một kỳ sinh hoạt (ngày họp, loại, mã
        đảng viên, điểm danh, lý do vắng). Tải{" "}
        <a href={`/sinh-hoat/chi-bo/${cell.id}/nhap/mau.xlsx`} download>
          tệp mẫu (.xlsx)
        </a>{" "}
        có sẵn danh sách đảng viên của chi bộ, chép danh sách xuống cho từng kỳ rồi điểm danh: <strong>x</strong> (có mặt), <strong>P</strong> (vắng có lý do),
        <strong> KP</strong> (vắng không lý do).
      </p>
      <p className="small muted">
        Cả tệp được nhập một lần: có dòng lỗi thì chưa nhập gì. Kỳ sinh hoạt đã có trong sổ được bỏ qua, nên nhập lại cùng một tệp không ghi thêm gì. Không nhập
        ngày chưa tới. Tệp CSV lưu từ Excel hay LibreOffice Calc (UTF-8, Windows-1258) và tệp “Unicode text” (.txt) đều đọc được.
      </p>
      <FormErrors errors={form.errors} />
      <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
        <IntentField intent="upload" />
        <Field
          label="Tệp sổ sinh hoạt (.xlsx hoặc .csv)"
          errors={fields.file.errors}
          {...getInputProps(fields.file, { type: "file" })}
          accept=".xlsx,.csv,.txt"
          required
        />
        <p>
          <button type="submit">Nhập sổ sinh hoạt</button>
        </p>
      </Form>
      <h2>Các kỳ sinh hoạt đã nhập từ tệp ({imported.length})</h2>
      {imported.length ? (
        <TableWrap label="Các kỳ sinh hoạt đã nhập từ tệp">
          <table>
            <thead>
              <tr>
                <th scope="col">Ngày họp</th>
                <th scope="col">Loại</th>
                <th scope="col" className="num">
                  Có mặt
                </th>
              </tr>
            </thead>
            <tbody>
              {imported.map((m) => (
                <tr key={`${m.heldOn}:${m.kind}`}>
                  <th scope="row">
                    {day(m.heldOn)} <span className="badge">nhập từ tệp</span>
                  </th>
                  <td>
                    {kindLabel(m.kind)}
                    {m.topic ? `: ${m.topic}` : ""}
                  </td>
                  <td className="num">
                    {m.present}/{m.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p className="muted">Chưa nhập kỳ sinh hoạt nào từ tệp.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Nhập sổ sinh hoạt", "Nhập các kỳ sinh hoạt đã qua của chi bộ, với điểm danh từng đảng viên, từ tệp Excel hoặc CSV theo tệp mẫu.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
