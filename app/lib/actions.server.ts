// Actions of pages that hold several forms, each naming itself with an "intent" field.
import { data } from "@remix-run/node";
import { formValues, type FieldErrors } from "~/schemas/form";
import { AppError, appErrorFields } from "./errors";

export function formIntent(formData: FormData): string {
  return String(formData.get("intent") ?? "");
}

function failure(formData: FormData, errors: FieldErrors, status: number) {
  return data({ intent: formIntent(formData), errors, values: formValues(formData) }, { status });
}

export type Fail = (errors: FieldErrors, status: number) => ReturnType<typeof failure>;

/**
 * Runs the branch of an action for the form that was sent. Its errors come back with its intent
 * and the values typed, so the page shows them beside that form; a broken business rule
 * (AppError) becomes such an error, and an unknown intent answers 400.
 */
export async function handleIntent<R>(formData: FormData, handle: (fail: Fail) => Promise<R | undefined>) {
  const fail: Fail = (errors, status) => failure(formData, errors, status);
  try {
    return (await handle(fail)) ?? fail({ _form: { key: "errors.invalid", params: { field: "intent" } } }, 400);
  } catch (e) {
    if (e instanceof AppError) return fail(appErrorFields(e), e.status);
    throw e;
  }
}

/** What a page needs to show the confirmation step of an irreversible action sent without it. */
export interface ConfirmStep {
  intent: string;
  /** The fields sent, to post again with `confirmed=1` (the intent and `confirmed` left out). */
  fields: Record<string, string>;
}

/**
 * An irreversible action is done only when its form says `confirmed=1` (the dialog sets it with
 * JavaScript; without it, the page shows a confirmation step that posts the same fields again).
 * Null when confirmed; otherwise the step to show, and the action writes nothing.
 */
export function needsConfirmation(formData: FormData): ConfirmStep | null {
  if (formData.get("confirmed") === "1") return null;
  const fields = formValues(formData);
  delete fields.intent;
  delete fields.confirmed;
  return { intent: formIntent(formData), fields };
}

/** The answer that shows the confirmation step (200: the page itself, with the step in place). */
export function confirmationStep(step: ConfirmStep) {
  return data({ intent: step.intent, errors: {} as FieldErrors, values: {} as Record<string, string>, confirm: step }, { headers: { "Cache-Control": "no-store" } });
}
