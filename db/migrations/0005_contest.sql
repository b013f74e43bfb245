CREATE TABLE "contest" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"unit_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"prizes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tie_breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_snapshot" jsonb,
	"published_at" timestamp with time zone,
	"standing_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_ballot" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"contestant_id" integer NOT NULL,
	"judge_user_id" text NOT NULL,
	"scores" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"status" text NOT NULL,
	"entered_by" text NOT NULL,
	"confirmed_by" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_contestant" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"tccs_unit_id" integer NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"from_contest_id" integer,
	"registered_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_criterion" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"max_points" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_judge" (
	"round_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_judge_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "contest_question" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"correct" jsonb NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_round" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"max_points" double precision NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"drop_extremes_from" integer DEFAULT 5,
	"speed_bonus" double precision DEFAULT 0 NOT NULL,
	"time_limit_minutes" integer,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_round_score" (
	"round_id" integer NOT NULL,
	"contestant_id" integer NOT NULL,
	"score" double precision NOT NULL,
	"time_seconds" integer,
	"rank" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_round_score_round_id_contestant_id_pk" PRIMARY KEY("round_id","contestant_id")
);
--> statement-breakpoint
CREATE TABLE "contest_standing" (
	"contest_id" integer NOT NULL,
	"contestant_id" integer NOT NULL,
	"total" double precision NOT NULL,
	"rank" integer NOT NULL,
	"tied" boolean DEFAULT false NOT NULL,
	"prize" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_standing_contest_id_contestant_id_pk" PRIMARY KEY("contest_id","contestant_id")
);
--> statement-breakpoint
ALTER TABLE "contest" ADD CONSTRAINT "contest_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest" ADD CONSTRAINT "contest_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_ballot" ADD CONSTRAINT "contest_ballot_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_ballot" ADD CONSTRAINT "contest_ballot_contestant_id_contest_contestant_id_fk" FOREIGN KEY ("contestant_id") REFERENCES "public"."contest_contestant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_ballot" ADD CONSTRAINT "contest_ballot_judge_user_id_user_id_fk" FOREIGN KEY ("judge_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_ballot" ADD CONSTRAINT "contest_ballot_entered_by_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_ballot" ADD CONSTRAINT "contest_ballot_confirmed_by_user_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_contestant" ADD CONSTRAINT "contest_contestant_contest_id_contest_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contest"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_contestant" ADD CONSTRAINT "contest_contestant_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_contestant" ADD CONSTRAINT "contest_contestant_tccs_unit_id_unit_id_fk" FOREIGN KEY ("tccs_unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_contestant" ADD CONSTRAINT "contest_contestant_from_contest_id_contest_id_fk" FOREIGN KEY ("from_contest_id") REFERENCES "public"."contest"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_contestant" ADD CONSTRAINT "contest_contestant_registered_by_user_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_criterion" ADD CONSTRAINT "contest_criterion_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_judge" ADD CONSTRAINT "contest_judge_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_judge" ADD CONSTRAINT "contest_judge_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_question" ADD CONSTRAINT "contest_question_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round" ADD CONSTRAINT "contest_round_contest_id_contest_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contest"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round_score" ADD CONSTRAINT "contest_round_score_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round_score" ADD CONSTRAINT "contest_round_score_contestant_id_contest_contestant_id_fk" FOREIGN KEY ("contestant_id") REFERENCES "public"."contest_contestant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_standing" ADD CONSTRAINT "contest_standing_contest_id_contest_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contest"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_standing" ADD CONSTRAINT "contest_standing_contestant_id_contest_contestant_id_fk" FOREIGN KEY ("contestant_id") REFERENCES "public"."contest_contestant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_unit_idx" ON "contest" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "contest_status_idx" ON "contest" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_ballot_unique_idx" ON "contest_ballot" USING btree ("round_id","contestant_id","judge_user_id");--> statement-breakpoint
CREATE INDEX "contest_ballot_contestant_idx" ON "contest_ballot" USING btree ("contestant_id");--> statement-breakpoint
CREATE INDEX "contest_ballot_judge_idx" ON "contest_ballot" USING btree ("judge_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_contestant_unique_idx" ON "contest_contestant" USING btree ("contest_id","person_id");--> statement-breakpoint
CREATE INDEX "contest_contestant_person_idx" ON "contest_contestant" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "contest_contestant_tccs_idx" ON "contest_contestant" USING btree ("tccs_unit_id");--> statement-breakpoint
CREATE INDEX "contest_contestant_from_idx" ON "contest_contestant" USING btree ("from_contest_id");--> statement-breakpoint
CREATE INDEX "contest_criterion_round_idx" ON "contest_criterion" USING btree ("round_id","position");--> statement-breakpoint
CREATE INDEX "contest_judge_user_idx" ON "contest_judge" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_question_code_idx" ON "contest_question" USING btree ("round_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_round_position_idx" ON "contest_round" USING btree ("contest_id","position");--> statement-breakpoint
CREATE INDEX "contest_round_score_rank_idx" ON "contest_round_score" USING btree ("round_id","rank");--> statement-breakpoint
CREATE INDEX "contest_round_score_contestant_idx" ON "contest_round_score" USING btree ("contestant_id");--> statement-breakpoint
CREATE INDEX "contest_standing_rank_idx" ON "contest_standing" USING btree ("contest_id","rank","contestant_id");--> statement-breakpoint
CREATE INDEX "contest_standing_contestant_idx" ON "contest_standing" USING btree ("contestant_id");--> statement-breakpoint
CREATE INDEX "contest_standing_prize_idx" ON "contest_standing" USING btree ("contest_id") WHERE "contest_standing"."prize" is not null;