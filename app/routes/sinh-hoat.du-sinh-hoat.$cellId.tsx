import { getFormProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, notFound, requirePermission } from "~/auth/permissions.server";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { getCell } from "~/meetings/access.server";
import { useIntentForm, type IntentReply } from "~/forms/intent-form";
import { invalidInput, refused } from "~/forms/replies.server";
import { day, formatPoints, kindLabel, meetingHref, RatingOptions } from "~/meetings/components";
import { MeetingKeySchema, visitSchemaFor } from "~/meetings/schemas";
import { getAssignment, getSheetFor, getVisit, meetingDay, saveVisit } from "~/meetings/visits.server";
import { formatDateTime } from "~/utils/format";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

/** The attendee, the cell and the meeting, checked: assigned to the cell on the meeting's date. */
async function requireVisit(request: Request, cellIdParam: string | undefined) {
  const user = await requirePermission(request, "meetings.view");
  const cell = await getCell(requireId(cellIdParam, "Không tìm thấy chi bộ."));
  if (!cell) notFound("Không tìm thấy chi bộ.");
  const url = new URL(request.url);
  const parsed = MeetingKeySchema.safeParse({ ngay: url.searchParams.get("ngay") ?? undefined, loai: url.searchParams.get("loai") ?? undefined });
  if (!parsed.success) notFound("Không tìm thấy kỳ sinh hoạt: thiếu ngày hoặc loại sinh hoạt.");
  const key = { cellId: cell.id, scheduledOn: parsed.data.ngay, kind: parsed.data.loai };
  const assignment = user.personId === null ? null : await getAssignment({ personId: user.personId, cellId: cell.id, date: key.scheduledOn });
  if (!assignment || user.personId === null) forbidden("Đồng chí không được phân công dự sinh hoạt chi bộ này vào kỳ này.");
  return { user, personId: user.personId, cell, key, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { personId, cell, key } = await requireVisit(request, params.cellId);
  const [sheet, found] = await Promise.all([getSheetFor(cell), getVisit({ personId, key })]);
  const today = localDate(new Date());
  const takesPlaceOn = meetingDay(key, found.meeting);
  return {
    cell: { id: cell.id, name: cell.name },
    key,
    sheet,
    takesPlaceOn,
    happened: takesPlaceOn <= today,
    meeting: found.meeting
      ? { status: found.meeting.status, postponedTo: found.meeting.postponedTo, postponeReason: found.meeting.postponeReason, topic: found.meeting.topic }
      : null,
    visit: found.visit,
    score: found.score,
    audit: found.audit,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, personId, cell, key, assignment } = await requireVisit(request, params.cellId);
  const sheet = await getSheetFor(cell);
  if (!sheet) throw data({ message: "Chưa có phiếu chấm điểm áp dụng cho chi bộ này." }, { status: 409 });
  const found = await getVisit({ personId, key });
  if (meetingDay(key, found.meeting) > localDate(new Date())) {
    throw data({ message: "Kỳ sinh hoạt này chưa diễn ra: chỉ ghi kết quả sau khi đã dự." }, { status: 409 });
  }
  // Its two buttons send `intent` save or file: the reply is the one form's, "visit".
  const submission = parseWithZod(await readForm(request), { schema: visitSchemaFor(sheet.criteria) });
  if (submission.status !== "success") return invalidInput(VISIT_FORM, submission);
  const saved = await saveVisit({ personId, userId: user.id, key, assignmentId: assignment.id, sheet, value: submission.value });
  if (!saved.ok) return refused(VISIT_FORM, submission, saved);
  return redirectWithFlash(
    request,
    meetingHref(`/sinh-hoat/du-sinh-hoat/${cell.id}`, key.scheduledOn, key.kind),
    saved.filed
      ? "Đã lưu báo cáo dự sinh hoạt. Chi bộ thấy xếp loại và nhận xét của đồng chí."
      : "Đã lưu bản nháp. Chi bộ chưa thấy gì cho đến khi đồng chí gửi báo cáo.",
  );
}

const VISIT_FORM = "visit";

const REPORT_FIELDS = [
  { name: "situation", label: "Tình hình cơ sở và chi bộ" },
  { name: "conduct", label: "Tình hình tổ chức sinh hoạt chi bộ" },
  { name: "discussed", label: "Những vấn đề đã trao đổi, có ý kiến trực tiếp tại buổi sinh hoạt" },
  { name: "reportedUp", label: "Những vấn đề tiếp thu đã báo cáo" },
  { name: "assessment", label: "Đánh giá chất lượng sinh hoạt" },
] as const;

export default function VisitPage() {
  const { cell, key, sheet, takesPlaceOn, happened, meeting, visit, score, audit } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const filed = !!visit?.filedAt;
  return (
    <section className="stack">
      <p>
        <Link to="/sinh-hoat/du-sinh-hoat">‹ Đi dự sinh hoạt chi bộ</Link>
      </p>
      <h1>
        Dự sinh hoạt {kindLabel(key.kind).toLowerCase()} · {cell.name}
      </h1>
      <p>
        Kỳ sinh hoạt ngày {day(key.scheduledOn)}
        {meeting?.status === "postponed" ? (
          <>
            {" "}
            (chi bộ báo hoãn đến <strong>{day(meeting.postponedTo)}</strong>: {meeting.postponeReason})
          </>
        ) : null}
        .{filed ? <> Đã gửi báo cáo lúc {formatDateTime(visit!.filedAt)}: thay đổi sau khi gửi được ghi vào nhật ký.</> : null}
      </p>
      {!happened ? (
        <p className="muted">Kỳ sinh hoạt ngày {day(takesPlaceOn)} chưa diễn ra: ghi kết quả sau khi đã dự.</p>
      ) : !sheet ? (
        <p className="muted">Chưa có phiếu chấm điểm áp dụng cho chi bộ này. Đề nghị Ban Tổ chức cấu hình phiếu chấm.</p>
      ) : (
        <VisitForm reply={reply} sheet={sheet} visit={visit} score={score} filed={filed} />
      )}
      {audit.length ? (
        <section>
          <h2>Nhật ký thay đổi</h2>
          <ul className="plain-list small">
            {audit.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.createdAt)} · {a.actorName} · {a.label}
                {a.detail ? `: ${a.detail}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The report and the score. The criteria come from the sheet: their inputs keep the names `points.<key>` and take their messages by name. */
function VisitForm(props: {
  reply: IntentReply | undefined;
  sheet: NonNullable<Loaded["sheet"]>;
  visit: Loaded["visit"];
  score: Loaded["score"];
  filed: boolean;
}) {
  const { reply, sheet, visit, score, filed } = props;
  const [form, fields] = useIntentForm(VISIT_FORM, reply, visitSchemaFor(sheet.criteria), {
    ...Object.fromEntries(REPORT_FIELDS.map((f) => [f.name, visit?.[f.name] ?? ""])),
    rating: score?.rating ?? "",
    remarks: score?.remarks ?? "",
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <p className="small muted">
        Báo cáo kết quả dự sinh hoạt nêu rõ thời gian, chi bộ dự sinh hoạt, tình hình cơ sở và chi bộ, tình hình tổ chức sinh hoạt, những vấn đề đã trao đổi, có
        ý kiến trực tiếp, những vấn đề tiếp thu đã báo cáo, đánh giá chất lượng sinh hoạt và quyết định của cá nhân về chấm điểm, xếp loại (Đề án 01-ĐA/ĐUK, mục
        III.4(3)).
      </p>
      {REPORT_FIELDS.map((f) => (
        <TextareaField {...getTextareaProps(fields[f.name])} key={f.name} label={f.label} errors={fields[f.name].errors} />
      ))}
      <fieldset>
        <legend>
          {sheet.name} (phiên bản {sheet.version})
        </legend>
        {sheet.isExample ? <p className="field-hint">{sheet.source}</p> : null}
        {sheet.criteria.map((c) => (
          <Field
            key={c.key}
            id={`points-${c.key}`}
            name={`points.${c.key}`}
            type="number"
            inputMode="decimal"
            step="0.5"
            min={0}
            max={c.maxPoints}
            label={`${c.label} (tối đa ${c.maxPoints} điểm)`}
            defaultValue={score?.points[c.key] ?? ""}
            errors={form.allErrors[`points.${c.key}`]}
          />
        ))}
      </fieldset>
      <SelectField
        label="Quyết định xếp loại của đồng chí"
        hint="Đồng chí trực tiếp thẩm định và quyết định kết quả (mục III.4(2)); tổng điểm chỉ để tham khảo."
        errors={fields.rating.errors}
        {...getSelectProps(fields.rating)}
      >
        <RatingOptions />
      </SelectField>
      {score ? (
        <p className="small">
          Tổng điểm đã lưu: <strong>{formatPoints(score.total)}</strong>
        </p>
      ) : null}
      <TextareaField label="Nhận xét gửi chi bộ" errors={fields.remarks.errors} {...getTextareaProps(fields.remarks)} />
      <div className="row">
        <button type="submit" name="intent" value="file">
          {filed ? "Lưu thay đổi" : "Gửi báo cáo"}
        </button>
        {filed ? null : (
          <button type="submit" name="intent" value="save" className="secondary">
            Lưu nháp
          </button>
        )}
      </div>
    </Form>
  );
}

export const meta: MetaFunction = () => pageMeta("Dự sinh hoạt chi bộ", "Ghi việc dự sinh hoạt, chấm điểm theo tiêu chí và xếp loại kỳ sinh hoạt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
