CREATE TABLE "contest_score_queue" (
	"round_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_score_queue_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "contest_round_score" ADD COLUMN "sort_key" double precision[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_standing" ADD COLUMN "sort_key" double precision[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_score_queue" ADD CONSTRAINT "contest_score_queue_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_round_score_sort_idx" ON "contest_round_score" USING btree ("round_id","sort_key");--> statement-breakpoint
CREATE INDEX "contest_standing_sort_idx" ON "contest_standing" USING btree ("contest_id","sort_key");