import type { z } from "zod";
import type { Message } from "~/lib/errors";

/** Field errors keyed by field name, each a message to translate; "_form" is for the whole form. */
export type FieldErrors = Record<string, Message>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** A translation key for a zod issue, naming the field so the message can say which one. */
function issueMessage(issue: z.core.$ZodIssue, field: string): Message {
  if (issue.message.startsWith("errors.")) return { key: issue.message, params: { field } };
  switch (issue.code) {
    case "too_small":
      return { key: "errors.required", params: { field } };
    case "too_big":
      return { key: "errors.tooLong", params: { field, max: Number(issue.maximum) } };
    case "invalid_format":
      return issue.format === "email" ? { key: "errors.email", params: { field } } : { key: "errors.invalid", params: { field } };
    case "invalid_value":
      return { key: "errors.invalidChoice", params: { field } };
    case "invalid_type":
      return issue.input === undefined ? { key: "errors.required", params: { field } } : { key: "errors.invalid", params: { field } };
    default:
      return { key: "errors.invalid", params: { field } };
  }
}

/** Text values of a form, passwords left out, to put back into the form after an error. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData) {
    if (typeof v === "string" && !/password/i.test(k)) values[k] = v;
  }
  return values;
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  // Own properties only: a field named "__proto__" must not become the object's prototype.
  const raw: Record<string, unknown> = Object.fromEntries(formData);
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= issueMessage(issue, field);
  }
  return { ok: false, errors, values: formValues(formData) };
}
