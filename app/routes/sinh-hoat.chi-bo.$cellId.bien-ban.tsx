import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { requireCellRecorder } from "~/meetings/access.server";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { attendanceLabel, day, kindLabel, meetingHref, RatingBadge, RatingOptions, formatPoints } from "~/meetings/components";
import { getRecord, saveRecord, saveSelfAssessment } from "~/meetings/record.server";
import { ATTENDANCE } from "~/meetings/rules";
import { MeetingKeySchema, RecordSchema, SelfAssessmentSchema } from "~/meetings/schemas";
import { formatNumber } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

const SPARE_TASK_ROWS = 3;

function meetingKey(request: Request, cellId: number) {
  const url = new URL(request.url);
  const key = MeetingKeySchema.safeParse({ ngay: url.searchParams.get("ngay") ?? undefined, loai: url.searchParams.get("loai") ?? undefined });
  return key.success ? { cellId, scheduledOn: key.data.ngay, kind: key.data.loai } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  const today = localDate(new Date());
  const key = meetingKey(request, cell.id);
  if (!key) return { cell: { id: cell.id, name: cell.name }, today, key: null, record: null };
  const record = await getRecord(key);
  return { cell: { id: cell.id, name: cell.name }, today, key, record };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  const key = meetingKey(request, cell.id);
  if (!key) throw data({ message: "Chưa chọn kỳ sinh hoạt (ngày và loại)." }, { status: 400 });
  const formData = await readForm(request);
  const back = meetingHref(`/sinh-hoat/chi-bo/${cell.id}/bien-ban`, key.scheduledOn, key.kind);
  if (intentOf(formData) === "self") {
    const submission = parseWithZod(formData, { schema: SelfAssessmentSchema });
    if (submission.status !== "success") return invalidInput("self", submission);
    const result = await saveSelfAssessment({ key, userId: user.id, rating: submission.value.rating, remarks: submission.value.remarks });
    if (!result.ok) return refused("self", submission, result);
    return redirectWithFlash(request, back, "Đã lưu tự đánh giá của chi bộ.");
  }
  const today = localDate(new Date());
  // The record's schema, with what only the server knows: today's date and the meeting's kind.
  const submission = parseWithZod(formData, {
    schema: RecordSchema.superRefine((v, ctx) => {
      if (v.heldOn > today) ctx.addIssue({ code: "custom", path: ["heldOn"], message: "Chưa đến ngày này: chỉ ghi biên bản kỳ đã sinh hoạt." });
      if (key.kind === "chuyen_de" && !v.topic) ctx.addIssue({ code: "custom", path: ["topic"], message: "Ghi chủ đề sinh hoạt chuyên đề." });
    }),
  });
  if (submission.status !== "success") return invalidInput("record", submission);
  const saved = await saveRecord({ key, value: submission.value, userId: user.id });
  if (!saved.ok) return refused("record", submission, saved);
  return redirectWithFlash(request, back, "Đã lưu biên bản sinh hoạt.");
}

