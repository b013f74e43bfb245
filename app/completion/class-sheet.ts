// The class attendance file's columns, shown on the page too (a .server module is empty in the browser build).
export const ATTENDANCE_CODE_HEADER = "Mã đảng viên";
/** The optional column of marks: with it the file is a checklist (marked: attended, blank: did not). */
export const ATTENDANCE_MARK_HEADER = "Dự lớp";
