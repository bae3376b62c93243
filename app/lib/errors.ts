/**
 * A broken business rule, with a translation key and its parameters, so that the
 * route can show it in the user's language. Routes turn it into a 409/422 answer.
 */
export class AppError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    readonly status: 403 | 409 | 422 | 429 = 422,
    /** The form field the problem is about, when there is one. */
    readonly field?: string,
  ) {
    super(key);
    this.name = "AppError";
  }
}

/** A message to translate on the page: a key of app/locales and its parameters. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

/** The error as form errors: on its field, or on the whole form. */
export function appErrorFields(e: AppError): Record<string, Message> {
  return { [e.field ?? "_form"]: { key: e.key, params: e.params } };
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
