import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createSessionCookie } from "~/auth/session.server";

const BASE = "http://localhost";

/** A session cookie header value for `userId` (the part before the first ';'). */
export async function cookieFor(userId: string) {
  return (await createSessionCookie(userId, new Request(BASE))).split(";")[0]!;
}

export function getRequest(path: string, cookie?: string) {
  return new Request(BASE + path, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(path: string, form: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(BASE + path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** A multipart POST of `fields` and one file, as an upload form sends it. */
export function uploadRequest(path: string, fields: Record<string, string>, file: { name: string; body: BlobPart }, cookie?: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([file.body], file.name));
  return new Request(BASE + path, { method: "POST", body: form, headers: cookie ? { Cookie: cookie } : {} });
}

/** What a refused action answered (`data(…)` or a plain value). */
export function payload<T>(value: unknown): T {
  return ((value as { data?: unknown })?.data ?? value) as T;
}

/** The messages of a refused form (an action's `{ intent, result }` conform reply): the form's own, then its fields'. */
export function formMessages(value: unknown): string[] {
  const reply = payload<{ result: { error?: Record<string, string[] | null> | null } }>(value);
  return Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []);
}

/** Arguments for calling a route loader or action directly. */
export function args(request: Request, params: Record<string, string> = {}): LoaderFunctionArgs & ActionFunctionArgs {
  return { request, params, context: {} };
}

/** Runs a loader/action and returns the thrown or returned Response-like outcome. */
export async function settle<T>(run: () => Promise<T>): Promise<{ status: number; location: string | null; value: T | unknown }> {
  try {
    const value = await run();
    const init = (value as { init?: ResponseInit | null })?.init;
    if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), value };
    return { status: init?.status ?? 200, location: null, value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), value: thrown };
    const init = (thrown as { init?: ResponseInit | null; type?: string })?.init;
    if ((thrown as { type?: string })?.type === "DataWithResponseInit") {
      return { status: init?.status ?? 500, location: null, value: (thrown as { data: unknown }).data };
    }
    throw thrown;
  }
}
