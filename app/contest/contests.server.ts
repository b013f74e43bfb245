import { z } from "zod";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "#db/client.server";
import {
  contest,
  contestContestant,
  contestCriterion,
  contestJudge,
  contestQuestion,
  contestRound,
  contestSituation,
  contestStanding,
  person,
  roleGrant,
  unit,
  user,
  type PrizeTier,
  type TieBreakKey,
} from "#db/schema";
import { can, scopesOf, type SessionUser } from "~/auth/permissions";
import { prizeWinnerSql } from "./ranking.server";
import { recomputeContest } from "./recompute.server";
import { NEXT_STATUS, roundsEditable, type ContestStatus } from "./vocabulary";
import { refuse } from "~/forms/command";
import { pathIdsSql } from "~/org/tree-sql.server";

export type ContestRow = typeof contest.$inferSelect & { unitName: string; unitPath: string };

const contestColumns = {
  id: contest.id,
  name: contest.name,
  level: contest.level,
  unitId: contest.unitId,
  startsOn: contest.startsOn,
  endsOn: contest.endsOn,
  rules: contest.rules,
  prizes: contest.prizes,
  tieBreaks: contest.tieBreaks,
  status: contest.status,
  frozenAt: contest.frozenAt,
  frozenSnapshot: contest.frozenSnapshot,
  publishedAt: contest.publishedAt,
  standingCount: contest.standingCount,
  signerCapacity: contest.signerCapacity,
  signerTitle: contest.signerTitle,
  signerName: contest.signerName,
  createdBy: contest.createdBy,
  createdAt: contest.createdAt,
  updatedAt: contest.updatedAt,
  unitName: unit.name,
  unitPath: unit.path,
};

export async function getContest(contestId: number, db: Executor = getDb()): Promise<ContestRow | null> {
  const [row] = await db.select(contestColumns).from(contest).innerJoin(unit, eq(unit.id, contest.unitId)).where(eq(contest.id, contestId));
  return row ?? null;
}

export function canManage(user: SessionUser, row: { unitPath: string }) {
  return can(user, "contest.manage", row.unitPath);
}

/** What a contest list card shows (contest joined with its organising unit). */
export const contestListColumns = {
  id: contest.id,
  name: contest.name,
  level: contest.level,
  status: contest.status,
  startsOn: contest.startsOn,
  endsOn: contest.endsOn,
  unitName: unit.name,
};

/**
 * Contests a user may see: organisers their units' contests (any status), judges the contests of
 * rounds they are assigned to, contestants the contests they are registered in (not drafts).
 */
export async function listContestsFor(user: SessionUser) {
  const scopes = scopesOf(user, "contest.manage");
  const managed = scopes.length
    ? sql`(${sql.join(
        scopes.map((p) => sql`${unit.path} like ${p.replace(/[%_\\]/g, "\\$&") + "%"}`),
        sql` or `,
      )})`
    : sql`false`;
  const judged = sql`exists (select 1 from ${contestJudge} j join ${contestRound} r on r.id = j.round_id
    where r.contest_id = ${contest.id} and j.user_id = ${user.id})`;
  const entered = user.personId
    ? sql`(${contest.status} <> 'draft' and exists (select 1 from ${contestContestant} c
        where c.contest_id = ${contest.id} and c.person_id = ${user.personId} and c.status = 'registered'))`
    : sql`false`;
  return getDb()
    .select({
      ...contestListColumns,
      unitPath: unit.path,
      managed: sql<boolean>`${managed}`,
      judging: sql<boolean>`${judged}`,
      entered: sql<boolean>`${entered}`,
    })
    .from(contest)
    .innerJoin(unit, eq(unit.id, contest.unitId))
    .where(sql`${managed} or ${judged} or ${entered}`)
    .orderBy(desc(contest.startsOn), desc(contest.id))
    .limit(200);
}

/** Units an organiser may run a contest for: the bloc and TCCS level inside their scopes. */
export async function listOrganisingUnits(user: SessionUser) {
  const scopes = scopesOf(user, "contest.manage");
  if (!scopes.length) return [];
  return getDb()
    .select({ id: unit.id, name: unit.name, kind: unit.kind })
    .from(unit)
    .where(
      and(
        inArray(unit.kind, ["dang_bo_khoi", "dang_bo_co_so", "chi_bo_co_so"]),
        sql`(${sql.join(
          scopes.map((p) => sql`${unit.path} like ${p.replace(/[%_\\]/g, "\\$&") + "%"}`),
          sql` or `,
        )})`,
      ),
    )
    .orderBy(asc(unit.depth), asc(unit.name))
    .limit(2000);
}

