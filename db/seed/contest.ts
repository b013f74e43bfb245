import { z } from "zod";
import { sql, inArray } from "drizzle-orm";
import { rowsOf, type Executor } from "../client.server";
import {
  contest,
  contestBallot,
  contestContestant,
  contestCriterion,
  contestJudge,
  contestQuestion,
  contestRound,
  contestSituation,
  person,
  roleGrant,
  user,
} from "../schema";
import type { SeedStep } from "../seed-runner";
import { hashPassword } from "../../app/auth/password.server";
import { DEMO_PASSWORD } from "./accounts";
import { recomputeContest } from "../../app/contest/recompute.server";
import { quizKeyOf } from "../../app/contest/knowledge-scores.server";
import { prizeWinnerSql } from "../../app/contest/ranking.server";
import { saveAnswers, shuffle, startAttempt, submitAttempt } from "../../app/quiz/engine.server";
import { fullName } from "../../app/org/names";
import { addDays, localDate } from "../../app/utils/dates";
import { CONTEST_QUESTIONS as QUESTIONS, CONTEST_SITUATIONS as SITUATIONS } from "./contest-content";

const PRIZES = [
  { label: "Giải Nhất", count: 1 },
  { label: "Giải Nhì", count: 1 },
  { label: "Giải Ba", count: 2 },
  { label: "Giải Khuyến khích", count: 2 },
];

async function insertRounds(tx: Executor, contestId: number, situationMode: "viet" | "trinh_bay") {
  const rounds = await tx
    .insert(contestRound)
    .values([
      { contestId, position: 1, kind: "knowledge", name: "Thi kiến thức", maxPoints: 100, weight: 0.3, dropExtremesFrom: null, timeLimitMinutes: 15 },
      {
        contestId,
        position: 2,
        kind: "situation",
        name: "Xử lý tình huống",
        maxPoints: 100,
        weight: 0.4,
        dropExtremesFrom: 5,
        timeLimitMinutes: 30,
        answerMode: situationMode,
      },
      { contestId, position: 3, kind: "presentation", name: "Thuyết trình, giới thiệu bản thân", maxPoints: 100, weight: 0.3, dropExtremesFrom: 5 },
    ])
    .returning({ id: contestRound.id, kind: contestRound.kind });
  const [knowledge, situation, presentation] = rounds as [(typeof rounds)[0], (typeof rounds)[0], (typeof rounds)[0]];
  await tx.insert(contestQuestion).values(QUESTIONS.map((q, i) => ({ roundId: knowledge!.id, position: i + 1, ...q })));
  await tx
    .insert(contestSituation)
    .values(SITUATIONS.map((t, i) => ({ roundId: situation!.id, position: i + 1, code: `TH-${String(i + 1).padStart(2, "0")}`, ...t })));
  const criteria = await tx
    .insert(contestCriterion)
    .values([
      { roundId: situation!.id, position: 1, label: "Nhận diện đúng vấn đề, căn cứ quy định", maxPoints: 40 },
      { roundId: situation!.id, position: 2, label: "Giải pháp phù hợp, khả thi", maxPoints: 40 },
      { roundId: situation!.id, position: 3, label: "Trình bày rõ ràng, đúng thời gian", maxPoints: 20 },
      { roundId: presentation!.id, position: 1, label: "Nội dung", maxPoints: 50 },
      { roundId: presentation!.id, position: 2, label: "Phong cách, ngôn ngữ", maxPoints: 30 },
      { roundId: presentation!.id, position: 3, label: "Thời gian", maxPoints: 20 },
    ])
    .returning({ id: contestCriterion.id, roundId: contestCriterion.roundId, maxPoints: contestCriterion.maxPoints });
  return { knowledge: knowledge!, situation: situation!, presentation: presentation!, criteria };
}

const SecretariesRowSchema = z.object({ personId: z.number(), tccsId: z.number() });

