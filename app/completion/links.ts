/** Builds a report URL from the current query with some parameters changed (undefined/null removes). */
export function reportHref(
  path: string,
  query: Record<string, string | number | undefined | null>,
  changes: Record<string, string | number | undefined | null> = {},
) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
