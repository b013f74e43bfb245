import { describe, expect, it } from "vitest";
import { chartRange, weeklySeries } from "~/completion/burn-up";
import { toCsv } from "~/completion/export.server";
import { daysLeftLabel, percent, projectAtDeadline, reachesTarget, shortfall, unitStatus } from "~/completion/rules";
import { addDays, daysBetween, endOfLocalDay, localDate } from "~/utils/dates";
import { currentCampaignDates } from "#db/seed/completion";

describe("percentages and targets", () => {
  it("rounds down to one decimal so that almost-all never reads 100%", () => {
    expect(percent(1999, 2000)).toBe(99.9);
    expect(percent(2, 3)).toBe(66.6);
    expect(percent(5, 5)).toBe(100);
    expect(percent(0, 0)).toBeNull();
  });

  it("compares with the target in exact integers", () => {
    expect(reachesTarget(9, 10, 90)).toBe(true);
    expect(reachesTarget(8, 10, 90)).toBe(false);
    expect(reachesTarget(577, 577, 100)).toBe(true);
    expect(reachesTarget(576, 577, 100)).toBe(false);
    expect(shortfall(5, 11, 90)).toBe(5); // ceil(9.9) = 10 needed
  });
});

describe("status of a unit", () => {
  const base = { audience: 10, targetPercent: 100, deadline: "2022-06-30" };
  it("is đạt when the people trained on time reach the target, even after the deadline", () => {
    expect(unitStatus({ ...base, trainedOnTime: 10, today: "2026-11-25" })).toBe("dat");
  });
  it("is chưa đạt before or on the deadline, quá hạn from the day after", () => {
    expect(unitStatus({ ...base, trainedOnTime: 9, today: "2022-06-30" })).toBe("chua_dat");
    expect(unitStatus({ ...base, trainedOnTime: 9, today: "2022-07-01" })).toBe("qua_han");
  });
  it("has no status without an audience", () => {
    expect(unitStatus({ ...base, audience: 0, trainedOnTime: 0, today: "2022-05-01" })).toBe("khong_doi_tuong");
  });
});

describe("dates in Asia/Ho_Chi_Minh", () => {
  it("takes the local calendar day, not the UTC one", () => {
    // 17:30 UTC on 30/06 is already 01/07 in Vietnam.
    expect(localDate(new Date("2022-06-30T17:30:00Z"))).toBe("2022-07-01");
    expect(localDate(new Date("2022-06-30T16:59:59Z"))).toBe("2022-06-30");
  });
  it("ends a deadline at the end of that local day", () => {
    expect(endOfLocalDay("2022-06-30").toISOString()).toBe("2022-06-30T16:59:59.999Z");
  });
  it("counts days left in calendar days", () => {
    expect(daysBetween("2022-06-28", "2022-06-30")).toBe(2);
    expect(daysBetween("2022-06-30", "2022-06-30")).toBe(0);
    expect(daysBetween("2022-07-03", "2022-06-30")).toBe(-3);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysLeftLabel(2)).toBe("còn 2 ngày");
    expect(daysLeftLabel(0)).toBe("hạn chót hôm nay");
    expect(daysLeftLabel(-3)).toBe("quá hạn 3 ngày");
    expect(addDays("2022-12-31", 1)).toBe("2023-01-01");
  });
  it("places the current demo campaign around today", () => {
    const { startsOn, deadlineOn } = currentCampaignDates(new Date("2026-11-25T03:00:00Z"));
    expect({ startsOn, deadlineOn }).toEqual({ startsOn: "2026-08-01", deadlineOn: "2027-02-28" });
  });
});

describe("pace projection", () => {
  const base = { audience: 100, targetPercent: 90, windowDays: 28, deadline: "2022-06-30" };
  it("flags a unit whose recent pace misses the target", () => {
    // 50 trained, 7 in the last 4 weeks (1.75/week), 31 days left: about 57 at the deadline.
    const slow = projectAtDeadline({ ...base, trained: 50, trainedInWindow: 7, today: "2022-05-31" });
    expect(slow.atRisk).toBe(true);
    expect(slow.projected).toBe(57);
    expect(slow.neededPerWeek).toBe(10); // 40 more in 31 days
  });
  it("does not flag a unit on pace, one at target, or a finished campaign", () => {
    expect(projectAtDeadline({ ...base, trained: 50, trainedInWindow: 40, today: "2022-05-31" }).atRisk).toBe(false);
    expect(projectAtDeadline({ ...base, trained: 90, trainedInWindow: 0, today: "2022-05-31" }).atRisk).toBe(false);
    expect(projectAtDeadline({ ...base, trained: 10, trainedInWindow: 0, today: "2022-07-31" }).atRisk).toBe(false);
  });
});

describe("burn-up series", () => {
  it("spans start to deadline, stretched for late completions up to three months", () => {
    expect(chartRange({ startsOn: "2022-04-01", deadlineOn: "2022-06-30", today: "2026-11-25", lastDay: "2022-07-15" })).toEqual({
      from: "2022-04-01",
      to: "2022-07-15",
    });
    expect(chartRange({ startsOn: "2022-04-01", deadlineOn: "2022-06-30", today: "2026-11-25", lastDay: "2026-10-01" }).to).toBe("2022-09-30");
    expect(chartRange({ startsOn: "2026-08-01", deadlineOn: "2027-02-28", today: "2026-11-25", lastDay: "2026-11-24" }).to).toBe("2027-02-28");
  });
  it("gives cumulative weekly values up to today", () => {
    const rows = weeklySeries(
      {
        audience: 10,
        today: "2022-04-20",
        points: [
          { day: "2022-04-02", trained: 2 },
          { day: "2022-04-10", trained: 5 },
        ],
      },
      { from: "2022-04-01", to: "2022-06-30" },
    );
    expect(rows).toEqual([
      { day: "2022-04-07", trained: 2, percent: 20 },
      { day: "2022-04-14", trained: 5, percent: 50 },
      { day: "2022-04-20", trained: 5, percent: 50 },
    ]);
  });
});

describe("CSV", () => {
  it("starts with a BOM, quotes commas, writes dates dd/mm/yyyy and numbers machine-readable (dot decimals)", () => {
    const csv = toCsv({
      title: "t",
      columns: [
        { header: "Đơn vị", type: "text" },
        { header: "Tỷ lệ (%)", type: "percent" },
        { header: "Ngày", type: "date" },
      ],
      rows: [["Chi bộ A, B", 57.1, "2022-06-30"]],
    });
    expect(csv).toBe('\uFEFFĐơn vị,Tỷ lệ (%),Ngày\r\n"Chi bộ A, B",57.1,30/06/2022\r\n');
  });
});