export async function createContest(input: {
  user: SessionUser;
  name: string;
  level: string;
  unitId: number;
  startsOn: string;
  endsOn: string;
  rules: string;
  prizes: PrizeTier[];
}) {
  const [target] = await getDb().select({ path: unit.path }).from(unit).where(eq(unit.id, input.unitId));
  if (!target || !can(input.user, "contest.manage", target.path)) return refuse("Đồng chí không được tổ chức hội thi cho đơn vị này.", "unitId");
  const [row] = await getDb()
    .insert(contest)
    .values({
      name: input.name,
      level: input.level,
      unitId: input.unitId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      rules: input.rules,
      prizes: input.prizes,
      createdBy: input.user.id,
    })
    .returning({ id: contest.id });
  return { ok: true as const, id: row!.id };
}

/** Who signs the contest's certificates (capacity, title, name), as printed in the signature block. */
export async function setSigner(input: { contestId: number; capacity: string; title: string; name: string }) {
  await getDb()
    .update(contest)
    .set({ signerCapacity: input.capacity, signerTitle: input.title, signerName: input.name, updatedAt: new Date() })
    .where(eq(contest.id, input.contestId));
}

/**
 * Moves the contest one step along draft → registration → running → finished → published. Publishing
 * recomputes the standings in the same transaction: the results never show as published but stale,
 * and a failed recompute leaves the contest where it was.
 */
export async function advanceContest(input: { contestId: number; from: string }) {
  const to = NEXT_STATUS[input.from as ContestStatus];
  if (!to) return refuse("Hội thi đã ở trạng thái cuối.");
  return getDb().transaction(async (tx) => {
    const updated = await tx
      .update(contest)
      .set({ status: to, updatedAt: new Date(), ...(to === "published" ? { publishedAt: new Date(), frozenAt: null, frozenSnapshot: null } : {}) })
      .where(and(eq(contest.id, input.contestId), eq(contest.status, input.from)))
      .returning({ id: contest.id });
    if (!updated.length) return refuse("Trạng thái hội thi vừa được người khác thay đổi. Vui lòng tải lại trang.");
    if (to === "published") await recomputeContest(tx, input.contestId);
    return { ok: true as const, status: to };
  });
}

/**
 * The tie-break order (each key a round of this contest), then the standings recomputed with it, in
 * one transaction.
 */
export async function saveTieBreaks(input: { contestId: number; keys: string[] }) {
  return getDb().transaction(async (tx) => {
    const rounds = await listRounds(input.contestId, tx);
    const keys = [...new Set(input.keys)].filter((k): k is TieBreakKey => /^(score|time):\d+$/.test(k));
    if (keys.length !== new Set(input.keys).size || !keys.every((k) => rounds.some((r) => r.id === Number(k.split(":")[1]))))
      return refuse("Tiêu chí phụ phải dựa trên một vòng của hội thi này.");
    await tx.update(contest).set({ tieBreaks: keys, updatedAt: new Date() }).where(eq(contest.id, input.contestId));
    await recomputeContest(tx, input.contestId);
    return { ok: true as const };
  });
}

// ---------- rounds ----------

export async function listRounds(contestId: number, db: Executor = getDb()) {
  return db
    .select({
      id: contestRound.id,
      position: contestRound.position,
      kind: contestRound.kind,
      name: contestRound.name,
      maxPoints: contestRound.maxPoints,
      weight: contestRound.weight,
      dropExtremesFrom: contestRound.dropExtremesFrom,
      speedBonus: contestRound.speedBonus,
      timeLimitMinutes: contestRound.timeLimitMinutes,
      opensAt: contestRound.opensAt,
      closesAt: contestRound.closesAt,
      status: contestRound.status,
      answerMode: contestRound.answerMode,
      // Qualified by hand: drizzle renders ${contestRound.id} here as a bare "id", which the subquery would bind to its own table.
      questionCount: sql<number>`(select count(*)::int from ${contestQuestion} q where q.round_id = ${contestRound}.id)`,
      situationCount: sql<number>`(select count(*)::int from ${contestSituation} s where s.round_id = ${contestRound}.id)`,
      criterionCount: sql<number>`(select count(*)::int from ${contestCriterion} c where c.round_id = ${contestRound}.id)`,
      judgeCount: sql<number>`(select count(*)::int from ${contestJudge} j where j.round_id = ${contestRound}.id)`,
    })
    .from(contestRound)
    .where(eq(contestRound.contestId, contestId))
    .orderBy(asc(contestRound.position));
}

