import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { AddSituationSchema, AssignSituationSchema } from "./forms";

export interface SituationItem {
  id: number;
  code: string;
  title: string;
  body: string;
  uses: number;
}

export interface DrawItem {
  id: number;
  contestantId: number;
  fullName: string;
  unitName: string;
  code: string;
  title: string;
  status: string;
  assigned: boolean;
  drawnAt: string | null;
  submittedAt: string | null;
  answer: string | null;
}

function SituationInputs({ prefix, defaults }: { prefix: string; defaults?: { title: string; body: string } }) {
  return (
    <>
      <Field id={`${prefix}-title`} name="title" label="Tiêu đề" defaultValue={defaults?.title ?? ""} required maxLength={300} />
      <TextareaField
        id={`${prefix}-body`}
        name="body"
        label="Nội dung tình huống"
        hint={BODY_HINT}
        defaultValue={defaults?.body ?? ""}
        required
        maxLength={10000}
        rows={8}
      />
    </>
  );
}

const BODY_HINT = "Ghi rõ nguồn (văn bản, mục) của mọi quy định được nhắc đến.";

function AddSituationForm({ reply }: { reply: IntentReply | undefined }) {
  const [form, fields] = useIntentForm("addSituation", reply, AddSituationSchema);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="addSituation" />
      <FormErrors errors={form.errors} />
      <Field label="Tiêu đề" errors={fields.title.errors} {...getInputProps(fields.title, { type: "text" })} id="th-moi-title" />
      <TextareaField label="Nội dung tình huống" hint={BODY_HINT} errors={fields.body.errors} {...getTextareaProps(fields.body)} rows={8} id="th-moi-body" />
      <button type="submit">Thêm tình huống</button>
    </Form>
  );
}

/** The round's confidential situations: add, edit and delete while the round is pending. */
export function SituationsSection({ situations, editable, reply }: { situations: SituationItem[]; editable: boolean; reply: IntentReply | undefined }) {
  return (
    <section className="card stack" aria-labelledby="situations-title">
      <h2 id="situations-title">Tình huống (bảo mật)</h2>
      <p className="muted small">
        Chỉ ban tổ chức xem được các tình huống. Thí sinh chỉ thấy tình huống mình bốc thăm; giám khảo thấy tình huống của thí sinh khi chấm.
      </p>
      {situations.length ? (
        <ol className="situation-admin-list">
          {situations.map((s) => (
            <li key={s.id}>
              <details>
                <summary>
                  <strong>{s.code}</strong>: {s.title} <span className="muted small">({s.uses} lượt bốc thăm/phân công)</span>
                </summary>
                <p className="pre-line">{s.body}</p>
                {editable ? (
                  <div className="stack">
                    <Form method="post" className="form">
                      <input type="hidden" name="intent" value="editSituation" />
                      <input type="hidden" name="situationId" value={s.id} />
                      <SituationInputs prefix={`sua-th-${s.id}`} defaults={s} />
                      <button type="submit" className="secondary">
                        Lưu tình huống
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="deleteSituation" />
                      <input type="hidden" name="situationId" value={s.id} />
                      <button type="submit" className="button-small secondary" aria-label={`Xóa tình huống ${s.code}`}>
                        Xóa
                      </button>
                    </Form>
                  </div>
                ) : null}
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Chưa có tình huống.</p>
      )}
      {editable ? (
        <details open={reply?.intent === "addSituation"}>
          <summary>Thêm tình huống</summary>
          <AddSituationForm reply={reply} />
        </details>
      ) : (
        <p className="muted small">Tình huống chỉ sửa được trước khi vòng thi mở.</p>
      )}
    </section>
  );
}

/** Who drew what, with status and answers; and assigning a situation before the contestant draws. */
export function DrawsSection({
  draws,
  situations,
  contestants,
  canAssign,
  written,
  reply,
}: {
  draws: DrawItem[];
  situations: SituationItem[];
  contestants: { id: number; fullName: string; unitName: string }[];
  canAssign: boolean;
  written: boolean;
  reply: IntentReply | undefined;
}) {
  return (
    <section className="stack" aria-labelledby="draws-title">
      <h2 id="draws-title">Bốc thăm{written ? " và bài làm" : ""}</h2>
      {draws.length ? (
        <div className="table-wrap">
          <table className="contest-wide">
            <thead>
              <tr>
                <th scope="col">Thí sinh</th>
                <th scope="col">Tình huống</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Bốc thăm lúc</th>
                {written ? <th scope="col">Nộp lúc</th> : null}
              </tr>
            </thead>
            <tbody>
              {draws.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.fullName}
                    <br />
                    <span className="muted small">{d.unitName}</span>
                  </td>
                  <td>
                    {d.code}: {d.title}
                    {d.assigned ? <span className="muted small"> (phân công)</span> : null}
                    {canAssign && d.assigned && d.drawnAt === null ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="unassignSituation" />
                        <input type="hidden" name="contestantId" value={d.contestantId} />
                        <button type="submit" className="button-small secondary" aria-label={`Bỏ phân công tình huống của ${d.fullName}`}>
                          Bỏ phân công
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>
                    {d.status}
                    {written && d.answer !== null ? (
                      <details>
                        <summary>Xem bài làm</summary>
                        <p className="pre-line">{d.answer || "(Không có nội dung)"}</p>
                      </details>
                    ) : null}
                  </td>
                  <td>{d.drawnAt ?? "—"}</td>
                  {written ? <td>{d.submittedAt ?? "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chưa có thí sinh bốc thăm.</p>
      )}
      {canAssign && situations.length && contestants.length ? (
        <details className="card" open={reply?.intent === "assignSituation"}>
          <summary>Phân công tình huống cho thí sinh</summary>
          <p className="muted small">Thay cho bốc thăm ngẫu nhiên; chỉ làm được trước khi thí sinh bốc thăm. Mỗi lần phân công được ghi vào nhật ký.</p>
          <AssignSituationForm reply={reply} situations={situations} contestants={contestants} />
        </details>
      ) : null}
    </section>
  );
}

function AssignSituationForm({
  reply,
  situations,
  contestants,
}: {
  reply: IntentReply | undefined;
  situations: SituationItem[];
  contestants: { id: number; fullName: string; unitName: string }[];
}) {
  const [form, fields] = useIntentForm("assignSituation", reply, AssignSituationSchema);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent="assignSituation" />
      <FormErrors errors={form.errors} />
      <SelectField label="Thí sinh" errors={fields.contestantId.errors} {...getSelectProps(fields.contestantId)} id="phan-cong-thi-sinh">
        {contestants.map((c) => (
          <option key={c.id} value={c.id}>
            {c.fullName} — {c.unitName}
          </option>
        ))}
      </SelectField>
      <SelectField label="Tình huống" errors={fields.situationId.errors} {...getSelectProps(fields.situationId)} id="phan-cong-tinh-huong">
        {situations.map((s) => (
          <option key={s.id} value={s.id}>
            {s.code}: {s.title}
          </option>
        ))}
      </SelectField>
      <button type="submit">Phân công</button>
    </Form>
  );
}
