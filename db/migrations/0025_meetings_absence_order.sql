DROP INDEX "meeting_absence_run_order_idx";--> statement-breakpoint
ALTER TABLE "meeting_absence_run" ADD COLUMN "cell_sort_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_absence_run" ADD COLUMN "person_sort_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill: the copies of the cells' and members' sort keys (writeAbsenceRuns sets them from now on).
UPDATE "meeting_absence_run" r SET "cell_sort_key" = u."sort_key", "person_sort_key" = p."sort_key"
FROM "unit" u, "person" p WHERE u."id" = r."cell_id" AND p."id" = r."person_id";--> statement-breakpoint
CREATE INDEX "meeting_absence_run_order_idx" ON "meeting_absence_run" USING btree ("absent_run" DESC NULLS LAST,"unexcused_run" DESC NULLS LAST,"cell_sort_key" collate "C","person_sort_key" collate "C","person_id") WHERE "meeting_absence_run"."absent_run" >= 2;--> statement-breakpoint
-- A renamed cell or member moves in the list: the copies follow their source (every writer of a
-- name: the unit and person forms, the roster import). A unit's sort key is generated from its name.
CREATE FUNCTION meeting_absence_run_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'unit' THEN
    UPDATE meeting_absence_run SET cell_sort_key = NEW.sort_key WHERE cell_id = NEW.id;
  ELSE
    UPDATE meeting_absence_run SET person_sort_key = NEW.sort_key WHERE person_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER meeting_absence_run_unit_sort_key AFTER UPDATE OF name ON "unit"
  FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key) EXECUTE FUNCTION meeting_absence_run_sort_keys();--> statement-breakpoint
CREATE TRIGGER meeting_absence_run_person_sort_key AFTER UPDATE OF sort_key ON "person"
  FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key) EXECUTE FUNCTION meeting_absence_run_sort_keys();
