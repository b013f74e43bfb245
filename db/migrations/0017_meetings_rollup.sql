CREATE TABLE "meeting_absence_run" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"cell_id" integer NOT NULL,
	"absent_run" smallint NOT NULL,
	"unexcused_run" smallint NOT NULL,
	"last_held_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_cell_period" (
	"cell_id" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"expected" integer NOT NULL,
	"held" integer NOT NULL,
	"on_time" integer NOT NULL,
	"postponed" integer NOT NULL,
	"regular" integer NOT NULL,
	"thematic" integer NOT NULL,
	"present" integer NOT NULL,
	"excused" integer NOT NULL,
	"unexcused" integer NOT NULL,
	"attendance_ok" integer NOT NULL,
	"rated_tot" integer NOT NULL,
	"rated_kha" integer NOT NULL,
	"rated_trung_binh" integer NOT NULL,
	"rated_kem" integer NOT NULL,
	"self_assessed" integer NOT NULL,
	"regime_ok" integer NOT NULL,
	"quality_tot" integer NOT NULL,
	"cell_rated" integer NOT NULL,
	"cell_good" integer NOT NULL,
	"members_rated" integer NOT NULL,
	"members_good" integer NOT NULL,
	CONSTRAINT "meeting_cell_period_cell_id_period_kind_period_start_pk" PRIMARY KEY("cell_id","period_kind","period_start")
);
--> statement-breakpoint
CREATE TABLE "meeting_subunit_period" (
	"unit_id" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"cells" integer NOT NULL,
	"expected" integer NOT NULL,
	"held" integer NOT NULL,
	"on_time" integer NOT NULL,
	"postponed" integer NOT NULL,
	"regular" integer NOT NULL,
	"thematic" integer NOT NULL,
	"present" integer NOT NULL,
	"excused" integer NOT NULL,
	"unexcused" integer NOT NULL,
	"attendance_ok" integer NOT NULL,
	"rated_tot" integer NOT NULL,
	"rated_kha" integer NOT NULL,
	"rated_trung_binh" integer NOT NULL,
	"rated_kem" integer NOT NULL,
	"self_assessed" integer NOT NULL,
	"regime_ok" integer NOT NULL,
	"quality_tot" integer NOT NULL,
	"cell_rated" integer NOT NULL,
	"cell_good" integer NOT NULL,
	"members_rated" integer NOT NULL,
	"members_good" integer NOT NULL,
	CONSTRAINT "meeting_subunit_period_unit_id_period_kind_period_start_pk" PRIMARY KEY("unit_id","period_kind","period_start")
);
--> statement-breakpoint
ALTER TABLE "meeting_absence_run" ADD CONSTRAINT "meeting_absence_run_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_absence_run" ADD CONSTRAINT "meeting_absence_run_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_cell_period" ADD CONSTRAINT "meeting_cell_period_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_subunit_period" ADD CONSTRAINT "meeting_subunit_period_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_absence_run_cell_idx" ON "meeting_absence_run" USING btree ("cell_id","absent_run");--> statement-breakpoint
CREATE INDEX "meeting_absence_run_run_idx" ON "meeting_absence_run" USING btree ("absent_run") WHERE "meeting_absence_run"."absent_run" >= 2;--> statement-breakpoint
CREATE INDEX "meeting_cell_period_period_idx" ON "meeting_cell_period" USING btree ("period_kind","period_start");