export default function MeetingRecordPage() {
  const { cell, today, key, record } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const back = `/sinh-hoat/chi-bo/${cell.id}`;
  if (!key || !record) {
    return (
      <section className="stack">
        <p>
          <Link to={back}>‹ Sổ sinh hoạt {cell.name}</Link>
        </p>
        <h1>Ghi biên bản sinh hoạt</h1>
        <Form method="get" className="form">
          <Field id="ngay" name="ngay" type="date" label="Ngày sinh hoạt" defaultValue={today} required />
          <SelectField id="loai" name="loai" label="Loại sinh hoạt" defaultValue="thuong_ky">
            <option value="thuong_ky">{kindLabel("thuong_ky")}</option>
            <option value="chuyen_de">{kindLabel("chuyen_de")}</option>
          </SelectField>
          <p>
            <button type="submit">Tiếp tục</button>
          </p>
        </Form>
      </section>
    );
  }
  const m = record.meeting;
  const present = record.roll.filter((r) => r.status === "present").length;
  return (
    <section className="stack meeting-record">
      <p>
        <Link to={back}>‹ Sổ sinh hoạt {cell.name}</Link>
      </p>
      <h1>
        Biên bản sinh hoạt {kindLabel(key.kind).toLowerCase()} kỳ {day(key.scheduledOn)}
      </h1>
      {m?.status === "postponed" ? (
        <p className="badge badge-warn">
          Đã báo hoãn đến {day(m.postponedTo)}: {m.postponeReason}
        </p>
      ) : null}
      {record.recorded ? (
        <p className="muted">
          Đã ghi: sinh hoạt ngày {day(record.recorded.heldOn)}, có mặt {formatNumber(present)}/{formatNumber(record.roll.length)} đảng viên
          {record.recorded.source === "import" ? " (nhập từ sổ sinh hoạt cũ, chưa có nội dung biên bản)" : ""}. Sửa và lưu lại bất cứ lúc nào.
        </p>
      ) : null}

      {record.visits.length ? (
        <section className="card">
          <h2>Đánh giá của cấp trên dự sinh hoạt</h2>
          {record.visits.map((v, i) => (
            <div key={i} className="stack">
              <p>
                <RatingBadge rating={v.rating} /> {v.total ? `${formatPoints(v.total)} điểm` : null} · đồng chí {v.attendee} · gửi ngày{" "}
                {day(v.filedAt ? localDate(new Date(v.filedAt)) : null)}
              </p>
              {v.remarks ? <p className="pre-line">{v.remarks}</p> : null}
            </div>
          ))}
        </section>
      ) : null}

      {record.taskProblems.length ? (
        <div className="form-errors" role="status">
          <p>
            <strong>Nhiệm vụ cần cụ thể hơn</strong> (nghị quyết tránh “chung chung, chưa rõ việc”, Đề án 01-ĐA/ĐUK mục I.2.1):
          </p>
          {record.taskProblems.map((t) => (
            <p key={t.index}>
              Nhiệm vụ {t.index}: {t.problems.join("; ")}.
            </p>
          ))}
        </div>
      ) : null}

      <RecordForm reply={reply} record={record} kind={key.kind} scheduledOn={key.scheduledOn} today={today} />

      {record.recorded ? (
        <section className="card">
          <h2>Chi bộ tự đánh giá</h2>
          <p className="small muted">
            Tự đánh giá của chi bộ, ghi riêng: không phải kết quả chấm điểm của cấp trên dự sinh hoạt (cấp trên trực tiếp thẩm định và quyết định, Đề án
            01-ĐA/ĐUK mục III.4(2)).
          </p>
          <SelfAssessmentForm reply={reply} self={record.self} />
        </section>
      ) : null}
    </section>
  );
}

type MeetingRecord = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["record"]>;

/**
 * The record of one meeting. Its fixed fields are conform's; the roll and the task rows keep their
 * own names (one row per member and per task, spare rows included) with their constraints written
 * out, and take their messages from the reply by name.
 */
