import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/completion/figure-parts";
import { addDays, localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField } from "~/components/field";
import { requireCellRecorder } from "~/meetings/access.server";
import { day, kindLabel, meetingHref, RatingBadge, ScheduleRuleNote } from "~/meetings/components";
import { getRegister, listMembersAtRisk, reportPostponement, saveSchedule } from "~/meetings/register.server";
import { PostponeSchema, ScheduleSchema } from "~/meetings/schemas";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { intentOf, invalidInput, refused } from "~/forms/replies.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readForm, requireId } from "~/utils/request.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  const today = localDate(new Date());
  const [register, atRisk] = await Promise.all([getRegister({ cellId: cell.id, today }), listMembersAtRisk(cell.id)]);
  return { cell: { id: cell.id, name: cell.name }, today, atRisk, ...register };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cell } = await requireCellRecorder(request, requireId(params.cellId, "Không tìm thấy chi bộ."));
  const formData = await readForm(request);
  const back = `/sinh-hoat/chi-bo/${cell.id}`;
  // Two forms; the postponement's schema checks its dates together, so each is parsed on its own.
  if (intentOf(formData) === "schedule") {
    const submission = parseWithZod(formData, { schema: ScheduleSchema });
    if (submission.status !== "success") return invalidInput("schedule", submission);
    const { intent: _, ...schedule } = submission.value;
    await saveSchedule({ cellId: cell.id, ...schedule });
    return redirectWithFlash(request, back, "Đã đăng ký lịch sinh hoạt của chi bộ.");
  }
  const submission = parseWithZod(formData, { schema: PostponeSchema });
  if (submission.status !== "success") return invalidInput("postpone", submission);
  const { intent: _, ...postponement } = submission.value;
  const result = await reportPostponement({ cellId: cell.id, userId: user.id, ...postponement });
  if (!result.ok) return refused("postpone", submission, result);
  return redirectWithFlash(request, back, `Đã báo hoãn kỳ sinh hoạt ngày ${day(postponement.scheduledOn)} sang ngày ${day(postponement.postponedTo)}.`);
}