/** Bí thư chi bộ of a TCCS (or of the whole bloc), with their TCCS, in person order. */
/** Cell secretaries under a unit; by default only people without an account (the seed gives them one). */
async function secretaries(tx: Executor, input: { underPath: string; limit: number; excludePersonIds: number[]; withAccounts?: boolean }) {
  return rowsOf(
    await tx.execute(sql`
      select p.id as "personId",
        (select t.id from unit t where cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by t.depth limit 1) as "tccsId"
      from person p join person_position pp on pp.person_id = p.id and pp.position = 'bi_thu_chi_bo'
      join unit cu on cu.id = p.unit_id
      where cu.path like ${input.underPath + "%"} and p.id not in ${input.excludePersonIds.length ? input.excludePersonIds : [0]}
        and (${input.withAccounts ?? false} or not exists (select 1 from "user" u where u.person_id = p.id))
      order by p.id limit ${input.limit}`),
    SecretariesRowSchema,
  );
}

const TccsPathRowSchema = z.object({ path: z.string() });

const LearnerPersonRowSchema = z.object({ personId: z.number() });

/**
 * Two contests: a finished, published grassroots contest (Đảng bộ Sở Giáo dục và Đào tạo) with
 * knowledge attempts, judges' sheets and computed results; and the bloc contest in registration
 * with its three rounds, question set and rubric, the demo judge assigned to the situation round,
 * the demo learner registered, the grassroots winners carried into it, and three pending nominations
 * from the demo unit admin's đảng bộ.
 */
