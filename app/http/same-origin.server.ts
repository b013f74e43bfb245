/**
 * One guard for every request that changes something (any method but GET/HEAD/OPTIONS), applied
 * before Express, Remix and the bare autosave endpoint: a browser request sent from another site
 * (cross-site request forgery) is refused with a 403. Browsers send Origin with every POST; where
 * a privacy setting dropped it, the Referer's origin is checked instead. A request with neither
 * did not come from a page of another site (scripts, monitoring) and is left to the session checks.
 */
import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function header(req: IncomingMessage, name: string) {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hostOf(value: string) {
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return null;
  }
}

/** The host the browser addressed: the Host header, or the proxy's X-Forwarded-Host when trusted. */
function ownHost(req: IncomingMessage, trustProxy: boolean) {
  const forwarded = trustProxy ? header(req, "x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return (forwarded || header(req, "host") || "").toLowerCase();
}

/** Whether a state-changing request came from another site and must be refused. */
export function isCrossSite(req: IncomingMessage, options: { trustProxy: boolean }) {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const own = ownHost(req, options.trustProxy);
  const origin = header(req, "origin");
  // "null" is an opaque origin (sandboxed frame, data: URL): never one of our pages.
  if (origin !== undefined) return origin === "null" || hostOf(origin) !== own;
  const referer = header(req, "referer");
  if (referer !== undefined) return hostOf(referer) !== own;
  return false;
}

export const CROSS_SITE_MESSAGE = "Yêu cầu bị từ chối: thao tác này chỉ được gửi từ chính trang Bí thư chi bộ giỏi. Hãy mở trang và thực hiện lại.";
