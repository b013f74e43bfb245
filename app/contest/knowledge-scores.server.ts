/** The knowledge rounds' scores as the ranking reads them: submitted attempts of quiz key "contest-round:<roundId>". */
import { z } from "zod";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/client.server";
import { contestContestant, quizAttempt } from "#db/schema";

export function quizKeyOf(roundId: number) {
  return `contest-round:${roundId}`;
}

const KnowledgeAttemptRowsRowSchema = z.object({
  roundId: z.number(),
  contestantId: z.number(),
  score: z.number(),
  maxScore: z.number(),
  timeSeconds: z.number(),
});

/** Submitted attempts of the contest's knowledge rounds, per contestant (one aggregate query). */
export async function knowledgeAttemptRows(db: Executor, input: { contestId: number; roundIds: number[]; contestantIds?: number[] }) {
  const keys = input.roundIds.map(quizKeyOf);
  const only = input.contestantIds ? sql`and c.id in ${input.contestantIds}` : sql``;
  const rows = rowsOf(
    await db.execute(sql`
      select substring(a.quiz_key from 15)::int as "roundId", c.id as "contestantId", a.score, a.max_score as "maxScore",
        greatest(0, extract(epoch from (a.submitted_at - a.started_at)))::int as "timeSeconds"
      from ${quizAttempt} a
      join "user" u on u.id = a.user_id
      join ${contestContestant} c on c.person_id = u.person_id and c.contest_id = ${input.contestId} and c.status = 'registered'
      where a.quiz_key in ${keys} and a.status = 'submitted' ${only}`),
    KnowledgeAttemptRowsRowSchema,
  );
  return rows.map((r) => ({ ...r, score: Number(r.score), maxScore: Number(r.maxScore), timeSeconds: Number(r.timeSeconds) }));
}
