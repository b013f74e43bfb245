import { sql } from "drizzle-orm";

/** An attendance completes the track at the end of the class's last day (17:00 local). */
export const CLASS_COMPLETED_AT = sql`((tcl.ends_on::timestamp + interval '17 hours') at time zone 'Asia/Ho_Chi_Minh')`;

/**
 * Every completion event `(person_id, track, method, at)`: online rows of `training_completion` and every
 * class attendance (not only the earliest completion row: a 2026 class counts for a 2026 campaign).
 */
export const COMPLETION_EVENTS = sql`
        select tc.person_id, tc.track, 'online' as method, tc.completed_at as at
        from training_completion tc where tc.method = 'online'
        union all
        select ca.person_id, tcl.track, 'in_person', ${CLASS_COMPLETED_AT}
        from class_attendance ca join training_class tcl on tcl.id = ca.class_id`;
