import { getFormProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NominateSchema, NominationActionSchema } from "~/contest/forms";
import { IntentField, replyMessages, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { listUnitNominations, nominate, requireNominator, withdrawNomination, type NominationOutcome } from "~/contest/nominations.server";
import { contestHeader, nominationOutcomeLabel, statusLabel } from "~/contest/vocabulary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextareaField } from "~/components/field";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate, formatNumber } from "~/utils/format";
import { readForm } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest, units } = await requireNominator(request, params.contestId);
  const rows = await listUnitNominations({ contestId: contest.id, units });
  const ownUnit = units.length === 1 ? units[0]!.unitId : null;
  return {
    // The nominating unit is worth a column only when nominations come from more than one unit.
    showUnit: rows.some((r) => r.unitId !== ownUnit),
    contest: { ...contestHeader(contest), status: contest.status, statusLabel: statusLabel(contest.status) },
    open: contest.status === "registration",
    units: units.map((u) => ({ id: u.unitId, name: u.unitName })),
    rows: rows.map((r) => ({
      id: r.id,
      memberCode: r.memberCode,
      fullName: r.fullName,
      cellName: r.cellName,
      unitName: r.unitName,
      // A removed nominee gets no "accepted" badge colour.
      status: r.status === "accepted" && !r.enrolled ? "removed" : r.status,
      statusLabel: nominationOutcomeLabel(r.status, r.enrolled),
      note: r.note,
      nominatedOn: formatDate(r.createdAt),
      decidedOn: r.decidedAt ? formatDate(r.decidedAt) : null,
      decisionReason: r.decisionReason,
    })),
  };
}

function list(codes: string[]) {
  return codes.slice(0, 30).join(", ") + (codes.length > 30 ? "…" : "");
}

/** Vietnamese lines for what was not (newly) nominated. */
function outcomeLines(outcome: NominationOutcome, unitName: string) {
  return [
    outcome.outside.length ? `Không phải đảng viên thuộc ${unitName}: ${list(outcome.outside)}.` : null,
    outcome.inactive.length ? `Đảng viên đã thôi sinh hoạt: ${list(outcome.inactive)}.` : null,
    outcome.alreadyContestant.length ? `Đã là thí sinh của hội thi: ${list(outcome.alreadyContestant)}.` : null,
    outcome.alreadyNominated.length ? `Đã được đề cử trước đó: ${list(outcome.alreadyNominated)}.` : null,
  ].filter((line): line is string => line !== null);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { contest, units, user } = await requireNominator(request, params.contestId);
  const formData = await readForm(request);
  const intent = intentOf(formData);
  const submission = parseWithZod(formData, { schema: NominationActionSchema });
  if (submission.status !== "success") return invalidInput(intent, submission);
  const here = `/hoi-thi/de-cu/${contest.id}`;
  const value = submission.value;
  switch (value.intent) {
    case "nominate": {
      const result = await nominate({ contest, units, unitId: value.unitId, memberCodes: value.codes.split(/[\s,;]+/), note: value.note, userId: user.id });
      const unitName = units.find((u) => u.unitId === value.unitId)?.unitName ?? "đơn vị của đồng chí";
      if (!result.ok) {
        // The codes that stopped the whole list are named on the codes field.
        if (!result.outcome) return refused(intent, submission, result);
        const lines = outcomeLines(result.outcome, unitName);
        return refused(intent, submission, { message: [result.message, ...lines].join(" "), field: "codes" });
      }
      const { outcome } = result;
      const lines = outcomeLines(outcome, unitName);
      const head = outcome.added ? `Đã đề cử ${formatNumber(outcome.added)} người, chờ ban tổ chức duyệt.` : "Không có đề cử mới.";
      return redirectWithFlash(request, here, [head, ...lines].join(" "));
    }
    case "withdraw": {
      const result = await withdrawNomination({ contest, units, nominationId: value.nominationId, userId: user.id });
      if (!result.ok) return refused(intent, submission, result);
      return redirectWithFlash(request, here, "Đã rút đề cử.");
    }
  }
}

