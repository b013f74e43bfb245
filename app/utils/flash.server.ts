import { createCookie, redirect } from "@remix-run/node";
import { isHttps } from "~/http/security-headers.server";
import { safeRedirect } from "./safe-redirect";

const flashCookie = createCookie("thong-bao", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 60,
});

/**
 * The Set-Cookie value that shows `message` once on the next page, also for handlers outside Remix.
 * Secure when the request came over https (see isHttps), so it also reaches the page over http.
 */
export function flashCookieHeader(message: string, secure: boolean): Promise<string> {
  return flashCookie.serialize(message, { secure });
}

/** Redirects and shows `message` once on the next page (works without JavaScript). */
export async function redirectWithFlash(request: Request, url: string, message: string, init?: ResponseInit) {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashCookieHeader(message, isHttps(request)));
  return redirect(safeRedirect(url), { ...init, headers });
}

/** The pending flash message and the header that clears it. */
export async function readFlash(request: Request) {
  const message = (await flashCookie.parse(request.headers.get("Cookie"))) as unknown;
  if (typeof message !== "string" || !message) return { message: null, headers: undefined };
  return { message, headers: { "Set-Cookie": await flashCookie.serialize("", { maxAge: 0, secure: isHttps(request) }) } };
}