export const seedContests: SeedStep = async (tx, { org, random }) => {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [tccs] = rowsOf(await tx.execute(sql`select path from unit where id = ${org.dangBoIds[0]!}`), TccsPathRowSchema);
  const [learner] = rowsOf(await tx.execute(sql`select person_id as "personId" from "user" where id = 'u-hocvien'`), LearnerPersonRowSchema);

  // Two more judges (no party record: they may score anyone) so that sheets have several judges.
  await tx.insert(user).values([
    { id: "u-giamkhao2", username: "giamkhao2", passwordHash, displayName: "Giám khảo Trần Văn Bình" },
    { id: "u-giamkhao3", username: "giamkhao3", passwordHash, displayName: "Giám khảo Lê Thị Hoa" },
  ]);
  await tx.insert(roleGrant).values([
    { userId: "u-giamkhao2", role: "judge", unitId: org.rootId },
    { userId: "u-giamkhao3", role: "judge", unitId: org.rootId },
  ]);
  const judges = ["u-giamkhao2", "u-giamkhao3"];
  // The Ban Tổ chức of a đảng bộ cơ sở organises its own grassroots contest (001 §IV.3(1)): donvi runs the one below.
  await tx.insert(roleGrant).values({ userId: "u-donvi", role: "contest_organizer", unitId: org.dangBoIds[0]! });

  // --- The grassroots contest, finished and published ---
  const [grassroots] = await tx
    .insert(contest)
    .values({
      name: "Hội thi “Bí thư chi bộ giỏi” Đảng bộ Sở Giáo dục và Đào tạo năm 2022",
      level: "co_so",
      unitId: org.dangBoIds[0]!,
      startsOn: "2022-05-16",
      endsOn: "2022-05-20",
      rules: "Thí sinh là bí thư chi bộ trực thuộc. Ba phần thi: kiến thức (trắc nghiệm, 15 phút), xử lý tình huống, thuyết trình.",
      prizes: PRIZES,
      status: "published",
      publishedAt: new Date("2022-05-20T10:00:00Z"),
      createdBy: "u-donvi",
    })
    .returning({ id: contest.id });
  const grassrootsId = grassroots!.id;
  // Judged live in the room (presented), as the grassroots contest was.
  const rounds = await insertRounds(tx, grassrootsId, "trinh_bay");
  await tx
    .update(contestRound)
    .set({ status: "closed", opensAt: new Date("2022-05-20T01:00:00Z"), closesAt: new Date("2022-05-20T01:15:00Z") })
    .where(sql`${contestRound.contestId} = ${grassrootsId}`);
  const entrants = await secretaries(tx, { underPath: tccs!.path, limit: 8, excludePersonIds: learner ? [learner.personId] : [] });
  const contestants = await tx
    .insert(contestContestant)
    .values(entrants.map((e) => ({ contestId: grassrootsId, personId: e.personId, tccsUnitId: e.tccsId, registeredBy: "u-hoithi" })))
    .returning({ id: contestContestant.id, personId: contestContestant.personId });
  await tx.insert(contestJudge).values([rounds.situation.id, rounds.presentation.id].flatMap((roundId) => judges.map((userId) => ({ roundId, userId }))));

  // Contestants took the knowledge round with their own accounts (thisinh1…8, demo password), on the engine.
  // Named as the people they are, so that each finds their own row in the results.
  const names = new Map(
    (
      await tx
        .select({ id: person.id, familyName: person.familyName, middleName: person.middleName, givenName: person.givenName })
        .from(person)
        .where(
          inArray(
            person.id,
            contestants.map((c) => c.personId),
          ),
        )
    ).map((p) => [p.id, fullName(p)]),
  );
  const accounts = contestants.map((c, i) => ({
    id: `u-thisinh${i + 1}`,
    username: `thisinh${i + 1}`,
    passwordHash,
    personId: c.personId,
    displayName: names.get(c.personId)!,
  }));
  await tx.insert(user).values(accounts);
  await tx.insert(roleGrant).values(accounts.map((a) => ({ userId: a.id, role: "learner", unitId: org.dangBoIds[0]! })));
  const questionRows = await tx
    .select({
      id: contestQuestion.id,
      type: contestQuestion.type,
      stem: contestQuestion.stem,
      options: contestQuestion.options,
      correct: contestQuestion.correct,
    })
    .from(contestQuestion)
    .where(sql`${contestQuestion.roundId} = ${rounds.knowledge.id}`);
  for (const account of accounts) {
    const snapshots = shuffle(questionRows, random.next).map((q) => ({
      id: `cq-${q.id}`,
      type: q.type as "single" | "multiple" | "truefalse",
      stem: q.stem,
      options: q.options,
      correct: q.correct,
    }));
    const started = await startAttempt(
      {
        userId: account.id,
        quizKey: quizKeyOf(rounds.knowledge.id),
        questions: snapshots,
        timeLimitSeconds: 900,
        graceSeconds: 15,
        maxAttempts: 1,
        passPercent: 0,
      },
      tx,
    );
    if (!started.ok) throw new Error(`seed: ${started.message}`);
    const answers = Object.fromEntries(snapshots.map((q) => [q.id, random.chance(0.75) ? q.correct : [q.options.find((o) => !q.correct.includes(o.id))!.id]]));
    await saveAnswers({ attemptId: started.attemptId, userId: account.id, answers }, tx);
    await submitAttempt({ attemptId: started.attemptId, userId: account.id }, tx);
    // The demo happened in May 2022: place the attempt there, with a time used of 6–15 minutes.
    const used = random.int(360, 900);
    await tx.execute(sql`update quiz_attempt set started_at = '2022-05-20T01:00:00Z'::timestamptz,
      submitted_at = '2022-05-20T01:00:00Z'::timestamptz + make_interval(secs => ${used}) where id = ${started.attemptId}`);
  }
  // Judges' sheets, submitted.
  const ballots = contestants.flatMap((c) =>
    [rounds.situation.id, rounds.presentation.id].flatMap((roundId) =>
      judges.map((judge) => {
        const scores = Object.fromEntries(
          rounds.criteria.filter((k) => k.roundId === roundId).map((k) => [String(k.id), Math.round(k.maxPoints * (0.55 + random.next() * 0.4) * 4) / 4]),
        );
        const total = Object.values(scores).reduce((s, v) => s + v, 0);
        return {
          roundId,
          contestantId: c.id,
          judgeUserId: judge,
          scores,
          total,
          status: "submitted",
          enteredBy: judge,
          submittedAt: new Date("2022-05-20T04:00:00Z"),
        };
      }),
    ),
  );
  await tx.insert(contestBallot).values(ballots);
  await tx
    .update(contest)
    .set({ tieBreaks: [`score:${rounds.knowledge.id}`, `time:${rounds.knowledge.id}`] })
    .where(sql`${contest.id} = ${grassrootsId}`);
  // Its certificates are signed for the organising committee by the demo unit admin (a demo person).
  await tx.execute(sql`update contest set signer_name = (select display_name from "user" where id = 'u-donvi') where id = ${grassrootsId}`);
  await recomputeContest(tx, grassrootsId);

  // --- The bloc contest, in registration ---
  const [bloc] = await tx
    .insert(contest)
    .values({
      name: "Hội thi “Bí thư chi bộ giỏi” Đảng bộ Khối các cơ quan tỉnh năm 2022",
      level: "khoi",
      unitId: org.rootId,
      startsOn: "2022-08-15",
      endsOn: "2022-08-19",
      rules:
        "Thí sinh là người đoạt giải hội thi cấp cơ sở và bí thư chi bộ do các tổ chức cơ sở đảng giới thiệu. Phần thi kiến thức làm trên máy, cùng giờ; hai phần thi còn lại do Ban Giám khảo chấm trực tiếp.",
      prizes: PRIZES,
      status: "registration",
      createdBy: "u-hoithi",
    })
    .returning({ id: contest.id });
  // Answered in writing on the platform.
  const blocRounds = await insertRounds(tx, bloc!.id, "viet");
  await tx
    .update(contest)
    .set({ tieBreaks: [`score:${blocRounds.knowledge.id}`, `time:${blocRounds.knowledge.id}`] })
    .where(sql`${contest.id} = ${bloc!.id}`);
  await tx
    .insert(contestJudge)
    .values([
      { roundId: blocRounds.situation.id, userId: "u-giamkhao" },
      ...judges.flatMap((userId) => [blocRounds.situation.id, blocRounds.presentation.id].map((roundId) => ({ roundId, userId }))),
    ]);
  const blocEntrants = await secretaries(tx, {
    underPath: "/",
    limit: 6,
    excludePersonIds: [...entrants.map((e) => e.personId), ...(learner ? [learner.personId] : [])],
  });
  const learnerEntry = learner
    ? rowsOf(
        await tx.execute(sql`select p.id as "personId", (select t.id from unit t where cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by t.depth limit 1) as "tccsId"
          from person p join unit cu on cu.id = p.unit_id where p.id = ${learner.personId}`),
        SecretariesRowSchema,
      )
    : [];
  await tx
    .insert(contestContestant)
    .values([...learnerEntry, ...blocEntrants].map((e) => ({ contestId: bloc!.id, personId: e.personId, tccsUnitId: e.tccsId, registeredBy: "u-hoithi" })));
  // Grassroots prize winners go on to the bloc contest.
  await tx.execute(sql`
    insert into contest_contestant (contest_id, person_id, tccs_unit_id, status, from_contest_id, registered_by)
    select ${bloc!.id}, c.person_id, c.tccs_unit_id, 'registered', ${grassrootsId}, 'u-hoithi'
    from contest_standing s join contest k on k.id = s.contest_id join contest_contestant c on c.id = s.contestant_id
    where s.contest_id = ${grassrootsId} and ${prizeWinnerSql(sql`s`, sql`k`)}
    on conflict (contest_id, person_id) do nothing`);
  // The demo unit admin (donvi) has nominated three deputy secretaries of their đảng bộ: pending review.
  await tx.execute(sql`
    insert into contest_nomination (contest_id, person_id, unit_id, status, note, nominated_by, created_at, updated_at)
    select ${bloc!.id}, p.id, ${org.dangBoIds[0]!}, 'pending', 'Phó Bí thư chi bộ, điều hành sinh hoạt chi bộ tốt nhiều năm liền.', 'u-donvi',
      '2022-07-01T02:00:00Z'::timestamptz, '2022-07-01T02:00:00Z'::timestamptz
    from person p join unit cu on cu.id = p.unit_id
    where cu.path like ${tccs!.path + "%"} and p.active
      and exists (select 1 from person_position pp where pp.person_id = p.id and pp.position = 'pho_bi_thu_chi_bo')
      and not exists (select 1 from contest_contestant c where c.contest_id = ${bloc!.id} and c.person_id = p.id)
      and not exists (select 1 from "user" u where u.person_id = p.id)
    order by p.id limit 3`);

  await seedRunningContest(tx, { passwordHash, learnerPersonId: learner?.personId ?? null, random, judges });
};

