import { formatDay } from "~/utils/dates";
import { formatNumber } from "~/utils/format";
import { ATTENDANCE, MEETING_KINDS, RATINGS, type AttendanceStatus, type MeetingKind, type Rating } from "./rules";

/** The help text of the register: the rule the schedule serves (001 §III.2(1)). */
export function ScheduleRuleNote() {
  return (
    <p className="small muted">
      Chi bộ đăng ký ngày sinh hoạt cố định và thực hiện cơ chế “chỉ báo hoãn, không báo họp, trừ trường hợp có công việc phát sinh đột xuất phải điều chỉnh
      ngày sinh hoạt chi bộ” (Đề án 01-ĐA/ĐUK, mục III.2(1)): kỳ sinh hoạt diễn ra theo lịch mà không cần thông báo; chỉ báo khi hoãn, kèm lý do và ngày sinh
      hoạt mới. Cấp ủy cấp trên thấy báo hoãn.
    </p>
  );
}

export function RatingBadge({ rating }: { rating: Rating | string | null }) {
  if (!rating) return null;
  const label = RATINGS[rating as Rating] ?? rating;
  const tone = rating === "tot" ? "badge-ok" : rating === "kha" ? "" : rating === "trung_binh" ? "badge-warn" : "badge-bad";
  return <span className={`badge ${tone}`.trim()}>{label}</span>;
}

export function kindLabel(kind: MeetingKind | string) {
  return MEETING_KINDS[kind as MeetingKind] ?? kind;
}

export function attendanceLabel(status: AttendanceStatus | string) {
  return ATTENDANCE[status as AttendanceStatus] ?? status;
}

/** "05/12/2026" or "" */
export function day(value: string | null | undefined) {
  return value ? formatDay(value) : "";
}

/** The URL of a meeting's page on the cell's side or the attendee's side. */
export function meetingHref(base: string, date: string, kind: MeetingKind | string = "thuong_ky") {
  return `${base}?ngay=${date}&loai=${kind}`;
}

/** The options of a rating select, with an empty first choice. */
export function RatingOptions() {
  return (
    <>
      <option value="" disabled>
        (chọn)
      </option>
      {Object.entries(RATINGS).map(([code, label]) => (
        <option key={code} value={code}>
          {label}
        </option>
      ))}
    </>
  );
}

/** A stored total ("95.5") the Vietnamese way ("95,5"; "95" for "95.0"). */
export function formatPoints(total: string | number) {
  return formatNumber(Number(total));
}
