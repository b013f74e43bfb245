CREATE TABLE "meeting_absence_count" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"at_risk" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "meeting_absence_run_run_idx";--> statement-breakpoint
ALTER TABLE "meeting_absence_count" ADD CONSTRAINT "meeting_absence_count_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_absence_run_order_idx" ON "meeting_absence_run" USING btree ("absent_run" DESC NULLS LAST,"unexcused_run" DESC NULLS LAST) WHERE "meeting_absence_run"."absent_run" >= 2;--> statement-breakpoint
-- Backfill: the runs ≥ 2 counted on each cell and every unit above it (as writeAbsenceRuns keeps them).
INSERT INTO "meeting_absence_count" ("unit_id", "at_risk")
SELECT a.id, count(*)::int
FROM "meeting_absence_run" r JOIN "unit" u ON u.id = r.cell_id CROSS JOIN LATERAL unit_path_ids(u.path) a(id)
WHERE r.absent_run >= 2
GROUP BY a.id;
--> statement-breakpoint
-- A path holds a few ids: the planner's default guess for a set-returning function is 1,000 rows.
ALTER FUNCTION unit_path_ids(text) ROWS 8;
