import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { Field, SelectField } from "~/components/field";

type PersonFieldName = "memberCode" | "familyName" | "middleName" | "givenName" | "gender" | "birthYear" | "phone" | "email";
type PersonFieldSet = { [K in PersonFieldName]: FieldMetadata<unknown> };

/** The inputs of a person record, shared by "add a member" and "edit". */
export function PersonFields({ fields }: { fields: PersonFieldSet }) {
  return (
    <>
      <Field label="Mã đảng viên" errors={fields.memberCode.errors} {...getInputProps(fields.memberCode, { type: "text" })} />
      <div className="form-grid">
        <Field label="Họ" autoComplete="off" errors={fields.familyName.errors} {...getInputProps(fields.familyName, { type: "text" })} />
        <Field label="Tên đệm" autoComplete="off" errors={fields.middleName.errors} {...getInputProps(fields.middleName, { type: "text" })} />
        <Field label="Tên" autoComplete="off" errors={fields.givenName.errors} {...getInputProps(fields.givenName, { type: "text" })} />
      </div>
      <div className="form-grid">
        <SelectField label="Giới tính" errors={fields.gender.errors} {...getSelectProps(fields.gender)}>
          <option value="">— Không ghi —</option>
          <option value="nam">Nam</option>
          <option value="nu">Nữ</option>
        </SelectField>
        <Field label="Năm sinh" inputMode="numeric" errors={fields.birthYear.errors} {...getInputProps(fields.birthYear, { type: "text" })} />
      </div>
      <div className="form-grid">
        <Field
          label="Số điện thoại"
          inputMode="tel"
          hint="Dùng được để đăng nhập."
          errors={fields.phone.errors}
          {...getInputProps(fields.phone, { type: "tel" })}
        />
        <Field label="Email" errors={fields.email.errors} {...getInputProps(fields.email, { type: "email" })} />
      </div>
    </>
  );
}
