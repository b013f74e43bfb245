/**
 * Calendar dates (yyyy-mm-dd) in Asia/Ho_Chi_Minh, the one time zone of the app: a deadline is the end of that day there.
 */
import { formatDate } from "./format";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
/** Vietnam has no daylight saving: UTC+7 all year. */
const OFFSET = "+07:00";

/** The calendar date (yyyy-mm-dd) of an instant in Asia/Ho_Chi_Minh. */
// One formatter for every call: building an Intl.DateTimeFormat costs more than formatting with it.
const localDateFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

export function localDate(instant: Date) {
  return localDateFormat.format(instant);
}

/** The last instant of a local calendar day: "2022-06-30" → 2022-06-30T23:59:59.999+07:00. */
export function endOfLocalDay(day: string) {
  return new Date(`${day}T23:59:59.999${OFFSET}`);
}

/** Whole calendar days from `today` to `deadline` (both yyyy-mm-dd): 0 = due today, negative = overdue. */
export function daysBetween(today: string, deadline: string) {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Adds whole days to a yyyy-mm-dd date. */
export function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A calendar date (yyyy-mm-dd) as dd/mm/yyyy (noon local, so no zone can shift the day). */
export function formatDay(day: string) {
  return formatDate(`${day}T12:00:00+07:00`);
}
