/** Contest codes and their Vietnamese labels. */
export const CONTEST_LEVELS = { co_so: "Cấp cơ sở", khoi: "Cấp Đảng bộ Khối" } as const;
export type ContestLevel = keyof typeof CONTEST_LEVELS;

export const CONTEST_STATUSES = {
  draft: "Bản nháp",
  registration: "Đang đăng ký",
  running: "Đang thi",
  finished: "Đã kết thúc",
  published: "Đã công bố kết quả",
} as const;
export type ContestStatus = keyof typeof CONTEST_STATUSES;
/** The only allowed next status of each status. */
export const NEXT_STATUS: Partial<Record<ContestStatus, ContestStatus>> = {
  draft: "registration",
  registration: "running",
  running: "finished",
  finished: "published",
};

export const ROUND_KINDS = {
  knowledge: "Thi kiến thức (trắc nghiệm)",
  situation: "Xử lý tình huống",
  presentation: "Thuyết trình, giới thiệu bản thân",
} as const;
export type RoundKind = keyof typeof ROUND_KINDS;
export const ROUND_KIND_CODES = Object.keys(ROUND_KINDS) as [RoundKind, ...RoundKind[]];

export const ROUND_STATUSES = { pending: "Chưa mở", open: "Đang mở", closed: "Đã đóng" } as const;

export const BALLOT_STATUSES = {
  pending_confirmation: "Chờ người thứ hai xác nhận",
  submitted: "Đã nộp (khóa)",
  reopened: "Đã mở lại",
} as const;

export function isJudgedRound(kind: string) {
  return kind === "situation" || kind === "presentation";
}

/** Rounds can be added, reordered and edited until the contest runs. */
export function roundsEditable(status: string) {
  return status === "draft" || status === "registration";
}
