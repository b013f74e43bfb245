CREATE TABLE "contest_nomination" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"nominated_by" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contest_nomination" ADD CONSTRAINT "contest_nomination_contest_id_contest_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contest"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_nomination" ADD CONSTRAINT "contest_nomination_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_nomination" ADD CONSTRAINT "contest_nomination_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_nomination" ADD CONSTRAINT "contest_nomination_nominated_by_user_id_fk" FOREIGN KEY ("nominated_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_nomination" ADD CONSTRAINT "contest_nomination_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_nomination_unique_idx" ON "contest_nomination" USING btree ("contest_id","person_id");--> statement-breakpoint
CREATE INDEX "contest_nomination_status_idx" ON "contest_nomination" USING btree ("contest_id","status");--> statement-breakpoint
CREATE INDEX "contest_nomination_unit_idx" ON "contest_nomination" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "contest_nomination_person_idx" ON "contest_nomination" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "contest_nomination_nominated_by_idx" ON "contest_nomination" USING btree ("nominated_by");--> statement-breakpoint
CREATE INDEX "contest_nomination_decided_by_idx" ON "contest_nomination" USING btree ("decided_by");