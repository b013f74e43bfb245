import { z } from "zod";
import { sql } from "drizzle-orm";
import { DEFAULT_POSITION_TRACKS } from "../../app/completion/rules";
import { addDays, localDate } from "../../app/utils/dates";
import { rowsOf, type Executor } from "../client.server";
import { campaign, campaignPosition, classAttendance, trainingClass, trainingCompletion } from "../schema";
import type { SeedStep } from "../seed-runner";
import { insertChunked } from "./organisation";
import type { Random } from "./random";

/** The Đề án's campaign (001 §III.5(1)–(2)): 100% trained in Q2/2022. */
export const DE_AN_CAMPAIGN = {
  name: "Tập huấn nghiệp vụ công tác đảng và kỹ năng tổ chức sinh hoạt chi bộ năm 2022",
  legalBasis: "Đề án 01-ĐA/ĐUK ngày 01/4/2022 của Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh Quảng Bình",
  targetPercent: 100,
  startsOn: "2022-04-01",
  deadlineOn: "2022-06-30",
};

const PLACE = "Trường Chính trị tỉnh Quảng Bình";
/** 001 §III.5(3): "Mời giảng viên Trường Chính trị tỉnh; UVTV Đảng ủy Khối - Trưởng các ban chuyên trách". */
const LECTURERS = "Giảng viên Trường Chính trị tỉnh; UVTV Đảng ủy Khối - Trưởng các ban chuyên trách";

/** Track A classes last one day, track B one to two (001 §III.5(3)). */
const CLASSES_2022: { track: "A" | "B"; startsOn: string; endsOn: string }[] = [
  { track: "A", startsOn: "2022-04-21", endsOn: "2022-04-21" },
  { track: "A", startsOn: "2022-05-19", endsOn: "2022-05-19" },
  { track: "A", startsOn: "2022-06-16", endsOn: "2022-06-16" },
  { track: "B", startsOn: "2022-04-27", endsOn: "2022-04-28" },
  { track: "B", startsOn: "2022-05-11", endsOn: "2022-05-12" },
  { track: "B", startsOn: "2022-05-25", endsOn: "2022-05-26" },
  { track: "B", startsOn: "2022-06-08", endsOn: "2022-06-09" },
  { track: "B", startsOn: "2022-06-22", endsOn: "2022-06-23" },
  { track: "B", startsOn: "2022-07-14", endsOn: "2022-07-15" }, // the make-up class, after the deadline
];

interface AudienceRow {
  personId: number;
  tccsId: number;
  track: "A" | "B";
}

type CompletionRow = typeof trainingCompletion.$inferInsert;
type ClassRow = typeof trainingClass.$inferInsert & { id: number };

