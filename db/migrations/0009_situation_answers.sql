CREATE TABLE "contest_situation" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_situation_draw" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"contestant_id" integer NOT NULL,
	"situation_id" integer NOT NULL,
	"drawn_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"answer" text DEFAULT '' NOT NULL,
	"saved_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"assigned_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contest_round" ADD COLUMN "answer_mode" text DEFAULT 'trinh_bay' NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_situation" ADD CONSTRAINT "contest_situation_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_situation_draw" ADD CONSTRAINT "contest_situation_draw_round_id_contest_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_situation_draw" ADD CONSTRAINT "contest_situation_draw_contestant_id_contest_contestant_id_fk" FOREIGN KEY ("contestant_id") REFERENCES "public"."contest_contestant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_situation_draw" ADD CONSTRAINT "contest_situation_draw_situation_id_contest_situation_id_fk" FOREIGN KEY ("situation_id") REFERENCES "public"."contest_situation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_situation_draw" ADD CONSTRAINT "contest_situation_draw_assigned_by_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_situation_code_idx" ON "contest_situation" USING btree ("round_id","code");--> statement-breakpoint
CREATE INDEX "contest_situation_round_idx" ON "contest_situation" USING btree ("round_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_situation_draw_unique_idx" ON "contest_situation_draw" USING btree ("round_id","contestant_id");--> statement-breakpoint
CREATE INDEX "contest_situation_draw_contestant_idx" ON "contest_situation_draw" USING btree ("contestant_id");--> statement-breakpoint
CREATE INDEX "contest_situation_draw_situation_idx" ON "contest_situation_draw" USING btree ("situation_id");--> statement-breakpoint
CREATE INDEX "contest_situation_draw_assigned_by_idx" ON "contest_situation_draw" USING btree ("assigned_by");