export async function getRound(input: { contestId: number; roundId: number }) {
  const [row] = await getDb()
    .select()
    .from(contestRound)
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contestId)));
  return row ?? null;
}

const NOT_EDITABLE = "Không thể sửa vòng thi khi hội thi đã bắt đầu.";

export interface RoundInput {
  kind: string;
  name: string;
  maxPoints: number;
  weight: number;
  dropExtremesFrom?: number | undefined;
  speedBonus: number;
  timeLimitMinutes?: number | undefined;
  answerMode?: string | undefined;
}

function roundValues(input: RoundInput) {
  const knowledge = input.kind === "knowledge";
  const situation = input.kind === "situation";
  return {
    kind: input.kind,
    name: input.name,
    maxPoints: input.maxPoints,
    weight: input.weight,
    dropExtremesFrom: knowledge ? null : (input.dropExtremesFrom ?? null),
    speedBonus: knowledge ? input.speedBonus : 0,
    // Situation rounds time the draw: preparation when presented, writing when answered in writing.
    timeLimitMinutes: knowledge || situation ? (input.timeLimitMinutes ?? 30) : null,
    answerMode: situation && input.answerMode === "viet" ? "viet" : "trinh_bay",
  };
}

export async function addRound(input: { contest: ContestRow; round: RoundInput }) {
  if (!roundsEditable(input.contest.status)) return refuse(NOT_EDITABLE);
  const [row] = await getDb()
    .insert(contestRound)
    .values({
      contestId: input.contest.id,
      position: sql`(select coalesce(max(position), 0) + 1 from ${contestRound} where contest_id = ${input.contest.id})`,
      ...roundValues(input.round),
    })
    .returning({ id: contestRound.id });
  return { ok: true as const, id: row!.id };
}

export async function updateRound(input: { contest: ContestRow; roundId: number; round: RoundInput }) {
  if (!roundsEditable(input.contest.status)) return refuse(NOT_EDITABLE);
  await getDb()
    .update(contestRound)
    .set({ ...roundValues(input.round), updatedAt: new Date() })
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contest.id)));
  return { ok: true as const };
}

/** Swaps a round with its neighbour (up: -1, down: +1). */
export async function moveRound(input: { contest: ContestRow; roundId: number; direction: -1 | 1 }) {
  if (!roundsEditable(input.contest.status)) return refuse(NOT_EDITABLE);
  await getDb().transaction(async (tx) => {
    const rounds = await tx
      .select({ id: contestRound.id, position: contestRound.position })
      .from(contestRound)
      .where(eq(contestRound.contestId, input.contest.id))
      .orderBy(asc(contestRound.position))
      .for("update");
    const index = rounds.findIndex((r) => r.id === input.roundId);
    const other = rounds[index + input.direction];
    const self = rounds[index];
    if (!self || !other) return;
    // The unique (contest, position) index is checked per row: park one row first.
    await tx.update(contestRound).set({ position: -1 }).where(eq(contestRound.id, self.id));
    await tx.update(contestRound).set({ position: self.position }).where(eq(contestRound.id, other.id));
    await tx.update(contestRound).set({ position: other.position }).where(eq(contestRound.id, self.id));
  });
  return { ok: true as const };
}

export async function deleteRound(input: { contest: ContestRow; roundId: number }) {
  if (!roundsEditable(input.contest.status)) return refuse(NOT_EDITABLE);
  await getDb()
    .delete(contestRound)
    .where(and(eq(contestRound.id, input.roundId), eq(contestRound.contestId, input.contest.id)));
  return { ok: true as const };
}

export async function listCriteria(roundId: number, db: Executor = getDb()) {
  return db
    .select({ id: contestCriterion.id, label: contestCriterion.label, maxPoints: contestCriterion.maxPoints, position: contestCriterion.position })
    .from(contestCriterion)
    .where(eq(contestCriterion.roundId, roundId))
    .orderBy(asc(contestCriterion.position), asc(contestCriterion.id));
}

export async function addCriterion(input: { contest: ContestRow; roundId: number; label: string; maxPoints: number }) {
  if (!roundsEditable(input.contest.status)) return refuse("Không thể sửa thang điểm khi hội thi đã bắt đầu.");
  await getDb()
    .insert(contestCriterion)
    .values({
      roundId: input.roundId,
      label: input.label,
      maxPoints: input.maxPoints,
      position: sql`(select coalesce(max(position), 0) + 1 from ${contestCriterion} where round_id = ${input.roundId})`,
    });
  return { ok: true as const };
}

