import { useTranslation } from "react-i18next";
import type { Message } from "~/lib/errors";
import type { FieldErrors } from "~/schemas/form";

/** Translates a message whose `field` parameter names a field of app/locales "fields". */
export function useMessage() {
  const { t } = useTranslation();
  return (m: Message) => {
    const params: Record<string, string | number> = { ...m.params };
    if (typeof params.field === "string") params.field = t(`fields.${params.field}`, { defaultValue: params.field });
    return t(m.key, params);
  };
}

/** A summary of every error at the top of a form, for screen readers and long forms. */
export function ErrorSummary({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      <p>{t("errors.formTitle")}</p>
      <ul>
        {Object.entries(errors).map(([field, m]) => (
          <li key={field}>{field === "_form" ? message(m) : <a href={`#${field}`}>{message(m)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/** Label, hint, control and error of one field, wired for screen readers. */
function Field({ name, label, hint, errors, children }: { name: string; label: string; hint?: string; errors?: FieldErrors | null; children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => React.ReactNode }) {
  const message = useMessage();
  const error = errors?.[name];
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {message(error)}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  errors?: FieldErrors | null;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  minLength?: number;
}

export function TextField({ name, label, type = "text", defaultValue, errors, hint, required, autoComplete, maxLength, minLength }: FieldProps) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors}>
      {(aria) => <input id={name} name={name} type={type} defaultValue={defaultValue} required={required} autoComplete={autoComplete} maxLength={maxLength} minLength={minLength} {...aria} />}
    </Field>
  );
}

interface SelectProps {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  errors?: FieldErrors | null;
  id?: string;
}

export function SelectField({ name, label, options, defaultValue, errors, id = name }: SelectProps) {
  const message = useMessage();
  const error = errors?.[name];
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {message(error)}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({ name, label, defaultChecked, hint }: { name: string; label: string; defaultChecked?: boolean; hint?: string }) {
  return (
    <div className="field field-check">
      <input id={name} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={hint ? `${name}-hint` : undefined} />
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextAreaField({ name, label, defaultValue, errors, hint, rows = 3, maxLength }: { name: string; label: string; defaultValue?: string; errors?: FieldErrors | null; hint?: string; rows?: number; maxLength?: number }) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors}>
      {(aria) => <textarea id={name} name={name} rows={rows} maxLength={maxLength} defaultValue={defaultValue} {...aria} />}
    </Field>
  );
}

export function FileField({ name, label, accept, hint, errors }: { name: string; label: string; accept?: string; hint?: string; errors?: FieldErrors | null }) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors}>
      {(aria) => <input id={name} name={name} type="file" accept={accept} {...aria} />}
    </Field>
  );
}