const STATUS_BADGE: Record<string, string> = { pending: "badge-warn", accepted: "badge-ok", declined: "badge-bad" };

export default function NominationPage() {
  const { contest, open, units, rows, showUnit } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  return (
    <article className="stack">
      <nav aria-label="Vị trí" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/hoi-thi/de-cu">Đề cử thí sinh</Link>
          </li>
          <li aria-current="page">{contest.name}</li>
        </ol>
      </nav>
      <h1>Đề cử thí sinh: {contest.name}</h1>
      <p className="muted small">
        {contest.level} · {contest.unitName} · {contest.dates} · <span className={`badge contest-status-${contest.status}`}>{contest.statusLabel}</span>
      </p>
      <FormErrors errors={replyMessages(reply, "withdraw")} />
      {open ? (
        <NominateForm reply={reply} units={units} />
      ) : (
        <p className="muted">Hội thi không còn ở giai đoạn đăng ký nên không nhận đề cử mới. Kết quả các đề cử của đơn vị ở bảng dưới.</p>
      )}
      <h2>Đề cử của đơn vị ({formatNumber(rows.length)})</h2>
      {rows.length ? (
        <div className="table-wrap">
          <table className="contest-wide">
            <thead>
              <tr>
                <th scope="col">Mã đảng viên</th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Kết quả</th>
                <th scope="col">Chi bộ</th>
                {showUnit ? <th scope="col">Đơn vị đề cử</th> : null}
                <th scope="col">Ngày đề cử</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.memberCode}</td>
                  <td>{r.fullName}</td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status] ?? ""}`}>{r.statusLabel}</span>
                    {r.decidedOn ? <span className="small"> ngày {r.decidedOn}</span> : null}
                    {r.decisionReason ? <p className="small">Lý do: {r.decisionReason}</p> : null}
                    {r.note ? <p className="small muted">Ghi chú: {r.note}</p> : null}
                  </td>
                  <td>{r.cellName}</td>
                  {showUnit ? <td>{r.unitName}</td> : null}
                  <td>{r.nominatedOn}</td>
                  <td>
                    {r.status === "pending" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="nominationId" value={r.id} />
                        <button type="submit" className="button-small secondary" aria-label={`Rút đề cử ${r.fullName}`}>
                          Rút đề cử
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Đơn vị chưa đề cử ai vào hội thi này.</p>
      )}
    </article>
  );
}

function NominateForm({ reply, units }: { reply: IntentReply | undefined; units: { id: number; name: string }[] }) {
  const [form, fields] = useIntentForm("nominate", reply, NominateSchema, { unitId: String(units[0]!.id) });
  return (
    <Form method="post" className="card form" {...getFormProps(form)}>
      <h2>Đề cử mới</h2>
      <IntentField intent="nominate" />
      <FormErrors errors={form.errors} />
      {units.length > 1 ? (
        <SelectField label="Đơn vị đề cử" errors={fields.unitId.errors} {...getSelectProps(fields.unitId)} id="don-vi-de-cu">
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      ) : (
        <>
          <input type="hidden" name={fields.unitId.name} value={units[0]!.id} />
          <p>
            Đơn vị đề cử: <strong>{units[0]!.name}</strong>
          </p>
        </>
      )}
      <TextareaField
        label="Mã đảng viên được đề cử"
        hint="Mỗi dòng một mã, hoặc cách nhau bằng dấu phẩy; chỉ nhận đảng viên đang sinh hoạt trong đơn vị của đồng chí."
        rows={4}
        errors={fields.codes.errors}
        {...getTextareaProps(fields.codes)}
        id="ma-dang-vien"
      />
      <TextareaField label="Ghi chú, lý do đề cử (không bắt buộc)" rows={2} errors={fields.note.errors} {...getTextareaProps(fields.note)} id="ghi-chu" />
      <button type="submit">Gửi đề cử</button>
    </Form>
  );
}

export const meta: MetaFunction = () => pageMeta("Đề cử thí sinh · Hội thi", "Đề cử bí thư chi bộ của đơn vị dự hội thi và theo dõi việc duyệt.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
