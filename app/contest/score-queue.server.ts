/**
 * Folds queued knowledge-round score changes (queued by the quiz_attempt trigger, migration
 * 0008) into the standings, one transaction per contest. A hand-in never waits for the
 * contest lock: 3,000 simultaneous hand-ins become a few batched range re-ranks here.
 */
import { z } from "zod";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { contest, contestContestant, contestRound, contestScoreQueue } from "#db/schema";
import { recomputeScores } from "./recompute.server";

/** How often app servers drain the queue; the scoreboards promise "within seconds". */
export const DRAIN_INTERVAL_MS = 2_000;

const ContestRowSchema = z.object({ contestId: z.number() });

const UnlockedContestRowSchema = z.object({ id: z.number() });

const QueuedScoreRowSchema = z.object({ roundId: z.number(), contestantId: z.number().nullable() });

/** Drains the queue; returns how many queued attempts were folded in. Safe on several servers at once. */
export async function drainScoreQueue() {
  const db = getDb();
  const contests = rowsOf(
    await db.execute(sql`select distinct r.contest_id as "contestId" from ${contestScoreQueue} q join ${contestRound} r on r.id = q.round_id`),
    ContestRowSchema,
  );
  let folded = 0;
  for (const { contestId } of contests) {
    folded += await db.transaction(async (tx) => {
      // Another server (or a judge's sheet) holds the contest: its work is not lost, the rows wait for the next tick.
      const [free] = rowsOf(await tx.execute(sql`select id from ${contest} where id = ${contestId} for update skip locked`), UnlockedContestRowSchema);
      if (!free) return 0;
      const taken = rowsOf(
        await tx.execute(sql`
          with taken as (
            delete from ${contestScoreQueue} q using ${contestRound} r
            where r.id = q.round_id and r.contest_id = ${contestId}
            returning q.round_id, q.user_id
          )
          select t.round_id as "roundId", c.id as "contestantId"
          from taken t
          left join "user" u on u.id = t.user_id
          left join ${contestContestant} c on c.person_id = u.person_id and c.contest_id = ${contestId}`),
        QueuedScoreRowSchema,
      );
      const pairs = taken.flatMap((t) => (t.contestantId ? [{ roundId: t.roundId, contestantId: t.contestantId }] : []));
      await recomputeScores(tx, { contestId, pairs });
      return taken.length;
    });
  }
  return folded;
}
