import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { flashHeader } from "~/lib/flash.server";
import { getSession, assertSameOrigin } from "~/lib/guards.server";
import { blankSessionCookie } from "~/lib/session.server";
import { logout } from "~/services/auth.server";

// Only POST: a GET never signs anyone out.
export function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  assertSameOrigin(args.request);
  const session = await getSession(args);
  if (session) await logout(args.context.db, session.sessionId, session.user.id);
  const headers = new Headers();
  headers.append("Set-Cookie", blankSessionCookie());
  headers.append("Set-Cookie", await flashHeader({ key: "login.loggedOut", kind: "info" }));
  return redirect("/login", { headers });
}
