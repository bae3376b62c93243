// Calls route loaders and actions the way Remix does, with a real database in the context.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createLoadContext } from "~/lib/context.server";
import type { Db } from "#db/index";
import { login } from "~/services/auth.server";
import { SESSION_COOKIE } from "~/lib/session.server";

export const ORIGIN = "http://localhost:3000";

export interface Call {
  path: string;
  method?: string;
  form?: Record<string, string>;
  token?: string | null;
  origin?: string | null;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  clientAddress?: string;
}

export function makeArgs(db: Db, call: Call): LoaderFunctionArgs & ActionFunctionArgs {
  const method = call.method ?? (call.form ? "POST" : "GET");
  const headers = new Headers(call.headers);
  if (call.token) headers.append("Cookie", `${SESSION_COOKIE}=${call.token}`);
  if (method !== "GET" && call.origin !== null) headers.set("Origin", call.origin ?? ORIGIN);
  const body = call.form ? new URLSearchParams(call.form) : undefined;
  if (body) headers.set("Content-Type", "application/x-www-form-urlencoded");
  const request = new Request(new URL(call.path, ORIGIN), { method, headers, body });
  return { request, params: call.params ?? {}, context: createLoadContext(db, call.clientAddress ?? "127.0.0.1") };
}

/** Runs a loader or action; a thrown Response (redirect, 403, 404) is returned, not thrown. */
export async function run(fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown, db: Db, call: Call): Promise<unknown> {
  try {
    return await fn(makeArgs(db, call));
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** The HTTP status of what a loader or action answered. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (result && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    return (result as { init?: { status?: number } }).init?.status ?? 200;
  }
  return 200;
}

export function dataOf<T = any>(result: unknown): T {
  if (result && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    return (result as unknown as { data: T }).data;
  }
  return result as T;
}

export async function signIn(db: Db, email: string, password: string): Promise<string> {
  const result = await login(db, { email, password, clientAddress: "127.0.0.1" });
  if (!result.ok) throw new Error(`could not sign in ${email}`);
  return result.token;
}
