import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin, getSession } from "~/lib/guards.server";
import { langCookie } from "~/lib/locale.server";
import { languageSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { setLocale } from "~/services/account.server";

export function loader() {
  return redirect("/");
}

/** Saves the chosen language on the account (when signed in) and in a cookie, then goes back. */
export async function action(args: ActionFunctionArgs) {
  assertSameOrigin(args.request);
  const form = parseForm(languageSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const session = await getSession(args);
  if (session) await setLocale(args.context.db, session.user.id, form.data.lang);
  return redirect(form.data.redirectTo, { headers: { "Set-Cookie": langCookie(form.data.lang) } });
}