function RecordForm(props: { reply: IntentReply | undefined; record: MeetingRecord; kind: string; scheduledOn: string; today: string }) {
  const { reply, record, kind, today } = props;
  const m = record.meeting;
  const [form, fields] = useIntentForm("record", reply, RecordSchema, {
    heldOn: record.recorded?.heldOn ?? (m?.status === "postponed" && m.postponedTo ? m.postponedTo : props.scheduledOn),
    topic: record.recorded?.topic ?? "",
    summary: record.recorded?.summary ?? "",
    minutesAdopted: record.recorded?.minutesAdopted ? "on" : undefined,
  });
  const errorsOf = (name: string) => form.allErrors[name];
  const taskRows = [
    ...record.tasks.map((t) => ({ task: t.task, ownerPersonId: t.ownerPersonId, deadlineOn: t.deadlineOn })),
    ...Array.from({ length: SPARE_TASK_ROWS }, () => ({ task: "", ownerPersonId: null, deadlineOn: null })),
  ];
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="record" />
      <FormErrors errors={form.errors} />
      <Field label="Ngày sinh hoạt" errors={fields.heldOn.errors} {...getInputProps(fields.heldOn, { type: "date" })} max={today} />
      <Field
        label={kind === "chuyen_de" ? "Chủ đề sinh hoạt chuyên đề" : "Chủ đề (nếu có)"}
        errors={fields.topic.errors}
        {...getInputProps(fields.topic, { type: "text" })}
        required={kind === "chuyen_de"}
      />
      <fieldset>
        <legend>Điểm danh ({formatNumber(record.roll.length)} đảng viên)</legend>
        <FormErrors errors={fields.attendance.errors} />
        <ol className="roll">
          {record.roll.map((r, i) => {
            const reasonErrors = errorsOf(`attendance[${i}].reason`);
            return (
              <li key={r.personId}>
                <input type="hidden" name={`attendance[${i}].personId`} value={r.personId} />
                <fieldset className="roll-row">
                  <legend>{r.name}</legend>
                  <div className="row">
                    {(Object.keys(ATTENDANCE) as (keyof typeof ATTENDANCE)[]).map((s) => (
                      <label key={s} className="roll-choice">
                        <input type="radio" name={`attendance[${i}].status`} value={s} defaultChecked={r.status === s} required /> {attendanceLabel(s)}
                      </label>
                    ))}
                  </div>
                  <label className="visually-hidden" htmlFor={`reason-${r.personId}`}>
                    Lý do vắng của đồng chí {r.name}
                  </label>
                  <input
                    id={`reason-${r.personId}`}
                    name={`attendance[${i}].reason`}
                    defaultValue={r.reason}
                    placeholder="Lý do vắng (nếu vắng)"
                    maxLength={300}
                    aria-invalid={reasonErrors ? true : undefined}
                    aria-describedby={reasonErrors ? `reason-${r.personId}-error` : undefined}
                  />
                  {reasonErrors ? (
                    <p className="field-error" id={`reason-${r.personId}-error`} role="alert">
                      {reasonErrors.join(" ")}
                    </p>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
      </fieldset>
      <TextareaField
        label="Nội dung chính của buổi sinh hoạt"
        hint="Tình hình tháng qua, ý kiến thảo luận, kết luận."
        errors={fields.summary.errors}
        {...getTextareaProps(fields.summary)}
      />
      <fieldset>
        <legend>Nghị quyết: nhiệm vụ, người phụ trách, thời hạn</legend>
        <p className="field-hint">Mỗi nhiệm vụ ghi rõ việc gì, ai làm, đến khi nào. Dòng để trống không được lưu.</p>
        {taskRows.map((t, i) => (
          <div key={i} className="task-row">
            <Field
              id={`task-${i}`}
              name={`tasks[${i}].task`}
              label={`Nhiệm vụ ${i + 1}`}
              defaultValue={t.task}
              maxLength={1000}
              errors={errorsOf(`tasks[${i}].task`)}
            />
            <SelectField
              id={`owner-${i}`}
              name={`tasks[${i}].ownerPersonId`}
              label="Người phụ trách"
              defaultValue={t.ownerPersonId ?? ""}
              errors={errorsOf(`tasks[${i}].ownerPersonId`)}
            >
              <option value="">(chưa chọn)</option>
              {record.roll.map((r) => (
                <option key={r.personId} value={r.personId}>
                  {r.name}
                </option>
              ))}
            </SelectField>
            <Field
              id={`deadline-${i}`}
              name={`tasks[${i}].deadlineOn`}
              type="date"
              label="Thời hạn"
              defaultValue={t.deadlineOn ?? ""}
              errors={errorsOf(`tasks[${i}].deadlineOn`)}
            />
          </div>
        ))}
      </fieldset>
      <label className="choice">
        <input {...getInputProps(fields.minutesAdopted, { type: "checkbox" })} /> Biên bản đã được thông qua tại buổi sinh hoạt
      </label>
      <p>
        <button type="submit">Lưu biên bản</button>
      </p>
    </Form>
  );
}

function SelfAssessmentForm({ reply, self }: { reply: IntentReply | undefined; self: MeetingRecord["self"] }) {
  const [form, fields] = useIntentForm("self", reply, SelfAssessmentSchema, { rating: self?.rating ?? "", remarks: self?.remarks ?? "" });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="self" />
      <FormErrors errors={form.errors} />
      <SelectField label="Chất lượng buổi sinh hoạt" errors={fields.rating.errors} {...getSelectProps(fields.rating)}>
        <RatingOptions />
      </SelectField>
      <TextareaField label="Nhận xét" errors={fields.remarks.errors} {...getTextareaProps(fields.remarks)} />
      <p>
        <button type="submit" className="secondary">
          Lưu tự đánh giá
        </button>
      </p>
    </Form>
  );
}

export const meta: MetaFunction = () =>
  pageMeta("Biên bản sinh hoạt", "Ghi kỳ sinh hoạt: ngày, loại, điểm danh từng đảng viên, nội dung, nghị quyết và biên bản.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
