import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

interface FieldShell {
  id: string;
  label: ReactNode;
  errors?: string[] | undefined;
  hint?: ReactNode;
}

function Messages({ id, errors, hint }: { id: string; errors?: string[] | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, errors?: string[], hint?: ReactNode) {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A labelled input with its hint and Vietnamese error message. */
export function Field({ id, label, errors, hint, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...input} />
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export function SelectField({ id, label, errors, hint, children, ...select }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...select}>
        {children}
      </select>
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export function TextareaField({ id, label, errors, hint, ...area }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...area} />
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <div className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
