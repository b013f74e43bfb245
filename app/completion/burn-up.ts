import { percent } from "./rules";
import { addDays } from "~/utils/dates";

/** Burn-up series: the cumulative trained count per day, and its weekly table. */
export interface BurnUpData {
  audience: number;
  today: string;
  points: { day: string; trained: number }[];
}

/** The cumulative count at the end of `day` (points are sorted by day). */
function trainedAt(points: BurnUpData["points"], day: string) {
  let value = 0;
  for (const p of points) {
    if (p.day > day) break;
    value = p.trained;
  }
  return value;
}

/** Days of the x axis: start to deadline, stretched to show late completions (at most three months). */
export function chartRange(input: { startsOn: string; deadlineOn: string; today: string; lastDay?: string }) {
  const latest = [input.lastDay ?? input.startsOn, input.today].sort()[0]!;
  const end = latest > input.deadlineOn ? [latest, addDays(input.deadlineOn, 92)].sort()[0]! : input.deadlineOn;
  return { from: input.startsOn, to: end };
}

/** Weekly rows for the data table and the chart's accessible twin. */
export function weeklySeries(data: BurnUpData, range: { from: string; to: string }) {
  const rows: { day: string; trained: number; percent: number | null }[] = [];
  const last = [range.to, data.today].sort()[0]!;
  for (let day = addDays(range.from, 6); ; day = addDays(day, 7)) {
    const at = day > last ? last : day;
    const trained = trainedAt(data.points, at);
    rows.push({ day: at, trained, percent: percent(trained, data.audience) });
    if (day >= last) break;
  }
  return rows;
}
