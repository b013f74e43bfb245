CREATE TABLE "practice_run" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"scenario_id" text NOT NULL,
	"scenario_hash" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"current_node" text NOT NULL,
	"step_count" integer DEFAULT 0 NOT NULL,
	"totals" jsonb NOT NULL,
	"percent" integer,
	"rating" text,
	"draft" jsonb,
	"draft_check" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_run_mode_check" CHECK ("practice_run"."mode" in ('practice', 'exam')),
	CONSTRAINT "practice_run_status_check" CHECK ("practice_run"."status" in ('in_progress', 'finished'))
);
--> statement-breakpoint
CREATE TABLE "practice_step" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"idx" integer NOT NULL,
	"node_id" text NOT NULL,
	"choice_id" text,
	"effects" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practice_run" ADD CONSTRAINT "practice_run_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_step" ADD CONSTRAINT "practice_step_run_id_practice_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."practice_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_run_user_idx" ON "practice_run" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "practice_run_scenario_idx" ON "practice_run" USING btree ("scenario_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_step_run_idx" ON "practice_step" USING btree ("run_id","idx");--> statement-breakpoint
CREATE INDEX "practice_step_node_idx" ON "practice_step" USING btree ("node_id","choice_id");