export async function deleteCriterion(input: { contest: ContestRow; roundId: number; criterionId: number }) {
  if (!roundsEditable(input.contest.status)) return refuse("Không thể sửa thang điểm khi hội thi đã bắt đầu.");
  await getDb()
    .delete(contestCriterion)
    .where(and(eq(contestCriterion.id, input.criterionId), eq(contestCriterion.roundId, input.roundId)));
  return { ok: true as const };
}

// ---------- judges ----------

export async function listJudges(roundId: number) {
  return getDb()
    .select({ userId: contestJudge.userId, username: user.username, displayName: user.displayName })
    .from(contestJudge)
    .innerJoin(user, eq(user.id, contestJudge.userId))
    .where(eq(contestJudge.roundId, roundId))
    .orderBy(asc(user.displayName));
}

/** Assigns a user who holds the judge role on the contest's unit (or above) to a round. */
export async function assignJudge(input: { contest: ContestRow; roundId: number; username: string }) {
  const [candidate] = await getDb()
    .select({ id: user.id })
    .from(user)
    .innerJoin(roleGrant, eq(roleGrant.userId, user.id))
    .innerJoin(unit, eq(unit.id, roleGrant.unitId))
    .where(
      and(
        sql`lower(${user.username}) = lower(${input.username.trim()})`,
        inArray(roleGrant.role, ["judge", "sysadmin"]),
        sql`${input.contest.unitPath} like ${unit.path} || '%'`,
      ),
    )
    .limit(1);
  if (!candidate) return refuse("Không tìm thấy giám khảo có tên đăng nhập này trong phạm vi hội thi.");
  await getDb().insert(contestJudge).values({ roundId: input.roundId, userId: candidate.id }).onConflictDoNothing();
  return { ok: true as const };
}

export async function unassignJudge(input: { roundId: number; userId: string }) {
  await getDb()
    .delete(contestJudge)
    .where(and(eq(contestJudge.roundId, input.roundId), eq(contestJudge.userId, input.userId)));
}

// ---------- contestants ----------

/**
 * The TCCS (top grassroots organisation: đảng bộ cơ sở or chi bộ cơ sở) of a unit path, as SQL.
 * Conflict of interest and per-unit standings are decided at this level (see docs/decisions/contest-conflict-of-interest.md).
 */
export function tccsOfCell(cellPath: ReturnType<typeof sql>) {
  return sql`(select t.id from ${unit} t where t.id in ${pathIdsSql(cellPath)} and t.kind in ('dang_bo_co_so', 'chi_bo_co_so') order by t.depth limit 1)`;
}

const EnrolPeopleRowSchema = z.object({ id: z.number(), personId: z.number() });

/**
 * Registers the active people matched by `where` (over person `p` and their cell `cu`) whose cell is
 * inside the contest's organising unit, with their TCCS. Idempotent (ON CONFLICT re-registers).
 * Shared by direct registration and accepted nominations so both apply the same scope and TCCS.
 */
export async function enrolPeople(db: Executor, input: { contest: Pick<ContestRow, "id" | "unitPath">; userId: string; where: SQL }) {
  const scope = input.contest.unitPath.replace(/[%_\\]/g, "\\$&") + "%";
  return rowsOf(
    await db.execute(sql`
      insert into ${contestContestant} (contest_id, person_id, tccs_unit_id, status, registered_by)
      select ${input.contest.id}, p.id, ${tccsOfCell(sql`cu.path`)}, 'registered', ${input.userId}
      from ${person} p join ${unit} cu on cu.id = p.unit_id
      where ${input.where} and cu.path like ${scope} and p.active
      on conflict (contest_id, person_id) do update set status = 'registered', updated_at = now()
      returning id, person_id as "personId"`),
    EnrolPeopleRowSchema,
  );
}

/**
 * Registers people by member code: only active people whose cell is inside the contest's
 * organising unit. Idempotent (ON CONFLICT). Codes that matched nobody in scope come back as
 * `unknown`, codes of people in scope who no longer take part in party life as `inactive`.
 */