/** Both campaigns, their classes, attendance, and completions spread over time. */
export const seedCompletion: SeedStep = async (tx, { org, random }) => {
  const [deAn] = await tx
    .insert(campaign)
    .values({ ...DE_AN_CAMPAIGN, organisingUnitId: org.rootId })
    .returning({ id: campaign.id });
  await tx.insert(campaignPosition).values(Object.entries(DEFAULT_POSITION_TRACKS).map(([position, track]) => ({ campaignId: deAn!.id, position, track })));

  const current = currentCampaignDates(new Date());
  const currentPositions = [
    "bi_thu_cap_uy_co_so",
    "pho_bi_thu_cap_uy_co_so",
    "cap_uy_vien_co_so",
    "bi_thu_chi_bo",
    "pho_bi_thu_chi_bo",
    "chi_uy_vien",
  ] as const;
  const [now] = await tx
    .insert(campaign)
    .values({
      name: "Bồi dưỡng cấp ủy viên, bí thư, phó bí thư, chi ủy viên nhiệm kỳ 2025–2030",
      legalBasis: "Kế hoạch bồi dưỡng của Ban Thường vụ Đảng ủy Khối (dữ liệu mẫu)",
      organisingUnitId: org.rootId,
      targetPercent: 90,
      ...current,
    })
    .returning({ id: campaign.id });
  await tx.insert(campaignPosition).values(currentPositions.map((position) => ({ campaignId: now!.id, position, track: DEFAULT_POSITION_TRACKS[position] })));

  const classes = await insertClasses(tx, org.rootId, [
    ...CLASSES_2022,
    { track: "A", startsOn: addDays(current.startsOn, 30), endsOn: addDays(current.startsOn, 30) },
    { track: "B", startsOn: addDays(current.startsOn, 44), endsOn: addDays(current.startsOn, 45) },
  ]);

  const audience = await loadAudience(tx, deAn!.id);
  const tccsIds = [...new Set(audience.map((a) => a.tccsId))].sort((a, b) => a - b);
  const completions: CompletionRow[] = [];
  const attendance: { classId: number; personId: number }[] = [];
  // 2022: most units reach 100% by 30/06, some stay short; part of the shortfall is trained late.
  const share2022 = new Map(
    tccsIds.map((id) => [
      id,
      random.weighted([
        [1, 6],
        [random.int(80, 97) / 100, 3],
        [random.int(55, 75) / 100, 1],
      ] as const),
    ]),
  );
  const byUnit = groupBy(audience, (a) => a.tccsId);
  for (const [tccsId, people] of byUnit) {
    const shuffled = shuffle(random, people);
    const onTime = Math.round(share2022.get(tccsId)! * shuffled.length);
    shuffled.forEach((p, index) => {
      const late = index >= onTime;
      if (late && !random.chance(0.4)) return;
      const day = late ? addDays("2022-07-01", random.int(0, 50)) : sCurveDay(random, "2022-04-04", "2022-06-30");
      const inPerson = p.track === "A" ? random.chance(0.75) : random.chance(0.6);
      const cls = inPerson ? nearestClass(classes, p.track, day, late ? "2022-12-31" : "2022-06-30") : undefined;
      if (cls) attendance.push({ classId: cls.id, personId: p.personId });
      else completions.push(online(random, p, day));
    });
  }
  const used2022 = new Set([...attendance.map((a) => a.personId), ...completions.map((c) => c.personId)]);
  const usedInPerson = new Set(attendance.map((a) => a.personId));

  // Current campaign: paces differ by unit (fast, steady, stalled) so that some are at risk.
  const current2026 = await loadAudience(tx, now!.id);
  const today = localDate(new Date());
  const lastDay = addDays(today, -1);
  const recentStart = addDays(today, -35);
  for (const [, people] of groupBy(current2026, (a) => a.tccsId)) {
    const pace = random.weighted([
      ["fast", 3],
      ["steady", 4],
      ["stalled", 2],
    ] as const);
    const share = pace === "fast" ? random.int(75, 100) / 100 : pace === "steady" ? random.int(35, 60) / 100 : random.int(10, 30) / 100;
    const shuffled = shuffle(random, people);
    shuffled.slice(0, Math.round(share * shuffled.length)).forEach((p) => {
      const until = pace === "stalled" && recentStart > current.startsOn ? recentStart : lastDay;
      if (until < current.startsOn) return;
      const day = uniformDay(random, current.startsOn, until);
      // One row per person × track × method: a person trained in 2022 uses the other method now.
      const preferInPerson = used2022.has(p.personId) ? !usedInPerson.has(p.personId) : random.chance(0.3);
      const cls = preferInPerson ? nearestClass(classes, p.track, day, lastDay, current.startsOn) : undefined;
      if (cls) attendance.push({ classId: cls.id, personId: p.personId });
      else if (!(used2022.has(p.personId) && !usedInPerson.has(p.personId))) completions.push(online(random, p, day));
    });
  }

  await insertChunked(attendance, 2000, (chunk) => tx.insert(classAttendance).values(chunk).onConflictDoNothing());
  await insertChunked(completions, 2000, (chunk) => tx.insert(trainingCompletion).values(chunk).onConflictDoNothing());
  // In-person completions follow from attendance: the earliest class of the track.
  await tx.execute(sql`
    insert into training_completion (person_id, track, method, completed_at, evidence)
    select ca.person_id, tcl.track, 'in_person',
      min((tcl.ends_on::timestamp + interval '17 hours') at time zone 'Asia/Ho_Chi_Minh'),
      'class:' || (array_agg(tcl.id order by tcl.ends_on, tcl.id))[1]
    from class_attendance ca join training_class tcl on tcl.id = ca.class_id
    group by ca.person_id, tcl.track
    on conflict (person_id, track, method, evidence) do nothing
  `);
  // Fresh tables have no statistics (PGlite runs no autovacuum): without them the planner
  // picks nested loops for the report queries and a dashboard takes seconds instead of ms.
  await tx.execute(sql`analyze`);
};

