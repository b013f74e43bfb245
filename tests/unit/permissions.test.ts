import { describe, expect, it } from "vitest";
import { can, scopesOf, type SessionUser } from "~/auth/permissions";
import { normalizePhone } from "~/auth/login.server";
import { delayFor, THROTTLE } from "~/auth/throttle.server";
import { navFor } from "~/components/nav";

function userWith(...grants: [SessionUser["grants"][number]["role"], string][]): SessionUser {
  return {
    id: "u",
    username: "u",
    displayName: "U",
    personId: null,
    grants: grants.map(([role, unitPath]) => ({ role, unitPath, unitId: 0, unitName: "" })),
  };
}

describe("can()", () => {
  it("denies by default", () => {
    expect(can(null, "training.take")).toBe(false);
    expect(can(userWith(), "training.take")).toBe(false);
    expect(can(userWith(["learner", "/1/"]), "report.view")).toBe(false);
  });

  it("covers a unit's subtree only", () => {
    const admin = userWith(["org_admin", "/1/2/"]);
    expect(can(admin, "report.view", "/1/2/")).toBe(true);
    expect(can(admin, "report.view", "/1/2/15/")).toBe(true);
    expect(can(admin, "report.view", "/1/3/")).toBe(false);
    expect(can(admin, "report.view", "/1/")).toBe(false);
    // A sibling whose id starts with the same digits is not inside.
    expect(can(admin, "report.view", "/1/20/")).toBe(false);
  });

  it("lets sysadmin do everything, everywhere", () => {
    const root = userWith(["sysadmin", "/1/"]);
    expect(can(root, "contest.manage", "/1/7/")).toBe(true);
    expect(can(root, "org.manage")).toBe(true);
  });

  it("opens the contest list to every role, and to nobody without a grant", () => {
    for (const role of ["learner", "judge", "contest_organizer", "org_admin", "sysadmin"] as const)
      expect(can(userWith([role, "/1/5/"]), "contest.list")).toBe(true);
    expect(can(userWith(), "contest.list")).toBe(false);
  });

  it("lists minimal scopes", () => {
    const user = userWith(["org_admin", "/1/2/"], ["org_admin", "/1/2/9/"], ["org_admin", "/1/4/"], ["learner", "/1/"]);
    expect(scopesOf(user, "report.view")).toEqual(["/1/2/", "/1/4/"]);
  });

  it("shows navigation per role", () => {
    expect(navFor(userWith(["learner", "/1/5/"])).map((i) => i.label)).toEqual(["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"]);
    expect(navFor(userWith(["org_admin", "/1/"])).map((i) => i.label)).toEqual(["Sinh hoạt chi bộ", "Báo cáo", "Quản trị"]);
    expect(navFor(userWith(["judge", "/1/"])).map((i) => i.label)).toEqual(["Hội thi"]);
    expect(navFor(null)).toEqual([]);
  });
});

describe("login helpers", () => {
  it("normalises phone numbers", () => {
    expect(normalizePhone("+84 912 345 678")).toBe("0912345678");
    expect(normalizePhone("0912.345.678")).toBe("0912345678");
    expect(normalizePhone("84912345678")).toBe("0912345678");
  });

  it("slows down after the second failure, up to a cap", () => {
    // The step is a parameter: tests run with LOGIN_DELAY_STEP_MS=0, which would make this 0 === 0.
    expect(delayFor(1, 400)).toBe(0);
    expect(delayFor(2, 400)).toBe(0);
    expect(delayFor(3, 400)).toBe(400);
    expect(delayFor(4, 400)).toBe(800);
    expect(delayFor(100, 400)).toBe(THROTTLE.maxDelayMs);
    expect(THROTTLE.maxDelayMs).toBe(2000);
  });
});
