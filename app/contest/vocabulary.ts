import { formatDate } from "~/utils/format";

/** Contest codes and their Vietnamese labels. */
export const CONTEST_LEVELS = { co_so: "Cấp cơ sở", khoi: "Cấp Đảng bộ Khối" } as const;

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

/** How a situation round is answered: presented live (today's judged round) or written. */
export const ANSWER_MODES = { trinh_bay: "Trình bày trực tiếp", viet: "Viết bài trên máy" } as const;
export type AnswerMode = keyof typeof ANSWER_MODES;
export const ANSWER_MODE_CODES = Object.keys(ANSWER_MODES) as [AnswerMode, ...AnswerMode[]];

export const ROUND_STATUSES = { pending: "Chưa mở", open: "Đang mở", closed: "Đã đóng" } as const;

export const NOMINATION_STATUSES = {
  pending: "Chờ duyệt",
  accepted: "Đã chấp nhận",
  declined: "Không chấp nhận",
} as const;

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

function labelOf<T extends Record<string, string>>(labels: T, code: string) {
  return Object.hasOwn(labels, code) ? labels[code as keyof T]! : code;
}
export const levelLabel = (code: string) => labelOf(CONTEST_LEVELS, code);
export const statusLabel = (code: string) => labelOf(CONTEST_STATUSES, code);
export const roundKindLabel = (code: string) => labelOf(ROUND_KINDS, code);

/** The header facts every contest page shows. */
export function contestHeader(contest: { id: number; name: string; level: string; unitName: string; startsOn: string; endsOn: string }) {
  return {
    id: contest.id,
    name: contest.name,
    level: levelLabel(contest.level),
    unitName: contest.unitName,
    dates: `${formatDate(contest.startsOn)} – ${formatDate(contest.endsOn)}`,
  };
}
export const roundStatusLabel = (code: string) => labelOf(ROUND_STATUSES, code);
export const answerModeLabel = (code: string) => labelOf(ANSWER_MODES, code);
export const ballotStatusLabel = (code: string) => labelOf(BALLOT_STATUSES, code);
export const nominationStatusLabel = (code: string) => labelOf(NOMINATION_STATUSES, code);
/** What the nominating unit reads: an accepted nominee the organisers later removed is no longer "accepted". */
export const nominationOutcomeLabel = (code: string, enrolled: boolean) =>
  code === "accepted" && !enrolled ? "Đã chấp nhận, sau đó ban tổ chức rút tên" : nominationStatusLabel(code);
