CREATE TABLE "campaign" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"organising_unit_id" integer NOT NULL,
	"target_percent" integer NOT NULL,
	"starts_on" date NOT NULL,
	"deadline_on" date NOT NULL,
	"accept_online" boolean DEFAULT true NOT NULL,
	"accept_in_person" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_position" (
	"campaign_id" integer NOT NULL,
	"position" text NOT NULL,
	"track" text NOT NULL,
	CONSTRAINT "campaign_position_campaign_id_position_pk" PRIMARY KEY("campaign_id","position")
);
--> statement-breakpoint
CREATE TABLE "class_attendance" (
	"class_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "class_attendance_class_id_person_id_pk" PRIMARY KEY("class_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_class" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"track" text NOT NULL,
	"unit_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"lecturers" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "training_completion_unique_idx";--> statement-breakpoint
ALTER TABLE "training_completion" ALTER COLUMN "evidence" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_organising_unit_id_unit_id_fk" FOREIGN KEY ("organising_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_position" ADD CONSTRAINT "campaign_position_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_attendance" ADD CONSTRAINT "class_attendance_class_id_training_class_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_class"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_attendance" ADD CONSTRAINT "class_attendance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_attendance" ADD CONSTRAINT "class_attendance_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class" ADD CONSTRAINT "training_class_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_unit_idx" ON "campaign" USING btree ("organising_unit_id");--> statement-breakpoint
CREATE INDEX "campaign_deadline_idx" ON "campaign" USING btree ("deadline_on");--> statement-breakpoint
CREATE INDEX "campaign_position_position_idx" ON "campaign_position" USING btree ("position");--> statement-breakpoint
CREATE INDEX "class_attendance_person_idx" ON "class_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "class_attendance_recorded_by_idx" ON "class_attendance" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "training_class_unit_idx" ON "training_class" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "training_class_starts_idx" ON "training_class" USING btree ("starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completion_unique_idx" ON "training_completion" USING btree ("person_id","track","method","evidence");