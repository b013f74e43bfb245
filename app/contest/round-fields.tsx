import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SelectField } from "~/components/field";
import { IntentField, useIntentForm, type IntentReply } from "~/forms/intent-form";
import { RoundSchema } from "./schemas";
import { ANSWER_MODES, ROUND_KINDS } from "./vocabulary";

export interface RoundDefaults {
  kind: string;
  name: string;
  maxPoints: number;
  weight: number;
  dropExtremesFrom: number | null;
  speedBonus: number;
  timeLimitMinutes: number | null;
  answerMode: string;
}

const NEW_ROUND = { kind: "knowledge", maxPoints: "100", weight: "1", dropExtremesFrom: "5", timeLimitMinutes: "30", answerMode: "trinh_bay", speedBonus: "0" };

/** The form of a round (add and edit share it), with conform's constraints. Works without JavaScript. */
export function RoundForm({
  intent,
  reply,
  idPrefix,
  defaults,
  submitLabel,
}: {
  intent: "addRound" | "editRound";
  reply: IntentReply | undefined;
  idPrefix: string;
  defaults?: RoundDefaults;
  submitLabel: string;
}) {
  const [form, fields] = useIntentForm(
    intent,
    reply,
    RoundSchema,
    defaults
      ? {
          kind: defaults.kind,
          name: defaults.name,
          maxPoints: String(defaults.maxPoints),
          weight: String(defaults.weight),
          dropExtremesFrom: defaults.dropExtremesFrom === null ? "" : String(defaults.dropExtremesFrom),
          timeLimitMinutes: defaults.timeLimitMinutes === null ? "" : String(defaults.timeLimitMinutes),
          answerMode: defaults.answerMode,
          speedBonus: String(defaults.speedBonus),
        }
      : NEW_ROUND,
  );
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <IntentField intent={intent} />
      <FormErrors errors={form.errors} />
      <div className="form-grid-2">
        <SelectField label="Loại vòng thi" errors={fields.kind.errors} {...getSelectProps(fields.kind)} id={id("kind")}>
          {Object.entries(ROUND_KINDS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field label="Tên vòng thi" errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} id={id("name")} />
        <Field label="Điểm tối đa" errors={fields.maxPoints.errors} {...getInputProps(fields.maxPoints, { type: "number" })} step="any" id={id("maxPoints")} />
        <Field label="Hệ số (trọng số)" errors={fields.weight.errors} {...getInputProps(fields.weight, { type: "number" })} step="any" id={id("weight")} />
        <Field
          label="Bỏ điểm cao nhất và thấp nhất từ số giám khảo"
          hint="Vòng chấm điểm: để trống nếu không bỏ."
          errors={fields.dropExtremesFrom.errors}
          {...getInputProps(fields.dropExtremesFrom, { type: "number" })}
          id={id("drop")}
        />
        <Field
          label="Thời gian làm bài (phút)"
          hint="Vòng kiến thức; vòng tình huống: tính từ lúc bốc thăm."
          errors={fields.timeLimitMinutes.errors}
          {...getInputProps(fields.timeLimitMinutes, { type: "number" })}
          id={id("time")}
        />
        <SelectField
          label="Hình thức trả lời tình huống"
          hint="Chỉ áp dụng cho vòng xử lý tình huống."
          errors={fields.answerMode.errors}
          {...getSelectProps(fields.answerMode)}
          id={id("answerMode")}
        >
          {Object.entries(ANSWER_MODES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Điểm thưởng tốc độ tối đa"
          hint="Vòng kiến thức. 0 = tốc độ không được cộng điểm, chỉ dùng khi bằng điểm."
          errors={fields.speedBonus.errors}
          {...getInputProps(fields.speedBonus, { type: "number" })}
          step="any"
          id={id("speed")}
        />
      </div>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
