/** Largest value of a `serial` (int4) primary key: a larger id in a URL or form cannot exist. */
export const MAX_SERIAL_ID = 2_147_483_647;

/**
 * Whether `value` can be a row id. Ids beyond int4 must be refused before the
 * query: PostgreSQL rejects them with an error (a 500), not an empty result.
 */
export function isRowId(value: number) {
  return Number.isInteger(value) && value > 0 && value <= MAX_SERIAL_ID;
}
