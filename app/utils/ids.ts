import { z } from "zod";

/** Largest value of a `serial` (int4) primary key: a larger id in a URL or form cannot exist. */
export const MAX_SERIAL_ID = 2_147_483_647;

/**
 * Whether `value` can be a row id. Ids beyond int4 must be refused before the
 * query: PostgreSQL rejects them with an error (a 500), not an empty result.
 */
export function isRowId(value: number) {
  return Number.isInteger(value) && value > 0 && value <= MAX_SERIAL_ID;
}

/** A row id from a URL or form value, or null: anything but 1…2^31−1 cannot name a row. */
export function parseId(value: unknown): number | null {
  if (typeof value === "number") return isRowId(value) ? value : null;
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value.trim())) return null;
  const id = Number(value.trim());
  return isRowId(id) ? id : null;
}

/** Largest page number a list accepts: beyond it every list is empty anyway. */
export const MAX_PAGE = 100_000;

/** zod field for a row id in a form or query (string input), with a Vietnamese message. */
export const IdField = z.coerce
  .number({ invalid_type_error: "Mã không hợp lệ." })
  .int("Mã không hợp lệ.")
  .min(1, "Mã không hợp lệ.")
  .max(MAX_SERIAL_ID, "Mã không hợp lệ.");

/** zod field for a page number in a query string: malformed or out of range reads as page 1. */
export const PageField = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
