/**
 * The name of the unique index a failed statement violated, or null. postgres.js
 * and PGlite report it under different keys, and drizzle wraps the driver error.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const record = current as Record<string, unknown>;
    if (record.code === "23505") {
      const name = record.constraint_name ?? record.constraint;
      if (typeof name === "string") return name;
      const detail = typeof record.detail === "string" ? record.detail : "";
      return detail || "unique";
    }
    current = record.cause;
  }
  return null;
}
