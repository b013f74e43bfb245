/** What each signed-in user should do next, for the home page: one glance, computed in SQL. */
import { z } from "zod";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import type { SessionUser } from "~/auth/permissions";
import { sameTccs } from "~/contest/ballots.server";
import { prizeOf, rankSql } from "~/contest/ranking.server";
import { READY_FOR_SHEET } from "~/contest/handed-in.server";
import { getLearnerOverview as getReadingOverview } from "~/training/progress.server";
import { getLearnerOverview as getQuizOverview } from "~/quiz/quizzes.server";
import { summariseRuns } from "~/practice/runs.server";
import { listScenarios } from "~/practice/scenarios.server";
import { ratingFor, RATING_LABELS, type Rating } from "~/practice/scenario";
import { daysBetween, localDate } from "~/utils/dates";

interface LearnerCampaign {
  name: string;
  deadlineOn: string;
  track: string;
  trained: boolean;
  daysLeft: number;
}

const LearnerCampaignRowSchema = z.object({ trained: z.boolean(), name: z.string(), deadlineOn: z.string(), track: z.string() });

/**
 * The training campaign that concerns this person now: one organised above their cell that targets
 * one of their current positions; a running one with the nearest deadline first, else the latest.
 */
async function getLearnerCampaign(personId: number | null): Promise<LearnerCampaign | null> {
  if (personId === null) return null;
  const today = localDate(new Date());
  const [row] = rowsOf(
    await getDb().execute(sql`
      select c.name, c.deadline_on::text as "deadlineOn", cp.track,
        exists (select 1 from training_completion tc where tc.person_id = p.id and tc.track = cp.track
          and tc.completed_at >= c.starts_on::timestamp) as trained
      from person p
      join unit cu on cu.id = p.unit_id
      join person_position pp on pp.person_id = p.id and pp.ended_on is null
      join campaign_position cp on cp.position = pp.position
      join campaign c on c.id = cp.campaign_id
      join unit ou on ou.id = c.organising_unit_id and cu.path like ou.path || '%'
      where p.id = ${personId}
      order by (c.starts_on <= ${today} and c.deadline_on >= ${today}) desc,
        case when c.deadline_on >= ${today} then c.deadline_on end asc, c.deadline_on desc, cp.track
      limit 1`),
    LearnerCampaignRowSchema,
  );
  return row ? { ...row, daysLeft: daysBetween(today, row.deadlineOn) } : null;
}

interface MyContest {
  id: number;
  name: string;
  status: string;
  rank: number | null;
  total: number | null;
  prize: string | null;
  contestantId: number;
  openRoundId: number | null;
  openRoundName: string | null;
  openRoundKind: string | null;
}

const MyContestsRowSchema = z.object({
  total: z.number().nullable(),
  contestantId: z.number(),
  rank: z.number().nullable(),
  name: z.string(),
  id: z.number(),
  status: z.string(),
  openRoundId: z.number().nullable(),
  openRoundName: z.string().nullable(),
  openRoundKind: z.string().nullable(),
  prizes: z.array(z.object({ label: z.string(), count: z.number() })),
});

/**
 * Contests the person is registered in (not drafts), with their rank once results are published
 * and the round open for them now (a knowledge round they have not handed in, or a written one).
 */
async function listMyContests(input: { userId: string; personId: number | null }): Promise<MyContest[]> {
  if (input.personId === null) return [];
  const rows = rowsOf(
    await getDb().execute(sql`
      select k.id, k.name, k.status, c.id as "contestantId",
        case when k.status = 'published' and s.contestant_id is not null then ${rankSql(sql`s`)} end as rank,
        case when k.status = 'published' then s.total end as total, k.prizes,
        o.id as "openRoundId", o.name as "openRoundName", o.kind as "openRoundKind"
      from contest_contestant c
      join contest k on k.id = c.contest_id and k.status <> 'draft'
      left join contest_standing s on s.contest_id = k.id and s.contestant_id = c.id
      left join lateral (
        select r.id, r.name, r.kind from contest_round r
        where r.contest_id = k.id and r.status = 'open' and r.closes_at > now()
          and (r.kind = 'knowledge' or (r.kind = 'situation' and r.answer_mode = 'viet'))
          and not exists (select 1 from quiz_attempt a where a.user_id = ${input.userId}
            and a.quiz_key = 'contest-round:' || r.id and a.status = 'submitted')
        order by r.position limit 1
      ) o on true
      where c.person_id = ${input.personId} and c.status = 'registered'
      order by k.starts_on desc, k.id desc
      limit 20`),
    MyContestsRowSchema,
  );
  return rows.map(({ prizes, ...row }) => {
    const rank = row.rank === null ? null : Number(row.rank);
    const total = row.total === null ? null : Number(row.total);
    return { ...row, rank, total, prize: rank !== null && total !== null ? prizeOf(rank, total, prizes) : null };
  });
}

const SheetsToGradeRowSchema = z.object({
  contestId: z.number(),
  contestName: z.string(),
  roundId: z.number(),
  roundName: z.string(),
  todo: z.number(),
  total: z.number(),
});