export default function CellRegister() {
  const { cell, today, current, entries, atRisk } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const base = `/sinh-hoat/chi-bo/${cell.id}/bien-ban`;
  const postponable = entries
    .filter((e) => e.expected && e.date >= addDays(today, -7) && e.meeting?.recorded !== true)
    .map((e) => e.date)
    .reverse();
  return (
    <section className="stack">
      <p>
        <Link to="/sinh-hoat">‹ Sinh hoạt chi bộ</Link>
      </p>
      <h1>Sổ sinh hoạt · {cell.name}</h1>
      {atRisk.length ? (
        <section className="form-errors" aria-labelledby="at-risk">
          <h2 id="at-risk">Đảng viên đã vắng 3 kỳ liên tiếp</h2>
          <p>Không để đảng viên vắng mặt quá 3 lần liên tiếp (Đề án 01-ĐA/ĐUK, mục II.1.2(2)): chi bộ cần trao đổi với đồng chí trước kỳ sinh hoạt tới.</p>
          <ul>
            {atRisk.map((m) => (
              <li key={m.personId}>
                {m.name}: vắng {m.absences} kỳ gần nhất{m.unexcused ? `, trong đó ${m.unexcused} kỳ gần nhất không có lý do` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Lịch sinh hoạt cố định</h2>
      {current ? (
        <p>
          Ngày <strong>{current.dayOfMonth}</strong> hằng tháng, lúc <strong>{current.startsAt}</strong>, tại <strong>{current.place}</strong>
          <span className="muted">
            {" "}
            (áp dụng từ {day(current.validFrom)}
            {current.validTo ? ` đến ${day(current.validTo)}` : ""})
          </span>
          .{current.dayOfMonth > 28 ? " Tháng không có ngày này thì sinh hoạt vào ngày cuối tháng." : null}
        </p>
      ) : (
        <p className="muted">Chi bộ chưa đăng ký lịch sinh hoạt cố định.</p>
      )}
      <ScheduleRuleNote />
      <ScheduleForm reply={reply} current={current} today={today} />
      <h2>Báo hoãn sinh hoạt</h2>
      <PostponeForm reply={reply} postponable={postponable} />

      <p>
        Sổ sinh hoạt trước khi dùng nền tảng (ghi trên Excel): <Link to={`/sinh-hoat/chi-bo/${cell.id}/nhap`}>nhập các kỳ sinh hoạt cũ từ tệp</Link>.
      </p>

      <div className="spread">
        <h2>Các kỳ sinh hoạt</h2>
        <Link className="button button-secondary" to={meetingHref(base, today, "chuyen_de")}>
          Ghi biên bản sinh hoạt chuyên đề
        </Link>
      </div>
      <TableWrap label="Các kỳ sinh hoạt">
        <table>
          <thead>
            <tr>
              <th scope="col">Kỳ</th>
              <th scope="col">Loại</th>
              <th scope="col">Tình hình</th>
              <th scope="col" className="num">
                Có mặt
              </th>
              <th scope="col">Cấp trên đánh giá</th>
              <th scope="col">Chi bộ tự đánh giá</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const m = e.meeting;
              const kind = m?.kind ?? "thuong_ky";
              const scheduledOn = m?.scheduledOn ?? e.date;
              const total = m ? m.present + m.excused + m.unexcused : 0;
              const due = (m?.status === "postponed" && m.postponedTo ? m.postponedTo : scheduledOn) <= today;
              return (
                <tr key={`${scheduledOn}:${kind}`}>
                  <th scope="row">
                    {due || m?.recorded ? <Link to={meetingHref(base, scheduledOn, kind)}>{day(scheduledOn)}</Link> : day(scheduledOn)}
                    {e.expected ? <span className="small muted"> {e.startsAt}</span> : null}
                  </th>
                  <td>
                    {kindLabel(kind)}
                    {m?.topic ? `: ${m.topic}` : ""}
                  </td>
                  <td>
                    {m?.status === "postponed" ? (
                      <>
                        Hoãn đến {day(m.postponedTo)}: {m.postponeReason}
                      </>
                    ) : m?.recorded ? (
                      <>
                        Đã sinh hoạt {day(m.heldOn)}
                        {m.imported ? (
                          <span className="badge">nhập từ tệp</span>
                        ) : m.minutesAdopted ? (
                          ""
                        ) : (
                          <span className="badge badge-warn">chưa thông qua biên bản</span>
                        )}
                        {m.postponeReason ? <span className="small muted"> (đã hoãn: {m.postponeReason})</span> : null}
                      </>
                    ) : due ? (
                      <span className="badge badge-warn">Chưa ghi biên bản</span>
                    ) : (
                      <span className="muted">Sắp tới</span>
                    )}
                  </td>
                  <td className="num">{m?.recorded && m.status === "held" ? `${m.present}/${total}` : ""}</td>
                  <td>
                    <RatingBadge rating={m?.visitRating ?? null} />
                  </td>
                  <td>
                    {m?.selfRating ? (
                      <>
                        Tự đánh giá: <RatingBadge rating={m.selfRating} />
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {entries.length === 0 ? <p className="muted">Chưa có kỳ sinh hoạt nào: hãy đăng ký lịch sinh hoạt cố định.</p> : null}
    </section>
  );
}

function ScheduleForm({
  reply,
  current,
  today,
}: {
  reply: IntentReply | undefined;
  current: { dayOfMonth: number; startsAt: string; place: string } | null;
  today: string;
}) {
  const [form, fields] = useIntentForm("schedule", reply, ScheduleSchema, {
    dayOfMonth: String(current?.dayOfMonth ?? 5),
    startsAt: current?.startsAt ?? "14:00",
    place: current?.place ?? "",
    validFrom: today,
  });
  return (
    <details open={!current || reply?.intent === "schedule"}>
      <summary>{current ? "Đổi lịch sinh hoạt" : "Đăng ký lịch sinh hoạt"}</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <IntentField intent="schedule" />
        <FormErrors errors={form.errors} />
        <Field label="Ngày trong tháng" inputMode="numeric" errors={fields.dayOfMonth.errors} {...getInputProps(fields.dayOfMonth, { type: "number" })} />
        <Field label="Giờ bắt đầu" errors={fields.startsAt.errors} {...getInputProps(fields.startsAt, { type: "time" })} />
        <Field label="Địa điểm" errors={fields.place.errors} {...getInputProps(fields.place, { type: "text" })} />
        <Field label="Áp dụng từ ngày" errors={fields.validFrom.errors} {...getInputProps(fields.validFrom, { type: "date" })} />
        <p>
          <button type="submit">Lưu lịch sinh hoạt</button>
        </p>
      </Form>
    </details>
  );
}

function PostponeForm({ reply, postponable }: { reply: IntentReply | undefined; postponable: string[] }) {
  const [form, fields] = useIntentForm("postpone", reply, PostponeSchema);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="postpone" />
      <FormErrors errors={form.errors} />
      {postponable.length ? (
        <SelectField label="Kỳ sinh hoạt theo lịch" errors={fields.scheduledOn.errors} {...getSelectProps(fields.scheduledOn)}>
          {postponable.map((d) => (
            <option key={d} value={d}>
              {day(d)}
            </option>
          ))}
        </SelectField>
      ) : (
        <Field label="Kỳ sinh hoạt theo lịch" errors={fields.scheduledOn.errors} {...getInputProps(fields.scheduledOn, { type: "date" })} />
      )}
      <Field label="Lý do hoãn" errors={fields.reason.errors} {...getInputProps(fields.reason, { type: "text" })} />
      <Field label="Ngày sinh hoạt mới" errors={fields.postponedTo.errors} {...getInputProps(fields.postponedTo, { type: "date" })} />
      <p>
        <button type="submit" className="secondary">
          Báo hoãn
        </button>
      </p>
    </Form>
  );
}

export const meta: MetaFunction = () => pageMeta("Sổ sinh hoạt chi bộ", "Lịch sinh hoạt, các kỳ họp, điểm danh, báo hoãn và kết quả đánh giá của chi bộ.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
