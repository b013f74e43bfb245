CREATE TABLE "quiz_answer" (
	"attempt_id" integer NOT NULL,
	"question_id" text NOT NULL,
	"selected" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_answer_attempt_id_question_id_pk" PRIMARY KEY("attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempt" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"quiz_key" text NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"questions" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone,
	"grace_seconds" integer DEFAULT 0 NOT NULL,
	"pass_percent" integer NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" integer,
	"max_score" integer NOT NULL,
	"percent" double precision,
	"passed" boolean,
	"results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_override" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"quiz_key" text NOT NULL,
	"extra_seconds" integer DEFAULT 0 NOT NULL,
	"extra_attempts" integer DEFAULT 0 NOT NULL,
	"reason" text NOT NULL,
	"granted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quiz_answer" ADD CONSTRAINT "quiz_answer_attempt_id_quiz_attempt_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."quiz_attempt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempt" ADD CONSTRAINT "quiz_attempt_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_override" ADD CONSTRAINT "quiz_override_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_override" ADD CONSTRAINT "quiz_override_granted_by_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quiz_attempt_user_quiz_idx" ON "quiz_attempt" USING btree ("user_id","quiz_key");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempt_open_idx" ON "quiz_attempt" USING btree ("user_id","quiz_key") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "quiz_attempt_quiz_status_idx" ON "quiz_attempt" USING btree ("quiz_key","status");--> statement-breakpoint
CREATE INDEX "quiz_attempt_open_deadline_idx" ON "quiz_attempt" USING btree ("deadline") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "quiz_override_user_quiz_idx" ON "quiz_override" USING btree ("user_id","quiz_key");--> statement-breakpoint
CREATE INDEX "quiz_override_granted_by_idx" ON "quiz_override" USING btree ("granted_by");