/** Per open judged round assigned to the judge: sheets still to write (conflicts of interest left out). */
export async function listSheetsToGrade(userId: string) {
  return rowsOf(
    await getDb().execute(sql`
      select k.id as "contestId", k.name as "contestName", r.id as "roundId", r.name as "roundName",
        (count(*) filter (where b.id is null or b.status = 'reopened'))::int as todo, count(*)::int as total
      from contest_judge j
      join contest_round r on r.id = j.round_id and r.status = 'open' and r.kind in ('situation', 'presentation')
      join contest k on k.id = r.contest_id and k.status = 'running'
      join contest_contestant c on c.contest_id = k.id and c.status = 'registered'
      left join contest_ballot b on b.round_id = r.id and b.contestant_id = c.id and b.judge_user_id = j.user_id
      where j.user_id = ${userId} and not ${sameTccs(userId)} and ${READY_FOR_SHEET}
      group by k.id, k.name, r.id, r.name, r.position
      order by k.id desc, r.position
      limit 20`),
    SheetsToGradeRowSchema,
  );
}

const PendingNominationsRowSchema = z.object({ contestId: z.number(), contestName: z.string(), pending: z.number() });

/** Nominations waiting for the organiser's decision, per contest the user organises. */
export async function countPendingNominations(scopes: string[]) {
  if (!scopes.length) return [];
  const inScope = sql.join(
    scopes.map((p) => sql`ou.path like ${p.replace(/[%_\\]/g, "\\$&") + "%"}`),
    sql` or `,
  );
  return rowsOf(
    await getDb().execute(sql`
      select k.id as "contestId", k.name as "contestName", count(*)::int as pending
      from contest_nomination n join contest k on k.id = n.contest_id join unit ou on ou.id = k.unit_id
      where n.status = 'pending' and (${inScope})
      group by k.id, k.name order by k.id desc limit 10`),
    PendingNominationsRowSchema,
  );
}

const CampaignIdRowSchema = z.object({ id: z.number() });

/** The learner's whole picture: campaign, reading per module, quizzes, practice, contests, and one place to continue. */
export async function getLearnerHome(user: SessionUser) {
  const [reading, quizzes, runs, campaign, contests, openQuiz] = await Promise.all([
    getReadingOverview({ userId: user.id, personId: user.personId }),
    getQuizOverview({ userId: user.id, personId: user.personId }),
    summariseRuns({ userId: user.id }),
    getLearnerCampaign(user.personId),
    listMyContests({ userId: user.id, personId: user.personId }),
    getDb()
      .execute(
        sql`select id from quiz_attempt where user_id = ${user.id} and status = 'open' and quiz_key not like 'contest-round:%'
        and (deadline is null or deadline > now()) order by started_at desc limit 1`,
      )
      .then((r) => rowsOf(r, CampaignIdRowSchema)[0]?.id ?? null),
  ]);
  const readSlugs = new Set(
    reading.tracks.flatMap((t) => t.modules.filter((m) => m.state.status === "read" || m.state.status === "completed").map((m) => m.slug)),
  );
  const checks = quizzes.moduleChecks;
  const quizSummary = {
    passed: checks.filter((q) => q.summary.passed).length + quizzes.finalTests.filter((f) => f.summary.passed).length,
    total: checks.length + quizzes.finalTests.length,
    // Due: the module is read but its check not passed yet.
    due: checks.filter((q) => readSlugs.has(q.slug) && !q.summary.passed).map((q) => ({ slug: q.slug, title: q.moduleTitle })),
  };
  const scenarios = listScenarios();
  const practice = scenarios.flatMap(({ scenario }) => {
    const best = runs.get(scenario.id)?.bestPercent;
    if (best === null || best === undefined) return [];
    const rating: Rating = ratingFor(best);
    return [{ id: scenario.id, title: scenario.title, percent: best, rating, ratingLabel: RATING_LABELS[rating] }];
  });
  const openRun = [...runs.values()].find((r) => r.openRunId !== null)?.openRunId ?? null;
  // One button: an open quiz has a clock, so it comes first; then the reading; then an unfinished practice run.
  const next = openQuiz
    ? { to: `/kiem-tra/bai/${openQuiz}`, label: "Tiếp tục bài kiểm tra", detail: "Đồng chí đang làm dở một bài kiểm tra." }
    : reading.continueAt
      ? {
          to: `/hoc-tap/${reading.continueAt.slug}#${reading.continueAt.sectionId}`,
          label: "Tiếp tục",
          detail: `${reading.continueAt.moduleTitle} · Phần: ${reading.continueAt.sectionTitle}`,
        }
      : openRun
        ? { to: `/luyen-tap/lan/${openRun}`, label: "Tiếp tục", detail: "Lượt luyện tập đang làm dở." }
        : quizSummary.due[0]
          ? { to: `/kiem-tra/chuyen-de/${quizSummary.due[0].slug}`, label: "Làm bài kiểm tra", detail: quizSummary.due[0].title }
          : null;
  return {
    campaign,
    tracks: reading.tracks.map((t) => ({
      id: t.id,
      title: t.title,
      done: t.done,
      modules: t.modules.map((m) => ({
        slug: m.slug,
        title: m.title,
        status: m.state.status,
        label: m.state.label,
        percent: m.state.percent,
        done: m.state.done,
        total: m.state.total,
      })),
    })),
    next,
    quizSummary,
    practice: { done: practice.length, total: scenarios.length, items: practice },
    contests,
  };
}
