import { MAX_SERIAL_ID } from "~/utils/ids";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  listAttendanceChecklist,
  requireClassManager,
  listSubunits,
  readAttendanceSheet,
  resolveMemberCodes,
  updateAttendance,
} from "~/completion/classes.server";
import { ATTENDANCE_CODE_HEADER, ATTENDANCE_MARK_HEADER } from "~/completion/class-sheet";
import { TRACKS } from "~/completion/rules";
import { formatDay } from "~/utils/dates";
import { MAX_UPLOAD_BYTES, readSheet } from "~/utils/sheets.server";
import { TableWrap } from "~/completion/figure-parts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ClassChecklistSchema, ClassPageSchema, ClassUploadSchema } from "~/completion/class-forms";
import { refuse } from "~/forms/command";
import { IntentField, useIntentForm } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormOrUpload } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cls } = await requireClassManager(request, params);
  const subunits = await listSubunits(cls.unitId);
  const filter = z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_SERIAL_ID)
    .optional()
    .catch(undefined)
    .parse(new URL(request.url).searchParams.get("don-vi") ?? undefined);
  const chosen = subunits.find((s) => s.id === filter);
  const people = await listAttendanceChecklist({ trainingClass: cls, path: chosen?.path });
  return { cls, subunits: subunits.map(({ id, name }) => ({ id, name })), chosen: chosen?.id ?? null, people };
}

/** A checklist of 20,000 people, each sent as shown and present (≈ 13 bytes a field). */
const CHECKLIST_BYTES = 1024 * 1024;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cls } = await requireClassManager(request, params);
  // Only the upload form is multipart: its file is streamed with a per-file limit.
  const form = await readFormOrUpload(request, { maxFileBytes: MAX_UPLOAD_BYTES, maxBytes: CHECKLIST_BYTES });
  const intent = intentOf(form);
  const submission = parseWithZod(form, { schema: ClassPageSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const value = submission.value;
  const back = new URL(request.url).pathname + new URL(request.url).search;
  if (value.intent === "upload") {
    const sheet = await readSheet(value.file);
    if (!sheet.ok) return refused(intent, submission, sheet);
    const read = readAttendanceSheet(sheet);
    if (!read.ok) return refused(intent, submission, { ...refuse(read.errors[0] ?? "Tệp không đọc được."), lines: read.errors.slice(1) });
    const codes = [...read.present, ...read.absent];
    const found = await resolveMemberCodes({ trainingClass: cls, codes });
    const unknown = codes.filter((c) => !found.has(c));
    if (unknown.length) {
      const listed = `${unknown.slice(0, 20).join(", ")}${unknown.length > 20 ? "…" : ""}`;
      return refused(intent, submission, refuse(`Không có đảng viên mang mã sau trong đơn vị tổ chức lớp: ${listed}. Chưa ghi nhận gì.`));
    }
    const result = await updateAttendance({
      trainingClass: cls,
      present: read.present.map((c) => found.get(c)!),
      absent: read.absent.map((c) => found.get(c)!),
      userId: user.id,
    });
    if (!result.ok) return refused(intent, submission, result);
    if (read.checklist) return redirectWithFlash(request, back, `Đã lưu điểm danh từ tệp: thêm ${result.added}, bỏ ${result.removed} người.`);
    return redirectWithFlash(request, back, `Đã ghi nhận thêm ${result.added} người dự lớp từ tệp.`);
  }
  const result = await updateAttendance({
    trainingClass: cls,
    present: value.present,
    absent: value.shown.filter((id) => !value.present.includes(id)),
    userId: user.id,
  });
  if (!result.ok) return refused(intent, submission, result);
  return redirectWithFlash(request, back, `Đã lưu điểm danh: thêm ${result.added}, bỏ ${result.removed} người.`);
}

export default function ClassPage() {
  const { cls, subunits, chosen, people } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [uploadForm, uploadFields] = useIntentForm("upload", reply, ClassUploadSchema);
  const [checklistForm] = useIntentForm("checklist", reply, ClassChecklistSchema);
  const attended = people.filter((p) => p.attended).length;
  return (
    <section className="stack completion">
      <p>
        <Link to="/bao-cao/lop">‹ Lớp tập huấn</Link>
      </p>
      <h1>{cls.name}</h1>
      <dl className="figures">
        <div>
          <dt>Chương trình</dt>
          <dd>{TRACKS[cls.track as keyof typeof TRACKS] ?? cls.track}</dd>
        </div>
        <div>
          <dt>Thời gian</dt>
          <dd>{cls.startsOn === cls.endsOn ? formatDay(cls.startsOn) : `${formatDay(cls.startsOn)} – ${formatDay(cls.endsOn)}`}</dd>
        </div>
        <div>
          <dt>Địa điểm</dt>
          <dd>{cls.place}</dd>
        </div>
        <div>
          <dt>Đơn vị tổ chức</dt>
          <dd>{cls.unitName}</dd>
        </div>
      </dl>
      <p>
        <strong>Giảng viên:</strong> {cls.lecturers}
      </p>
      <h2>Nhập danh sách dự lớp từ tệp</h2>
      <p>
        Tải{" "}
        <a href={`/bao-cao/lop/${cls.id}/mau.xlsx`} download>
          tệp mẫu điểm danh (.xlsx)
        </a>{" "}
        có sẵn danh sách dưới đây, ghi x vào cột “{ATTENDANCE_MARK_HEADER}” cho người dự lớp (để trống nếu không dự) rồi tải lên. Tệp chỉ có cột “
        {ATTENDANCE_CODE_HEADER}” thì mọi mã trong tệp được ghi nhận là có dự lớp.
      </p>
      <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(uploadForm)}>
        <IntentField intent="upload" />
        <FormErrors errors={uploadForm.errors} />
        <Field
          label={`Tệp Excel (.xlsx) hoặc CSV có cột “${ATTENDANCE_CODE_HEADER}”`}
          errors={uploadFields.file.errors}
          {...getInputProps(uploadFields.file, { type: "file" })}
          id="file"
          accept=".xlsx,.csv,.txt"
        />
        <button type="submit">Ghi nhận từ tệp</button>
      </Form>
      <h2>
        Điểm danh ({attended}/{people.length} người trong danh sách dưới đây)
      </h2>
      {subunits.length ? (
        <Form method="get" className="row">
          <label htmlFor="don-vi">Lọc theo đơn vị</label>
          <select id="don-vi" name="don-vi" defaultValue={chosen ?? ""}>
            <option value="">Tất cả</option>
            {subunits.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button-small">
            Lọc
          </button>
        </Form>
      ) : null}
      <Form method="post" {...getFormProps(checklistForm)}>
        <IntentField intent="checklist" />
        <FormErrors errors={checklistForm.errors} />
        <TableWrap label="Bảng điểm danh">
          <table>
            <thead>
              <tr>
                <th scope="col">Dự lớp</th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Chi bộ</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.personId}>
                  <td>
                    <input type="hidden" name="shown" value={p.personId} />
                    <input type="checkbox" name="present" value={p.personId} defaultChecked={p.attended} id={`present-${p.personId}`} />
                  </td>
                  <th scope="row">
                    <label htmlFor={`present-${p.personId}`}>{p.name}</label> <span className="small muted">{p.memberCode}</span>
                  </th>
                  <td>{p.cellName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <button type="submit">Lưu điểm danh</button>
        </p>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Lớp tập huấn", "Danh sách học viên của lớp tập huấn trực tiếp và điểm danh, nhập từ tệp hoặc đánh dấu từng người.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
