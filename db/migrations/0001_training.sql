CREATE TABLE "module_progress" (
	"user_id" text NOT NULL,
	"module_slug" text NOT NULL,
	"section_id" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "module_progress_user_id_module_slug_section_id_pk" PRIMARY KEY("user_id","module_slug","section_id")
);
--> statement-breakpoint
CREATE TABLE "module_visit" (
	"user_id" text NOT NULL,
	"module_slug" text NOT NULL,
	"visited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "module_visit_user_id_module_slug_pk" PRIMARY KEY("user_id","module_slug")
);
--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_visit" ADD CONSTRAINT "module_visit_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "module_progress_user_completed_idx" ON "module_progress" USING btree ("user_id","completed_at");--> statement-breakpoint
CREATE INDEX "module_progress_module_idx" ON "module_progress" USING btree ("module_slug");--> statement-breakpoint
CREATE INDEX "module_visit_user_visited_idx" ON "module_visit" USING btree ("user_id","visited_at");