// What every loader and action calls first: who is asking, and may they do this here?
import { redirect, type AppLoadContext } from "@remix-run/node";
import { can, isRole, type Permission, type Role } from "~/domain/roles";
import { validateSessionToken, type ValidSession } from "~/services/auth.server";
import { findEntityAndRole, findEntityBySlug } from "~/queries/entities.server";
import { getEnv } from "./env.server";
import { forbidden, notFound } from "./errors";
import { isOriginAllowed, parseAllowedOrigins } from "./origin.server";
import { blankSessionCookie, readSessionToken, sessionCookie } from "./session.server";

interface Args {
  request: Request;
  context: AppLoadContext;
}

const sessionCache = new WeakMap<AppLoadContext, Promise<ValidSession | null>>();

/** Rejects (403) a state-changing request that did not come from one of our own pages. */
export function assertSameOrigin(request: Request): void {
  const host = new URL(request.url).host;
  if (!isOriginAllowed(request.method, request.headers.get("Origin"), host, parseAllowedOrigins(getEnv().APP_ORIGIN))) {
    forbidden();
  }
}

/** The signed-in person's session, or null. Renews the cookie when the session was renewed. */
export function getSession({ request, context }: Args): Promise<ValidSession | null> {
  const cached = sessionCache.get(context);
  if (cached) return cached;
  const promise = (async () => {
    const token = readSessionToken(request);
    if (!token) return null;
    const session = await validateSessionToken(context.db, token);
    if (!session) context.responseHeaders.append("Set-Cookie", blankSessionCookie());
    else if (session.renewed) context.responseHeaders.append("Set-Cookie", sessionCookie(token, session.expiresAt));
    return session;
  })();
  sessionCache.set(context, promise);
  return promise;
}

/** The signed-in person, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(args: Args): Promise<ValidSession> {
  assertSameOrigin(args.request);
  const session = await getSession(args);
  if (!session) {
    const url = new URL(args.request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return session;
}

export async function requirePlatformAdmin(args: Args): Promise<ValidSession> {
  const session = await requireUser(args);
  if (!session.user.isPlatformAdmin) forbidden();
  return session;
}

export interface EntityAccess {
  session: ValidSession;
  entity: NonNullable<Awaited<ReturnType<typeof findEntityBySlug>>>;
  role: Role;
}

/**
 * The entity named by the `slug` URL parameter, when the signed-in person holds a role in it
 * that grants `permission`: 404 for an unknown entity, 403 otherwise.
 */
export async function requireEntity(args: Args & { params: { slug?: string } }, permission: Permission): Promise<EntityAccess> {
  const session = await requireUser(args);
  const found = args.params.slug ? await findEntityAndRole(args.context.db, args.params.slug, session.user.id) : undefined;
  if (!found) notFound();
  const { entity, role } = found;
  if (!isRole(role) || !can(role, permission)) forbidden();
  return { session, entity, role };
}
