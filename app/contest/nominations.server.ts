import { z } from "zod";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "#db/client.server";
import { auditLog, contest, contestContestant, contestNomination, person, unit, user } from "#db/schema";
import { scopesBelow, scopesOf, type SessionUser } from "~/auth/permissions";
import { forbidden, notFound, requirePermission } from "~/auth/permissions.server";
import { fullName } from "~/org/names";
import { contestListColumns, enrolPeople, getContest, type ContestRow } from "./contests.server";
import { roundsEditable } from "./vocabulary";
import { requireId } from "~/utils/request.server";
import { refuse, type Refusal } from "~/forms/command";

/** A unit that may nominate into a given contest (one of the nominator's grants, strictly inside it). */
export interface NominatingUnit {
  unitId: number;
  unitPath: string;
  unitName: string;
}

const MAX_CODES = 200;

function subtree(path: string) {
  return path.replace(/[%_\\]/g, "\\$&") + "%";
}

/** "the nominating unit `unitId` lies under one of `units`" as SQL. */
function fromUnits(units: NominatingUnit[], unitId: SQL | typeof contestNomination.unitId) {
  if (!units.length) return sql`false`;
  return sql`exists (select 1 from ${unit} nu where nu.id = ${unitId} and (${sql.join(
    units.map((u) => sql`nu.path like ${subtree(u.unitPath)}`),
    sql` or `,
  )}))`;
}

async function audit(tx: Tx, entry: { actorId: string; contestId: number; action: string; after: unknown; reason?: string | null }) {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: "contest",
    entityId: String(entry.contestId),
    after: entry.after,
    reason: entry.reason ?? null,
  });
}

/**
 * The nominator of a contest: holds contest.nominate on a unit strictly inside the organising unit
 * (its own organisers register directly). Drafts are invisible (404); any other status is readable
 * so the unit can see outcomes, but only `registration` accepts new nominations.
 */
export async function requireNominator(request: Request, contestIdParam: string | undefined) {
  const user = await requirePermission(request, "contest.nominate");
  const contestRow = await getContest(requireId(contestIdParam));
  if (!contestRow || contestRow.status === "draft") notFound("Không tìm thấy hội thi.");
  const units = scopesBelow(user, "contest.nominate", contestRow.unitPath);
  if (!units.length) forbidden("Đơn vị của đồng chí không trực thuộc đơn vị tổ chức hội thi này, nên không đề cử thí sinh được.");
  return { user, contest: contestRow, units };
}

/**
 * Contests a nominator may nominate into (in registration, organised strictly above one of their
 * grants), plus those where their units already nominated someone (to read the outcome).
 */
export async function listNominationContests(user: SessionUser) {
  const paths = scopesOf(user, "contest.nominate");
  if (!paths.length) return [];
  const above = sql.join(
    paths.map((p) => sql`(${p} like ${unit.path} || '%' and ${p} <> ${unit.path})`),
    sql` or `,
  );
  const mine = sql`(${sql.join(
    paths.map((p) => sql`nu.path like ${subtree(p)}`),
    sql` or `,
  )})`;
  const counted = (status: string) =>
    sql<number>`(select count(*)::int from ${contestNomination} n join ${unit} nu on nu.id = n.unit_id
      where n.contest_id = ${contest.id} and n.status = ${status} and ${mine})`;
  return getDb()
    .select({
      ...contestListColumns,
      pending: counted("pending"),
      accepted: counted("accepted"),
      declined: counted("declined"),
    })
    .from(contest)
    .innerJoin(unit, eq(unit.id, contest.unitId))
    .where(
      sql`(${above}) and (${contest.status} = 'registration' or (${contest.status} <> 'draft' and exists (
        select 1 from ${contestNomination} n join ${unit} nu on nu.id = n.unit_id where n.contest_id = ${contest.id} and ${mine})))`,
    )
    .orderBy(desc(contest.startsOn), desc(contest.id))
    .limit(100);
}

export interface NominationOutcome {
  added: number;
  /** Codes of nobody active in the nominating unit: nothing was written. */
  outside: string[];
  inactive: string[];
  alreadyContestant: string[];
  alreadyNominated: string[];
}

