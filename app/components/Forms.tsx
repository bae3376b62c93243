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
  const fields = Object.keys(errors);
  // A refusal of the whole form (wrong password, business rule) is said plainly, without "the form has errors".
  if (fields.length === 1 && fields[0] === "_form") {
    return (
      <div className="alert alert-error" role="alert" tabIndex={-1}>
        <p>{message(errors._form!)}</p>
      </div>
    );
  }
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

/** The mark of a required field beside its label (the control itself says `required` to screen readers). */
export function RequiredMark({ required }: { required?: boolean }) {
  const { t } = useTranslation();
  return required ? (
    <span className="required-mark" title={t("confirm.required")} aria-hidden="true">
      {" *"}
    </span>
  ) : null;
}

/** Label, hint, control and error of one field, wired for screen readers. */
function Field({ name, id = name, label, hint, errors, required, children }: { name: string; id?: string; label: string; hint?: string; errors?: FieldErrors | null; required?: boolean; children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string; "aria-required"?: true }) => React.ReactNode }) {
  const message = useMessage();
  const error = errors?.[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": required ? true : undefined })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
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
  /** When two forms of a page have a field of the same name (the id defaults to the name). */
  id?: string;
}

export function TextField({ name, id = name, label, type = "text", defaultValue, errors, hint, required, autoComplete, maxLength, minLength }: FieldProps) {
  return (
    <Field name={name} id={id} label={label} hint={hint} errors={errors} required={required}>
      {(aria) => <input id={id} name={name} type={type} defaultValue={defaultValue} required={required} autoComplete={autoComplete} maxLength={maxLength} minLength={minLength} {...aria} />}
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
  required?: boolean;
  /** A controlled select (with JavaScript), instead of `defaultValue`. */
  value?: string;
  onChange?: (value: string) => void;
}

export function SelectField({ name, label, options, defaultValue, errors, id = name, required, value, onChange }: SelectProps) {
  const message = useMessage();
  const error = errors?.[name];
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <select id={id} name={name} {...(onChange ? { value, onChange: (e: React.ChangeEvent<HTMLSelectElement>) => onChange(e.target.value) } : { defaultValue })} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
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

export function TextAreaField({ name, id = name, label, defaultValue, errors, hint, rows = 3, maxLength, required }: { name: string; id?: string; label: string; defaultValue?: string; errors?: FieldErrors | null; hint?: string; rows?: number; maxLength?: number; required?: boolean }) {
  return (
    <Field name={name} id={id} label={label} hint={hint} errors={errors} required={required}>
      {(aria) => <textarea id={id} name={name} rows={rows} maxLength={maxLength} required={required} defaultValue={defaultValue} {...aria} />}
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

/**
 * Props of the box around a wide table: it scrolls sideways on a phone, so it is a named region that
 * takes the keyboard focus (WCAG 2.1.1, axe `scrollable-region-focusable`); the CSS shades the side that hides columns.
 */
export function scrollRegion(label: string | undefined) {
  return label ? ({ className: "table-wrap", role: "region", "aria-label": label, tabIndex: 0 } as const) : ({ className: "table-wrap", tabIndex: 0 } as const);
}
