CREATE TABLE "annual_rating" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" smallint NOT NULL,
	"cell_id" integer,
	"person_id" integer,
	"rating" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_rating_subject_check" CHECK (("annual_rating"."cell_id" is null) <> ("annual_rating"."person_id" is null)),
	CONSTRAINT "annual_rating_rating_check" CHECK ("annual_rating"."rating" in ('xuat_sac', 'tot', 'hoan_thanh', 'khong_hoan_thanh')),
	CONSTRAINT "annual_rating_source_check" CHECK ("annual_rating"."source" in ('import', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "meeting" (
	"id" serial PRIMARY KEY NOT NULL,
	"cell_id" integer NOT NULL,
	"scheduled_on" date NOT NULL,
	"held_on" date,
	"kind" text NOT NULL,
	"topic" text,
	"status" text NOT NULL,
	"postpone_reason" text,
	"postponed_to" date,
	"summary" text,
	"minutes_adopted" boolean DEFAULT false NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_kind_check" CHECK ("meeting"."kind" in ('thuong_ky', 'chuyen_de')),
	CONSTRAINT "meeting_status_check" CHECK ("meeting"."status" in ('held', 'postponed'))
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"meeting_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	CONSTRAINT "meeting_attendance_meeting_id_person_id_pk" PRIMARY KEY("meeting_id","person_id"),
	CONSTRAINT "meeting_attendance_status_check" CHECK ("meeting_attendance"."status" in ('present', 'excused', 'unexcused'))
);
--> statement-breakpoint
CREATE TABLE "meeting_schedule" (
	"id" serial PRIMARY KEY NOT NULL,
	"cell_id" integer NOT NULL,
	"day_of_month" smallint NOT NULL,
	"starts_at" text NOT NULL,
	"place" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_schedule_day_check" CHECK ("meeting_schedule"."day_of_month" between 1 and 31)
);
--> statement-breakpoint
CREATE TABLE "meeting_self_assessment" (
	"meeting_id" integer PRIMARY KEY NOT NULL,
	"rating" text NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"assessed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_self_assessment_rating_check" CHECK ("meeting_self_assessment"."rating" in ('tot', 'kha', 'trung_binh', 'kem'))
);
--> statement-breakpoint
CREATE TABLE "resolution_task" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"task" text NOT NULL,
	"owner_person_id" integer,
	"deadline_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_sheet" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"is_example" boolean DEFAULT false NOT NULL,
	"criteria" jsonb NOT NULL,
	"scale" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"attendee_person_id" integer NOT NULL,
	"assignment_id" integer,
	"situation" text DEFAULT '' NOT NULL,
	"conduct" text DEFAULT '' NOT NULL,
	"discussed" text DEFAULT '' NOT NULL,
	"reported_up" text DEFAULT '' NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"filed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_assignment" (
	"id" serial PRIMARY KEY NOT NULL,
	"attendee_person_id" integer NOT NULL,
	"cell_id" integer NOT NULL,
	"assigned_by_unit_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"assigned_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_assignment_period_check" CHECK ("visit_assignment"."ends_on" >= "visit_assignment"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "visit_score" (
	"visit_id" integer PRIMARY KEY NOT NULL,
	"sheet_id" integer NOT NULL,
	"points" jsonb NOT NULL,
	"total" numeric(5, 1) NOT NULL,
	"rating" text NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_score_rating_check" CHECK ("visit_score"."rating" in ('tot', 'kha', 'trung_binh', 'kem'))
);
--> statement-breakpoint
ALTER TABLE "annual_rating" ADD CONSTRAINT "annual_rating_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_rating" ADD CONSTRAINT "annual_rating_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_rating" ADD CONSTRAINT "annual_rating_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_schedule" ADD CONSTRAINT "meeting_schedule_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_self_assessment" ADD CONSTRAINT "meeting_self_assessment_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_self_assessment" ADD CONSTRAINT "meeting_self_assessment_assessed_by_user_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_task" ADD CONSTRAINT "resolution_task_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_task" ADD CONSTRAINT "resolution_task_owner_person_id_person_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_sheet" ADD CONSTRAINT "scoring_sheet_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_attendee_person_id_person_id_fk" FOREIGN KEY ("attendee_person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_assignment_id_visit_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."visit_assignment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_assignment" ADD CONSTRAINT "visit_assignment_attendee_person_id_person_id_fk" FOREIGN KEY ("attendee_person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_assignment" ADD CONSTRAINT "visit_assignment_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_assignment" ADD CONSTRAINT "visit_assignment_assigned_by_unit_id_unit_id_fk" FOREIGN KEY ("assigned_by_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_assignment" ADD CONSTRAINT "visit_assignment_assigned_by_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_score" ADD CONSTRAINT "visit_score_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_score" ADD CONSTRAINT "visit_score_sheet_id_scoring_sheet_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."scoring_sheet"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_rating_cell_year_idx" ON "annual_rating" USING btree ("cell_id","year") WHERE "annual_rating"."cell_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_rating_person_year_idx" ON "annual_rating" USING btree ("person_id","year") WHERE "annual_rating"."person_id" is not null;--> statement-breakpoint
CREATE INDEX "annual_rating_year_idx" ON "annual_rating" USING btree ("year");--> statement-breakpoint
CREATE INDEX "annual_rating_recorded_by_idx" ON "annual_rating" USING btree ("recorded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_cell_date_kind_idx" ON "meeting" USING btree ("cell_id","scheduled_on","kind");--> statement-breakpoint
CREATE INDEX "meeting_cell_held_idx" ON "meeting" USING btree ("cell_id","held_on");--> statement-breakpoint
CREATE INDEX "meeting_scheduled_idx" ON "meeting" USING btree ("scheduled_on");--> statement-breakpoint
CREATE INDEX "meeting_recorded_by_idx" ON "meeting" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "meeting_attendance_person_date_idx" ON "meeting_attendance" USING btree ("person_id","held_on");--> statement-breakpoint
CREATE INDEX "meeting_schedule_cell_idx" ON "meeting_schedule" USING btree ("cell_id","valid_from");--> statement-breakpoint
CREATE INDEX "meeting_self_assessment_rating_idx" ON "meeting_self_assessment" USING btree ("rating");--> statement-breakpoint
CREATE INDEX "meeting_self_assessment_assessed_by_idx" ON "meeting_self_assessment" USING btree ("assessed_by");--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_task_meeting_idx" ON "resolution_task" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "resolution_task_owner_idx" ON "resolution_task" USING btree ("owner_person_id");--> statement-breakpoint
CREATE INDEX "resolution_task_deadline_idx" ON "resolution_task" USING btree ("deadline_on");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_sheet_unit_version_idx" ON "scoring_sheet" USING btree ("unit_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_meeting_attendee_idx" ON "visit" USING btree ("meeting_id","attendee_person_id");--> statement-breakpoint
CREATE INDEX "visit_attendee_idx" ON "visit" USING btree ("attendee_person_id");--> statement-breakpoint
CREATE INDEX "visit_assignment_idx" ON "visit" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "visit_filed_idx" ON "visit" USING btree ("filed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_assignment_unique_idx" ON "visit_assignment" USING btree ("attendee_person_id","cell_id","starts_on");--> statement-breakpoint
CREATE INDEX "visit_assignment_cell_idx" ON "visit_assignment" USING btree ("cell_id","starts_on");--> statement-breakpoint
CREATE INDEX "visit_assignment_unit_idx" ON "visit_assignment" USING btree ("assigned_by_unit_id");--> statement-breakpoint
CREATE INDEX "visit_assignment_assigned_by_idx" ON "visit_assignment" USING btree ("assigned_by");--> statement-breakpoint
CREATE INDEX "visit_score_sheet_idx" ON "visit_score" USING btree ("sheet_id");--> statement-breakpoint
CREATE INDEX "visit_score_rating_idx" ON "visit_score" USING btree ("rating");