import { z } from "zod";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import type { UnitRef } from "./dashboard.server";
import type { Period } from "./targets";

const AttendeeReviewRowSchema = z.object({
  personId: z.number(),
  name: z.string(),
  memberCode: z.string(),
  /** Cells assigned to the attendee for some of the quarter. */
  cells: z.number(),
  /** Meetings those cells held while the assignment ran. */
  meetingsHeld: z.number(),
  /** Of them, meetings the attendee recorded a visit to / filed the report and score of. */
  visited: z.number(),
  filed: z.number(),
});

/**
 * How each assigned attendee carried out their visits in a quarter (001 §III.2(3)): every
 * assignment to a cell of the unit's subtree that overlaps the quarter, the meetings the cell held
 * while it ran, and the attendee's visits to them. A superiors' page: never shown to a cell.
 */
export async function listAttendeeReview(input: { unit: Pick<UnitRef, "path">; period: Pick<Period, "start" | "end"> }) {
  const prefix = `${input.unit.path.replace(/[%_\\]/g, "\\$&")}%`;
  return rowsOf(
    await getDb().execute(sql`
      with a as (
        select va.id, va.attendee_person_id, va.cell_id, greatest(va.starts_on, ${input.period.start}::date) as from_on,
          least(va.ends_on, ${input.period.end}::date) as to_on
        from visit_assignment va join unit u on u.id = va.cell_id
        where u.path like ${prefix} and va.starts_on <= ${input.period.end}::date and va.ends_on >= ${input.period.start}::date
      ),
      m as (
        select a.attendee_person_id, a.cell_id, mt.id as meeting_id
        from a join meeting mt on mt.cell_id = a.cell_id and mt.status = 'held' and mt.held_on between a.from_on and a.to_on
      )
      select p.id as "personId", trim(p.family_name || ' ' || p.middle_name || ' ' || p.given_name) as name, p.member_code as "memberCode",
        (select count(distinct cell_id) from a where a.attendee_person_id = p.id)::int as cells,
        count(distinct m.meeting_id)::int as "meetingsHeld",
        count(distinct v.meeting_id)::int as visited,
        count(distinct v.meeting_id) filter (where v.filed_at is not null)::int as filed
      from (select distinct attendee_person_id from a) x
      join person p on p.id = x.attendee_person_id
      left join m on m.attendee_person_id = p.id
      left join visit v on v.meeting_id = m.meeting_id and v.attendee_person_id = p.id
      group by p.id, p.family_name, p.middle_name, p.given_name, p.member_code, p.sort_key
      order by p.sort_key collate "C", p.id`),
    AttendeeReviewRowSchema,
  );
}