/** The current campaign runs from the first day of the month three months ago to the end of the month three months ahead. */
export function currentCampaignDates(now: Date) {
  const today = localDate(now);
  const [year, month] = today.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - 3, 1));
  const end = new Date(Date.UTC(year, month - 1 + 4, 0));
  return { startsOn: start.toISOString().slice(0, 10), deadlineOn: end.toISOString().slice(0, 10) };
}

async function insertClasses(tx: Executor, unitId: number, specs: { track: "A" | "B"; startsOn: string; endsOn: string }[]) {
  const counters = new Map<string, number>();
  const rows = specs.map((spec) => {
    const year = spec.startsOn.slice(0, 4);
    const key = `${spec.track}${year}`;
    counters.set(key, (counters.get(key) ?? 0) + 1);
    const who = spec.track === "A" ? "cấp ủy viên cơ sở và cán bộ cơ quan chuyên trách" : "bí thư, phó bí thư, chi ủy viên chi bộ và đảng vụ";
    return { ...spec, unitId, name: `Lớp tập huấn ${who} năm ${year} (lớp ${counters.get(key)})`, place: PLACE, lecturers: LECTURERS };
  });
  const inserted = await tx.insert(trainingClass).values(rows).returning({ id: trainingClass.id });
  return rows.map((row, i): ClassRow => ({ ...row, id: inserted[i]!.id }));
}

const AudienceRowSchema = z.object({ personId: z.number(), tccsId: z.number(), track: z.enum(["A", "B"]) });

/** The campaign's audience with the unit under the root each belongs to and the track the seed trains them on. */
async function loadAudience(tx: Executor, campaignId: number) {
  return rowsOf(
    await tx.execute(sql`
      select p.id as "personId", split_part(u.path, '/', 3)::int as "tccsId",
        case when bool_or(cp.track = 'A') then 'A' else 'B' end as track
      from person p join unit u on u.id = p.unit_id
      join person_position pp on pp.person_id = p.id
      join campaign_position cp on cp.position = pp.position and cp.campaign_id = ${campaignId}
      where p.active group by p.id, u.path order by p.id
    `),
    AudienceRowSchema,
  );
}

function online(random: Random, p: AudienceRow, day: string): CompletionRow {
  const hour = String(random.int(7, 21)).padStart(2, "0");
  const minute = String(random.int(0, 59)).padStart(2, "0");
  return { personId: p.personId, track: p.track, method: "online", completedAt: new Date(`${day}T${hour}:${minute}:00+07:00`), evidence: `seed:${day}` };
}

/** The class of `track` ending closest to `day`, within [from, until]. */
function nearestClass(classes: ClassRow[], track: string, day: string, until: string, from = "2022-01-01") {
  const distance = (c: ClassRow) => Math.abs(Date.parse(c.endsOn) - Date.parse(day));
  return classes.filter((c) => c.track === track && c.endsOn <= until && c.startsOn >= from).sort((a, b) => distance(a) - distance(b))[0];
}

/** A day between `from` and `to` drawn from a logistic S-curve centred in the middle. */
function sCurveDay(random: Random, from: string, to: string) {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  const u = Math.min(0.999, Math.max(0.001, random.next()));
  const x = span / 2 + (span / 9) * Math.log(u / (1 - u));
  return addDays(from, Math.round(Math.min(span, Math.max(0, x))));
}

function uniformDay(random: Random, from: string, to: string) {
  return addDays(from, random.int(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)));
}

function shuffle<T>(random: Random, items: T[]) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function groupBy<T, K>(items: T[], key: (item: T) => K) {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
