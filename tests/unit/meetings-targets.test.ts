import { describe, expect, it } from "vitest";
import {
  defaultPeriod,
  EMPTY_FIGURES,
  evaluateTargets,
  meets,
  parsePeriod,
  periodLabel,
  periodParam,
  recentPeriods,
  thresholdOf,
  trendPeriods,
} from "~/meetings/targets";

describe("meeting targets (001 §II.1.2)", () => {
  it("quality: above 85% by 2023, above 95% from 2025, and the 2023 mark as the way there before", () => {
    expect(thresholdOf("quality", 2022)).toMatchObject({ op: "gt", value: 85, interim: true });
    expect(thresholdOf("quality", 2023)).toMatchObject({ op: "gt", value: 85, interim: false });
    expect(thresholdOf("quality", 2024)).toMatchObject({ op: "gt", value: 85 });
    expect(thresholdOf("quality", 2025)).toMatchObject({ op: "gt", value: 95 });
    expect(meets(85, thresholdOf("quality", 2023))).toBe(false);
    expect(meets(85.1, thresholdOf("quality", 2023))).toBe(true);
    expect(meets(95, thresholdOf("quality", 2025))).toBe(false);
  });

  it("annual ratings: strictly above 95% of cells and 90% of members", () => {
    const f = { ...EMPTY_FIGURES, cellRated: 20, cellGood: 19, membersRated: 10, membersGood: 9 };
    const results = evaluateTargets(f, { cells: 20, year: 2024 });
    expect(results.find((r) => r.key === "annualCells")).toMatchObject({ figure: 95, met: false });
    expect(results.find((r) => r.key === "annualMembers")).toMatchObject({ figure: 90, met: false });
    const better = evaluateTargets({ ...f, cellGood: 20, membersGood: 10 }, { cells: 20, year: 2024 });
    expect(better.filter((r) => r.key.startsWith("annual")).map((r) => r.met)).toEqual([true, true]);
  });

  it("regime and quality count every open cell: a cell with nothing recorded fails", () => {
    const f = { ...EMPTY_FIGURES, regimeOk: 9, qualityTot: 9, held: 30, attendanceOk: 30 };
    const results = evaluateTargets(f, { cells: 10, year: 2025 });
    expect(results.find((r) => r.key === "regime")).toMatchObject({ figure: 90, met: false });
    expect(results.find((r) => r.key === "attendance")).toMatchObject({ figure: 100, met: true });
    expect(results.find((r) => r.key === "unexcused")).toMatchObject({ figure: 0, met: true });
  });

  it("nothing to judge is not a pass or a fail", () => {
    const results = evaluateTargets(EMPTY_FIGURES, { cells: 0, year: 2025 });
    expect(results.filter((r) => r.key !== "unexcused").map((r) => r.met)).toEqual([null, null, null, null, null]);
  });

  it("parses periods and rejects anything else", () => {
    expect(parsePeriod("2025-02")).toEqual({ kind: "m", start: "2025-02-01", end: "2025-02-28", year: 2025 });
    expect(parsePeriod("2024-02")?.end).toBe("2024-02-29");
    expect(parsePeriod("2025-Q4")).toEqual({ kind: "q", start: "2025-10-01", end: "2025-12-31", year: 2025 });
    expect(parsePeriod("2025")).toEqual({ kind: "y", start: "2025-01-01", end: "2025-12-31", year: 2025 });
    for (const bad of ["2025-13", "2025-00", "2025-Q5", "25", "", "x", "2025-1", "1999", "2025-02-01"]) expect(parsePeriod(bad)).toBeNull();
    for (const p of ["2025-02", "2025-Q3", "2025"]) expect(periodParam(parsePeriod(p)!)).toBe(p);
    expect(periodLabel(parsePeriod("2025-03")!)).toBe("Tháng 03/2025");
    expect(periodLabel(parsePeriod("2025-Q2")!)).toBe("Quý II/2025");
  });

  it("trend: months and quarters of the year up to the period, five years up to a year", () => {
    expect(trendPeriods(parsePeriod("2025-03")!).map(periodParam)).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(trendPeriods(parsePeriod("2025-Q3")!).map(periodParam)).toEqual(["2025-Q1", "2025-Q2", "2025-Q3"]);
    expect(trendPeriods(parsePeriod("2025")!).map(periodParam)).toEqual(["2021", "2022", "2023", "2024", "2025"]);
  });

  it("the default period is the last month that has ended; the picker crosses year ends", () => {
    expect(periodParam(defaultPeriod("2026-01-15"))).toBe("2025-12");
    const recent = recentPeriods("2026-02-10");
    expect(recent.m.slice(0, 3).map((p) => p.value)).toEqual(["2026-02", "2026-01", "2025-12"]);
    expect(recent.q.slice(0, 2).map((p) => p.value)).toEqual(["2026-Q1", "2025-Q4"]);
    expect(recent.y[0]!.value).toBe("2026");
  });
});
