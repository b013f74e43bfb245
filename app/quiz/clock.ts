/** Clock times shown while taking a quiz. */
const timeFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** hh:mm:ss in Asia/Ho_Chi_Minh (the "Đã lưu" status, the deadline). */
export function formatClock(value: Date | string) {
  const parts: Record<string, string> = {};
  for (const p of timeFormat.formatToParts(new Date(value))) parts[p.type] = p.value;
  return `${parts.hour}:${parts.minute}:${parts.second}`;
}
