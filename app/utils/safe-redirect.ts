// Any origin will do: only whether the target stays on it matters, and only the path is kept.
const SITE = "https://site.invalid";

// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u001F\u007F\s]/;

/** Longer than any page of the site: a target this long is not one of ours. */
const MAX_TARGET_LENGTH = 2000;

/**
 * A redirect target taken from user input, reduced to a path on this site, or `fallback`.
 * It is resolved as a browser would (`new URL` against the site), so `//evil`, `/\evil`,
 * `https://evil` and tricks that browsers undo (a tab or newline inside `/\t/evil`) all leave
 * the site and are refused; control characters are refused outright (they also make an
 * invalid Location header, a 500). The result is percent-encoded, safe in a header.
 */
export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.length > MAX_TARGET_LENGTH) return fallback;
  if (CONTROL_OR_SPACE.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE) return fallback;
  return url.pathname + url.search + url.hash;
}
