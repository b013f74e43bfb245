import { sql } from "drizzle-orm";
/** Answers in flight are accepted this long after a deadline (knowledge and written rounds alike). */
export const GRACE_SECONDS = 15;

export const GRACE = sql`make_interval(secs => ${GRACE_SECONDS})`;

/** A written answer is handed in: submitted by the contestant, locked by closing the round, or past deadline + grace. SQL over draw `d` and round `r`. */
export const HANDED_IN = sql`(d.submitted_at is not null or r.status = 'closed' or now() > d.deadline + ${GRACE})`;

/**
 * A sheet may be written for contestant `c` in round `r`: any judged round, except that a written
 * situation round waits for the contestant's answer to be handed in, or for the round to close
 * (then everything is final, and one who never drew may still be given a sheet). SQL over `r`, `c`.
 */
export const READY_FOR_SHEET = sql`(r.kind <> 'situation' or r.answer_mode <> 'viet' or r.status = 'closed' or exists (
  select 1 from contest_situation_draw d where d.round_id = r.id and d.contestant_id = c.id and d.drawn_at is not null and ${HANDED_IN}))`;
