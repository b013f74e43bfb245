import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SelectField } from "~/components/field";
import { useIntentForm, type IntentReply } from "~/forms/intent-form";
import { POSITIONS } from "~/org/vocabulary";
import { DEFAULT_POSITION_TRACKS, TRACKS } from "./rules";
import { UnitOptions } from "./figure-parts";
import { CampaignSchema } from "./schemas";

interface CampaignDefaults {
  name: string;
  legalBasis: string;
  organisingUnitId: number;
  targetPercent: number;
  startsOn: string;
  deadlineOn: string;
  acceptOnline: boolean;
  acceptInPerson: boolean;
  positions: { position: string; track: string }[];
}

/** Create/edit form of a campaign; works without JavaScript. */
export function CampaignForm(props: {
  /** the form's name: the action answers under it (`invalidInput`) */
  intent: string;
  reply: IntentReply | undefined;
  defaults: CampaignDefaults;
  units: { id: number; name: string; depth: number }[];
  submitLabel: string;
}) {
  const [form, fields] = useIntentForm(props.intent, props.reply, CampaignSchema);
  const d = props.defaults;
  const trackOf = new Map(d.positions.map((p) => [p.position, p.track]));
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <Field id="name" name="name" label="Tên chiến dịch" defaultValue={d.name} required errors={fields.name.errors} />
      <Field
        id="legalBasis"
        name="legalBasis"
        label="Căn cứ"
        hint="Ví dụ: Đề án 01-ĐA/ĐUK ngày 01/4/2022."
        defaultValue={d.legalBasis}
        required
        errors={fields.legalBasis.errors}
      />
      <SelectField
        id="organisingUnitId"
        name="organisingUnitId"
        label="Đơn vị tổ chức"
        defaultValue={d.organisingUnitId}
        errors={fields.organisingUnitId.errors}
      >
        <UnitOptions units={props.units} />
      </SelectField>
      <Field
        id="targetPercent"
        name="targetPercent"
        type="number"
        min={1}
        max={100}
        label="Chỉ tiêu (%)"
        defaultValue={d.targetPercent}
        required
        errors={fields.targetPercent.errors}
      />
      <Field id="startsOn" name="startsOn" type="date" label="Ngày bắt đầu" defaultValue={d.startsOn} required errors={fields.startsOn.errors} />
      <Field
        id="deadlineOn"
        name="deadlineOn"
        type="date"
        label="Hạn hoàn thành (hết ngày)"
        defaultValue={d.deadlineOn}
        required
        errors={fields.deadlineOn.errors}
      />
      <fieldset>
        <legend>Được tính là đã tập huấn khi</legend>
        <label className="row">
          <input type="checkbox" name="acceptOnline" defaultChecked={d.acceptOnline} /> Đạt bài kiểm tra cuối chương trình (trực tuyến)
        </label>
        <label className="row">
          <input type="checkbox" name="acceptInPerson" defaultChecked={d.acceptInPerson} /> Dự lớp tập huấn trực tiếp của chương trình
        </label>
        {fields.acceptOnline.errors ? (
          <p className="field-error" role="alert">
            {fields.acceptOnline.errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Đối tượng và chương trình phải hoàn thành</legend>
        {Object.entries(DEFAULT_POSITION_TRACKS).map(([position, defaultTrack]) => (
          <SelectField
            key={position}
            id={`position-${position}`}
            name="positions"
            label={POSITIONS[position as keyof typeof POSITIONS]}
            defaultValue={trackOf.has(position) ? `${position}:${trackOf.get(position)}` : ""}
          >
            <option value="">Không thuộc đối tượng</option>
            {Object.entries(TRACKS).map(([track, label]) => (
              <option key={track} value={`${position}:${track}`}>{`${label}${track === defaultTrack ? " (theo Đề án)" : ""}`}</option>
            ))}
          </SelectField>
        ))}
        {fields.positions.errors ? (
          <p className="field-error" role="alert">
            {fields.positions.errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <button type="submit">{props.submitLabel}</button>
    </Form>
  );
}
