import type { MetaDescriptor } from "@remix-run/node";

export const SITE_NAME = "Bí thư chi bộ giỏi";

/**
 * A page's title (with the site's name after it) and its description: the one way a route says what it is,
 * so browser tabs, bookmarks and shared links read the same everywhere.
 */
export function pageMeta(title: string, description: string): MetaDescriptor[] {
  return [{ title: `${title} · ${SITE_NAME}` }, { name: "description", content: description }];
}
