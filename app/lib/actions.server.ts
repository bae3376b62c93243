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
