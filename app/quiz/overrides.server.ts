/** Extra time / extra attempts for one learner, granted by an organiser within their scope. */
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { getDb } from "#db/client.server";
import { person, quizOverride, unit, user } from "#db/schema";
import { fullName } from "~/org/names";
import { getBank, getQuizSettings } from "./bank.server";
import { grantOverride } from "./engine.server";
import type { OverrideSchema } from "./override-schema";
import { finalQuizKey, moduleQuizKey, quizTitle } from "./quizzes.server";
import { refuse } from "~/forms/command";
import { listModules } from "~/training/catalog.server";

/** The quizzes an override may target. */
export function overridableQuizzes() {
  const bank = getBank();
  return [
    ...getQuizSettings().finalTests.map((f) => ({ value: finalQuizKey(f.track), label: quizTitle(finalQuizKey(f.track)) })),
    ...listModules()
      .filter((m) => bank.byTopic.has(m.slug))
      .map((m) => ({ value: moduleQuizKey(m.slug), label: quizTitle(moduleQuizKey(m.slug)) })),
  ];
}

function inAnyScope(scopePaths: string[]): SQL {
  const likes = scopePaths.map((p) => sql`${unit.path} like ${`${p.replace(/[%_\\]/g, "\\$&")}%`}`);
  return likes.length ? or(...likes)! : sql`false`;
}

/** The learner account named by username or member code, if their cell is in scope. */
export async function findLearnerInScope(input: { learner: string; scopePaths: string[] }) {
  const [row] = await getDb()
    .select({ userId: user.id, familyName: person.familyName, middleName: person.middleName, givenName: person.givenName })
    .from(user)
    .innerJoin(person, eq(person.id, user.personId))
    .innerJoin(unit, eq(unit.id, person.unitId))
    .where(and(or(eq(user.username, input.learner.toLowerCase()), eq(person.memberCode, input.learner.toUpperCase())), inAnyScope(input.scopePaths)))
    .limit(1);
  return row ? { userId: row.userId, name: fullName(row) } : null;
}

export async function grantOverrideInScope(input: z.infer<typeof OverrideSchema> & { scopePaths: string[]; grantedBy: string }) {
  const learner = await findLearnerInScope(input);
  if (!learner) return refuse("Không tìm thấy học viên này trong phạm vi đồng chí quản lý.", "learner");
  await grantOverride({
    userId: learner.userId,
    quizKey: input.quizKey,
    extraSeconds: input.extraMinutes * 60,
    extraAttempts: input.extraAttempts,
    reason: input.reason,
    grantedBy: input.grantedBy,
  });
  return { ok: true as const, learner };
}

const granter = alias(user, "granter");

/** The latest overrides for learners in scope. */
export async function listOverridesInScope(input: { scopePaths: string[]; limit?: number }) {
  const rows = await getDb()
    .select({
      id: quizOverride.id,
      quizKey: quizOverride.quizKey,
      extraSeconds: quizOverride.extraSeconds,
      extraAttempts: quizOverride.extraAttempts,
      reason: quizOverride.reason,
      createdAt: quizOverride.createdAt,
      username: user.username,
      familyName: person.familyName,
      middleName: person.middleName,
      givenName: person.givenName,
      grantedBy: granter.displayName,
    })
    .from(quizOverride)
    .innerJoin(user, eq(user.id, quizOverride.userId))
    .innerJoin(person, eq(person.id, user.personId))
    .innerJoin(unit, eq(unit.id, person.unitId))
    .leftJoin(granter, eq(granter.id, quizOverride.grantedBy))
    .where(inAnyScope(input.scopePaths))
    .orderBy(desc(quizOverride.createdAt), desc(quizOverride.id))
    .limit(input.limit ?? 50);
  return rows.map((r) => ({
    id: r.id,
    quiz: quizTitle(r.quizKey),
    extraMinutes: Math.round(r.extraSeconds / 60),
    extraAttempts: r.extraAttempts,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    learner: `${fullName(r)} (${r.username})`,
    grantedBy: r.grantedBy ?? "",
  }));
}
