/**
 * The web's security baseline on every response, whatever produced it (Remix, the bare autosave
 * endpoint, static files): set once in server.ts before anything else writes. Documents get their
 * own Content-Security-Policy with a per-request nonce from entry.server (see documentPolicy).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Whether the request reached us over https: directly, or from a proxy we were told to trust. */
export function arrivedOverHttps(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean) {
  if ("encrypted" in req.socket && req.socket.encrypted) return true;
  if (!trustProxy) return false;
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/**
 * Whether a Fetch request (a loader's or an action's) reached us over https, the same rule seen from Remix. server.ts builds request.url from Express's
 * req.protocol, which believes X-Forwarded-Proto only when TRUST_PROXY=1.
 */
export function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:";
}

/** Anything that is not an HTML page (data, CSV, PDF, JSON): nothing may run, nothing may frame it. */
const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const BASELINE: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Content-Security-Policy": RESOURCE_POLICY,
  // Pages and data of signed-in users must never sit in a shared cache or a shared PC's history
  // cache; static files set their own long-lived Cache-Control and keep it.
  "Cache-Control": "private, no-store",
};

/**
 * The document policy: scripts only with this request's nonce (and the modules they load), styles
 * from our origin (style attributes allowed: progress bars set widths), no framing, forms to us only.
 * No 'unsafe-eval': lessons come as HTML rendered on the server, nothing evaluates code in the
 * browser (docs/decisions/016-security-headers.md). Without the nonce no script element executes.
 */
export function documentPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Adds the baseline headers to `res` just before its headers are written, unless the handler set
 * its own (a document's CSP, a static file's Cache-Control). HSTS only over https: sent over http
 * (a LAN demo) it would be ignored by browsers anyway, and it must never lock a LAN address to https.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { trustProxy: boolean }) {
  const https = arrivedOverHttps(req, options.trustProxy);
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    for (const [name, value] of Object.entries(BASELINE)) {
      if (!res.hasHeader(name)) res.setHeader(name, value);
    }
    if (https && !res.hasHeader("Strict-Transport-Security")) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
