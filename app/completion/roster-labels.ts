// Shared with the page: a .server module is empty in the browser build, so labels the component shows live here.
export type RowChange = "moi" | "cap-nhat" | "chuyen-chi-bo" | "khong-doi";
export const CHANGE_LABELS: Record<RowChange, string> = {
  moi: "Thêm mới",
  "cap-nhat": "Cập nhật",
  "chuyen-chi-bo": "Chuyển chi bộ",
  "khong-doi": "Không thay đổi",
};