const NominateRowSchema = z.object({ personId: z.number(), code: z.string(), active: z.boolean(), contestant: z.boolean(), nomination: z.string().nullable() });

const NominatedRowSchema = z.object({ personId: z.number() });

/**
 * Nominates people of `unitId` (one of `units`) by member code, with an optional note. All or
 * nothing: a code outside the unit or of someone no longer active writes nothing. People already
 * registered or already nominated (pending or accepted) are reported, not duplicated; a declined
 * nomination may be made again.
 */
export async function nominate(input: {
  contest: ContestRow;
  units: NominatingUnit[];
  unitId: number;
  memberCodes: string[];
  note: string;
  userId: string;
}): Promise<{ ok: true; outcome: NominationOutcome } | (Refusal & { outcome?: NominationOutcome })> {
  if (input.contest.status !== "registration") return refuse("Hội thi không ở giai đoạn đăng ký nên không nhận đề cử.");
  const nominating = input.units.find((u) => u.unitId === input.unitId);
  if (!nominating) return refuse("Đồng chí không được đề cử thay đơn vị này.");
  const codes = [...new Set(input.memberCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  if (!codes.length) return refuse("Vui lòng nhập ít nhất một mã đảng viên.");
  if (codes.length > MAX_CODES) return refuse(`Mỗi lần đề cử tối đa ${MAX_CODES} người.`);

  return getDb().transaction(async (tx) => {
    const found = rowsOf(
      await tx.execute(sql`
        select p.id as "personId", p.member_code as code, p.active,
          exists (select 1 from ${contestContestant} c where c.contest_id = ${input.contest.id} and c.person_id = p.id and c.status = 'registered') as contestant,
          (select n.status from ${contestNomination} n where n.contest_id = ${input.contest.id} and n.person_id = p.id) as nomination
        from ${person} p join ${unit} cu on cu.id = p.unit_id
        where p.member_code in ${codes} and cu.path like ${subtree(nominating.unitPath)}`),
      NominateRowSchema,
    );
    const byCode = new Map(found.map((f) => [f.code, f]));
    const outcome: NominationOutcome = {
      added: 0,
      outside: codes.filter((c) => !byCode.has(c)),
      inactive: found.filter((f) => !f.active).map((f) => f.code),
      alreadyContestant: found.filter((f) => f.active && f.contestant).map((f) => f.code),
      alreadyNominated: found.filter((f) => f.active && !f.contestant && (f.nomination === "pending" || f.nomination === "accepted")).map((f) => f.code),
    };
    if (outcome.outside.length || outcome.inactive.length) return { ...refuse("Chưa đề cử ai: vui lòng sửa các mã sau rồi gửi lại."), outcome };

    // Scope, activity and "not yet a contestant" sit in the WHERE so a concurrent change cannot slip
    // through; ON CONFLICT keeps one row per person and only revives a declined nomination.
    const inserted = rowsOf(
      await tx.execute(sql`
        insert into ${contestNomination} (contest_id, person_id, unit_id, status, note, nominated_by)
        select ${input.contest.id}, p.id, ${nominating.unitId}, 'pending', ${input.note}, ${input.userId}
        from ${person} p join ${unit} cu on cu.id = p.unit_id
        where p.member_code in ${codes} and cu.path like ${subtree(nominating.unitPath)} and p.active
          and not exists (select 1 from ${contestContestant} c where c.contest_id = ${input.contest.id} and c.person_id = p.id and c.status = 'registered')
        on conflict (contest_id, person_id) do update set status = 'pending', unit_id = excluded.unit_id, note = excluded.note,
          nominated_by = excluded.nominated_by, decided_by = null, decided_at = null, decision_reason = null, updated_at = now()
          where ${contestNomination}.status = 'declined'
        returning person_id as "personId"`),
      NominatedRowSchema,
    );
    outcome.added = inserted.length;
    if (inserted.length) {
      await audit(tx, {
        actorId: input.userId,
        contestId: input.contest.id,
        action: "nomination.create",
        after: { unitName: nominating.unitName, people: inserted.map((r) => found.find((f) => f.personId === r.personId)?.code) },
        reason: input.note || null,
      });
    }
    return { ok: true as const, outcome };
  });
}

const nominationColumns = {
  id: contestNomination.id,
  status: contestNomination.status,
  note: contestNomination.note,
  createdAt: contestNomination.createdAt,
  decidedAt: contestNomination.decidedAt,
  decisionReason: contestNomination.decisionReason,
  unitId: contestNomination.unitId,
  memberCode: person.memberCode,
  familyName: person.familyName,
  middleName: person.middleName,
  givenName: person.givenName,
  cellName: sql<string>`(select name from ${unit} where id = ${person.unitId})`,
  unitName: sql<string>`(select name from ${unit} where id = ${contestNomination.unitId})`,
  nominatedByName: sql<string | null>`(select display_name from ${user} where id = ${contestNomination.nominatedBy})`,
  /** Still a contestant (an accepted nominee may be removed by the organisers before the contest starts). */
  enrolled: sql<boolean>`exists (select 1 from ${contestContestant} c where c.contest_id = ${contestNomination}.contest_id and c.person_id = ${contestNomination}.person_id)`,
};

/** Nominations made by `units` (or their sub-units) into a contest: pending first, then by name. */
export async function listUnitNominations(input: { contestId: number; units: NominatingUnit[] }) {
  const rows = await getDb()
    .select(nominationColumns)
    .from(contestNomination)
    .innerJoin(person, eq(person.id, contestNomination.personId))
    .where(and(eq(contestNomination.contestId, input.contestId), fromUnits(input.units, contestNomination.unitId)))
    .orderBy(sql`${contestNomination.status} <> 'pending'`, sql`${person.sortKey} collate "C"`)
    .limit(1000);
  return rows.map((r) => ({ ...r, fullName: fullName(r) }));
}

const WithdrawNominationRowSchema = z.object({ code: z.string(), unitName: z.string() });

/** Withdraws a pending nomination of one of `units` (deleted: it never became anything). */
export async function withdrawNomination(input: { contest: ContestRow; units: NominatingUnit[]; nominationId: number; userId: string }) {
  return getDb().transaction(async (tx) => {
    const deleted = rowsOf(
      await tx.execute(sql`
        delete from ${contestNomination} n
        where n.id = ${input.nominationId} and n.contest_id = ${input.contest.id} and n.status = 'pending' and ${fromUnits(input.units, sql`n.unit_id`)}
        returning (select member_code from ${person} where id = n.person_id) as code, (select name from ${unit} where id = n.unit_id) as "unitName"`),
      WithdrawNominationRowSchema,
    );
    const row = deleted[0];
    if (!row) return refuse("Đề cử không còn ở trạng thái chờ duyệt nên không rút được.");
    await audit(tx, {
      actorId: input.userId,
      contestId: input.contest.id,
      action: "nomination.withdraw",
      after: { unitName: row.unitName, people: [row.code] },
    });
    return { ok: true as const };
  });
}

// ---------- organiser review ----------

/** Pending nominations of a contest, with the nominating unit, in Vietnamese name order. */
export async function listPendingNominations(contestId: number) {
  const rows = await getDb()
    .select(nominationColumns)
    .from(contestNomination)
    .innerJoin(person, eq(person.id, contestNomination.personId))
    .innerJoin(unit, eq(unit.id, contestNomination.unitId))
    .where(and(eq(contestNomination.contestId, contestId), eq(contestNomination.status, "pending")))
    .orderBy(asc(unit.path), sql`${person.sortKey} collate "C"`, asc(contestNomination.id))
    .limit(2000);
  return rows.map((r) => ({ ...r, fullName: fullName(r) }));
}

/** Pending nominations grouped by nominating unit, in the order `listPendingNominations` returns them. */
export function groupByUnit<T extends { unitId: number; unitName: string }>(rows: T[]) {
  const groups = new Map<number, { unitId: number; unitName: string; rows: T[] }>();
  for (const row of rows) {
    const group = groups.get(row.unitId) ?? { unitId: row.unitId, unitName: row.unitName, rows: [] };
    group.rows.push(row);
    groups.set(row.unitId, group);
  }
  return [...groups.values()];
}

/**
 * Accepts pending nominations (by ids, or all of one nominating unit): each person becomes a
 * registered contestant through the same scope and TCCS rule as direct registration. People no
 * longer active inside the organising unit stay pending and are reported. One transaction, audited.
 */
export async function acceptNominations(input: { contest: ContestRow; userId: string; nominationIds?: number[]; unitId?: number }) {
  if (!roundsEditable(input.contest.status)) return refuse("Chỉ duyệt đề cử trước khi hội thi bắt đầu.");
  const which: SQL | undefined =
    input.unitId !== undefined
      ? eq(contestNomination.unitId, input.unitId)
      : input.nominationIds?.length
        ? inArray(contestNomination.id, input.nominationIds)
        : undefined;
  if (!which) return refuse("Chưa chọn đề cử nào.");
  return getDb().transaction(async (tx) => {
    const pending = await tx
      .select({ id: contestNomination.id, personId: contestNomination.personId, code: person.memberCode, unitName: unit.name })
      .from(contestNomination)
      .innerJoin(person, eq(person.id, contestNomination.personId))
      .innerJoin(unit, eq(unit.id, contestNomination.unitId))
      .where(and(eq(contestNomination.contestId, input.contest.id), eq(contestNomination.status, "pending"), which))
      .for("update", { of: contestNomination });
    if (!pending.length) return refuse("Đề cử không còn ở trạng thái chờ duyệt (có thể đã được xử lý).");
    const enrolled = await enrolPeople(tx, { contest: input.contest, userId: input.userId, where: sql`p.id in ${pending.map((p) => p.personId)}` });
    const enrolledPeople = new Set(enrolled.map((e) => e.personId));
    const accepted = pending.filter((p) => enrolledPeople.has(p.personId));
    const refused = pending.filter((p) => !enrolledPeople.has(p.personId)).map((p) => p.code);
    if (accepted.length) {
      await tx
        .update(contestNomination)
        .set({ status: "accepted", decidedBy: input.userId, decidedAt: new Date(), decisionReason: null, updatedAt: new Date() })
        .where(
          inArray(
            contestNomination.id,
            accepted.map((a) => a.id),
          ),
        );
      await audit(tx, {
        actorId: input.userId,
        contestId: input.contest.id,
        action: "nomination.accept",
        after: { unitName: [...new Set(accepted.map((a) => a.unitName))].join(", "), people: accepted.map((a) => a.code) },
      });
    }
    return { ok: true as const, accepted: accepted.length, refused };
  });
}

/** Declines one pending nomination; the reason is required and shown to the nominating unit. */
export async function declineNomination(input: { contest: ContestRow; userId: string; nominationId: number; reason: string }) {
  const reason = input.reason.trim();
  if (!reason) return refuse("Vui lòng nêu lý do không chấp nhận đề cử.");
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(contestNomination)
      .set({ status: "declined", decidedBy: input.userId, decidedAt: new Date(), decisionReason: reason, updatedAt: new Date() })
      .where(and(eq(contestNomination.id, input.nominationId), eq(contestNomination.contestId, input.contest.id), eq(contestNomination.status, "pending")))
      .returning({ personId: contestNomination.personId, unitId: contestNomination.unitId });
    if (!row) return refuse("Đề cử không còn ở trạng thái chờ duyệt (có thể đã được xử lý).");
    const [who] = await tx
      .select({ code: person.memberCode, unitName: unit.name })
      .from(person)
      .innerJoin(unit, eq(unit.id, row.unitId))
      .where(eq(person.id, row.personId));
    await audit(tx, {
      actorId: input.userId,
      contestId: input.contest.id,
      action: "nomination.decline",
      after: { unitName: who?.unitName, people: [who?.code] },
      reason,
    });
    return { ok: true as const };
  });
}
