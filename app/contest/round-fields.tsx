import { Field, SelectField } from "~/components/field";
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

/** The fields of a round (add and edit forms share them). Works without JavaScript. */
export function RoundFields({ idPrefix, defaults }: { idPrefix: string; defaults?: RoundDefaults }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <div className="form-grid-2">
        <SelectField id={id("kind")} name="kind" label="Loại vòng thi" defaultValue={defaults?.kind ?? "knowledge"} required>
          {Object.entries(ROUND_KINDS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field id={id("name")} name="name" label="Tên vòng thi" defaultValue={defaults?.name ?? ""} required maxLength={300} />
        <Field
          id={id("maxPoints")}
          name="maxPoints"
          label="Điểm tối đa"
          type="number"
          min={0.5}
          step="any"
          defaultValue={defaults?.maxPoints ?? 100}
          required
        />
        <Field id={id("weight")} name="weight" label="Hệ số (trọng số)" type="number" min={0} step="any" defaultValue={defaults?.weight ?? 1} required />
        <Field
          id={id("drop")}
          name="dropExtremesFrom"
          label="Bỏ điểm cao nhất và thấp nhất từ số giám khảo"
          hint="Vòng chấm điểm: để trống nếu không bỏ."
          type="number"
          min={3}
          defaultValue={defaults ? (defaults.dropExtremesFrom ?? "") : 5}
        />
        <Field
          id={id("time")}
          name="timeLimitMinutes"
          label="Thời gian làm bài (phút)"
          hint="Vòng kiến thức; vòng tình huống: tính từ lúc bốc thăm."
          type="number"
          min={1}
          defaultValue={defaults?.timeLimitMinutes ?? 30}
        />
        <SelectField
          id={id("answerMode")}
          name="answerMode"
          label="Hình thức trả lời tình huống"
          hint="Chỉ áp dụng cho vòng xử lý tình huống."
          defaultValue={defaults?.answerMode ?? "trinh_bay"}
        >
          {Object.entries(ANSWER_MODES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field
          id={id("speed")}
          name="speedBonus"
          label="Điểm thưởng tốc độ tối đa"
          hint="Vòng kiến thức. 0 = tốc độ không được cộng điểm, chỉ dùng khi bằng điểm."
          type="number"
          min={0}
          step="any"
          defaultValue={defaults?.speedBonus ?? 0}
        />
      </div>
    </>
  );
}