const HomeRowSchema = z.object({ id: z.number(), name: z.string(), path: z.string() });

const ScoredRowSchema = z.object({ id: z.number() });

/**
 * A grassroots contest running now in the demo learner's đảng bộ, so that a fresh demo has work
 * for hocvien (its knowledge round is open) and for giamkhao (sheets to grade in the open
 * situation round, presented live). Dated around the seeding day; the round stays open 30 days.
 */
async function seedRunningContest(
  tx: Executor,
  input: { passwordHash: string; learnerPersonId: number | null; random: { next: () => number }; judges: string[] },
) {
  if (input.learnerPersonId === null) return;
  const [home] = rowsOf(
    await tx.execute(sql`select t.id, t.name, t.path from person p join unit cu on cu.id = p.unit_id
      join unit t on cu.path like t.path || '%' and t.kind in ('dang_bo_co_so', 'chi_bo_co_so')
      where p.id = ${input.learnerPersonId} order by t.depth limit 1`),
    HomeRowSchema,
  );
  if (!home) return;
  const today = localDate(new Date());
  const [running] = await tx
    .insert(contest)
    .values({
      name: `Hội thi “Bí thư chi bộ giỏi” ${home.name} năm ${today.slice(0, 4)}`,
      level: "co_so",
      unitId: home.id,
      startsOn: addDays(today, -1),
      endsOn: addDays(today, 3),
      rules:
        "Thí sinh là bí thư chi bộ trực thuộc. Ba phần thi: kiến thức (trắc nghiệm, 15 phút, làm trên máy), xử lý tình huống (trình bày trước Ban Giám khảo), thuyết trình.",
      prizes: PRIZES.slice(0, 3),
      status: "running",
      createdBy: "u-hoithi",
    })
    .returning({ id: contest.id });
  const contestId = running!.id;
  const rounds = await insertRounds(tx, contestId, "trinh_bay");
  await tx
    .update(contest)
    .set({ tieBreaks: [`score:${rounds.knowledge.id}`, `time:${rounds.knowledge.id}`] })
    .where(sql`${contest.id} = ${contestId}`);
  await tx.execute(sql`update contest_round set status = 'open', opens_at = now(), closes_at = now() + interval '30 days'
    where id in (${rounds.knowledge.id}, ${rounds.situation.id})`);
  // This year's contest may bring back the 2022 contestants and the demo secretary (bithu): the đảng bộ has few cells.
  const others = await secretaries(tx, { underPath: home.path, limit: 5, excludePersonIds: [input.learnerPersonId], withAccounts: true });
  await tx.insert(contestContestant).values(
    [{ personId: input.learnerPersonId, tccsId: home.id }, ...others].map((e) => ({
      contestId,
      personId: e.personId,
      tccsUnitId: home.id,
      registeredBy: "u-hoithi",
    })),
  );
  await tx
    .insert(contestJudge)
    .values(["u-giamkhao", ...input.judges].flatMap((userId) => [rounds.situation.id, rounds.presentation.id].map((roundId) => ({ roundId, userId }))));
  // The other judges have already scored the first two contestants: giamkhao's sheets are all still to do.
  const scored = rowsOf(
    await tx.execute(sql`select id from contest_contestant where contest_id = ${contestId} and person_id <> ${input.learnerPersonId} order by id limit 2`),
    ScoredRowSchema,
  );
  const situationCriteria = rounds.criteria.filter((k) => k.roundId === rounds.situation.id);
  const sheets = scored.flatMap((c) =>
    input.judges.map((judge) => {
      const scores = Object.fromEntries(situationCriteria.map((k) => [String(k.id), Math.round(k.maxPoints * (0.55 + input.random.next() * 0.4) * 4) / 4]));
      return {
        roundId: rounds.situation.id,
        contestantId: c.id,
        judgeUserId: judge,
        scores,
        total: Object.values(scores).reduce((s, v) => s + v, 0),
        status: "submitted",
        enteredBy: judge,
        submittedAt: new Date(),
      };
    }),
  );
  if (sheets.length) await tx.insert(contestBallot).values(sheets);
  await recomputeContest(tx, contestId);
}
