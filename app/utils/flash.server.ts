import { createCookie, redirect } from "@remix-run/node";

const flashCookie = createCookie("thong-bao", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1",
  maxAge: 60,
});

/** The Set-Cookie value that shows `message` once on the next page (also for handlers outside Remix). */
export function flashCookieHeader(message: string): Promise<string> {
  return flashCookie.serialize(message);
}

/** Redirects and shows `message` once on the next page (works without JavaScript). */
export async function redirectWithFlash(url: string, message: string, init?: ResponseInit) {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashCookieHeader(message));
  return redirect(url, { ...init, headers });
}

/** The pending flash message and the header that clears it. */
export async function readFlash(request: Request) {
  const message = (await flashCookie.parse(request.headers.get("Cookie"))) as unknown;
  if (typeof message !== "string" || !message) return { message: null, headers: undefined };
  return { message, headers: { "Set-Cookie": await flashCookie.serialize("", { maxAge: 0 }) } };
}
