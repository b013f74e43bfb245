import { can, canBelowRoot, type Permission, type SessionUser } from "~/auth/permissions";

/** The main navigation; each item shows only to users holding its permission. */
const NAV_ITEMS: { to: string; label: string; permission: Permission | "sysadmin"; belowRoot?: true }[] = [
  { to: "/hoc-tap", label: "Học tập", permission: "training.take" },
  { to: "/luyen-tap", label: "Luyện tập", permission: "training.take" },
  { to: "/kiem-tra", label: "Kiểm tra", permission: "training.take" },
  { to: "/hoi-thi", label: "Hội thi", permission: "contest.view" },
  // Only a unit with a contest-organising unit above it has anything to nominate into.
  { to: "/hoi-thi/de-cu", label: "Đề cử thí sinh", permission: "contest.nominate", belowRoot: true },
  { to: "/sinh-hoat", label: "Sinh hoạt chi bộ", permission: "meetings.view" },
  { to: "/bao-cao", label: "Báo cáo", permission: "report.view" },
  { to: "/quan-tri", label: "Quản trị", permission: "org.manage" },
];

export function navFor(user: SessionUser | null) {
  return NAV_ITEMS.filter((item) =>
    item.permission === "sysadmin"
      ? user?.grants.some((g) => g.role === "sysadmin")
      : item.belowRoot
        ? canBelowRoot(user, item.permission)
        : can(user, item.permission),
  ).map(({ to, label }) => ({ to, label }));
}