export async function registerContestants(input: { contest: ContestRow; memberCodes: string[]; userId: string }) {
  const codes = [...new Set(input.memberCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  if (!codes.length) return { added: 0, unknown: [] as string[], inactive: [] as string[] };
  const db = getDb();
  const scope = input.contest.unitPath.replace(/[%_\\]/g, "\\$&") + "%";
  const inserted = await enrolPeople(db, { contest: input.contest, userId: input.userId, where: sql`p.member_code in ${codes}` });
  const found = await db
    .select({ code: person.memberCode, active: person.active })
    .from(person)
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(and(inArray(person.memberCode, codes), sql`${unit.path} like ${scope}`));
  const foundCodes = new Set(found.map((f) => f.code));
  return { added: inserted.length, unknown: codes.filter((c) => !foundCodes.has(c)), inactive: found.filter((f) => !f.active).map((f) => f.code) };
}

export async function removeContestant(input: { contest: ContestRow; contestantId: number }) {
  if (!roundsEditable(input.contest.status)) return refuse("Không thể rút tên thí sinh khi hội thi đã bắt đầu.");
  await getDb()
    .delete(contestContestant)
    .where(and(eq(contestContestant.id, input.contestantId), eq(contestContestant.contestId, input.contest.id)));
  return { ok: true as const };
}

const CarryWinnersRowSchema = z.object({ id: z.number() });

/**
 * Carries the prize winners of published grassroots contests held inside this (bloc) contest's
 * unit into it. Idempotent.
 */
export async function carryWinners(input: { contest: ContestRow; userId: string }) {
  const scope = input.contest.unitPath.replace(/[%_\\]/g, "\\$&") + "%";
  const inserted = rowsOf(
    await getDb().execute(sql`
      insert into ${contestContestant} (contest_id, person_id, tccs_unit_id, status, from_contest_id, registered_by)
      select ${input.contest.id}, cc.person_id, cc.tccs_unit_id, 'registered', g.id, ${input.userId}
      from ${contest} g
      join ${unit} gu on gu.id = g.unit_id
      join ${contestStanding} s on s.contest_id = g.id and ${prizeWinnerSql(sql`s`, sql`g`)}
      join ${contestContestant} cc on cc.id = s.contestant_id
      where g.level = 'co_so' and g.status = 'published' and g.id <> ${input.contest.id} and gu.path like ${scope}
      on conflict (contest_id, person_id) do nothing
      returning id`),
    CarryWinnersRowSchema,
  );
  return inserted.length;
}

export const CONTESTANT_PAGE_SIZE = 50;

/** Registered people, Vietnamese name order, paged. */
export async function listContestants(input: { contestId: number; page: number }) {
  const db = getDb();
  const rows = await db
    .select({
      id: contestContestant.id,
      status: contestContestant.status,
      memberCode: person.memberCode,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
      cellName: sql<string>`(select name from ${unit} where id = ${person.unitId})`,
      tccsName: unit.name,
      fromContestId: contestContestant.fromContestId,
    })
    .from(contestContestant)
    .innerJoin(person, eq(person.id, contestContestant.personId))
    .innerJoin(unit, eq(unit.id, contestContestant.tccsUnitId))
    .where(eq(contestContestant.contestId, input.contestId))
    .orderBy(sql`${person.sortKey} collate "C"`, asc(contestContestant.id))
    .limit(CONTESTANT_PAGE_SIZE)
    .offset((input.page - 1) * CONTESTANT_PAGE_SIZE);
  const [total] = await db.select({ n: count() }).from(contestContestant).where(eq(contestContestant.contestId, input.contestId));
  return { rows, total: total?.n ?? 0 };
}

const ContestPartRowSchema = z.object({ judge: z.boolean(), contestantId: z.number().nullable() });

/**
 * The user's parts in a contest, in one statement (every contest page asks): judge of one of its
 * rounds; registered contestant (only when `asContestant`: not in a draft, and with a person record).
 */
export async function getContestParts(input: { contestId: number; userId: string; personId: number | null; asContestant: boolean }) {
  const personId = input.asContestant ? input.personId : null;
  const [row] = rowsOf(
    await getDb().execute(sql`
      select exists (select 1 from ${contestJudge} j join ${contestRound} r on r.id = j.round_id
          where r.contest_id = ${input.contestId} and j.user_id = ${input.userId}) as judge,
        (select c.id from ${contestContestant} c where c.contest_id = ${input.contestId} and c.person_id = ${personId}::int
          and c.status = 'registered' limit 1) as "contestantId"`),
    ContestPartRowSchema,
  );
  return { judge: row?.judge ?? false, contestantId: row?.contestantId ?? null };
}
