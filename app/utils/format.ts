/** Dates shown to users: dd/mm/yyyy in Asia/Ho_Chi_Minh. */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

const dateFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const dateTimeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

function parts(format: Intl.DateTimeFormat, date: Date) {
  const map: Record<string, string> = {};
  for (const part of format.formatToParts(date)) map[part.type] = part.value;
  return map;
}

export function formatDate(value: Date | string | null | undefined) {
  if (!value) return "";
  const p = parts(dateFormat, new Date(value));
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(value: Date | string | null | undefined) {
  if (!value) return "";
  const p = parts(dateTimeFormat, new Date(value));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

const numberFormat = new Intl.NumberFormat("vi-VN");
export function formatNumber(value: number) {
  return numberFormat.format(value);
}

// One formatter per precision: building an Intl.NumberFormat costs ~0.1 ms, and a report page
// formats a few hundred percentages.
const percentFormats = new Map<number, Intl.NumberFormat>();
export function formatPercent(value: number, digits = 1) {
  let format = percentFormats.get(digits);
  if (!format) percentFormats.set(digits, (format = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return `${format.format(value)}%`;
}
