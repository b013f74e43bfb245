CREATE TABLE "person" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_code" text NOT NULL,
	"family_name" text NOT NULL,
	"middle_name" text DEFAULT '' NOT NULL,
	"given_name" text NOT NULL,
	"sort_key" text NOT NULL,
	"gender" text,
	"birth_year" integer,
	"phone" text,
	"email" text,
	"unit_id" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_membership" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_position" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"position" text NOT NULL,
	"unit_id" integer NOT NULL,
	"started_on" date,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"depth" integer NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "role_grant" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" integer NOT NULL,
	"granted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"person_id" integer,
	"display_name" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_completion" (
	"user_id" text NOT NULL,
	"module_slug" text NOT NULL,
	"read_at" timestamp with time zone,
	"check_passed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "module_completion_user_id_module_slug_pk" PRIMARY KEY("user_id","module_slug")
);
--> statement-breakpoint
CREATE TABLE "training_completion" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"track" text NOT NULL,
	"method" text NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"evidence" text
);
--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_membership" ADD CONSTRAINT "person_membership_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_membership" ADD CONSTRAINT "person_membership_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_position" ADD CONSTRAINT "person_position_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_position" ADD CONSTRAINT "person_position_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_id_unit_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_granted_by_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user" ADD CONSTRAINT "user_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_completion" ADD CONSTRAINT "module_completion_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completion" ADD CONSTRAINT "training_completion_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "person_member_code_idx" ON "person" USING btree ("member_code");--> statement-breakpoint
CREATE UNIQUE INDEX "person_phone_idx" ON "person" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "person_unit_idx" ON "person" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "person_sort_idx" ON "person" USING btree ("sort_key" collate "C");--> statement-breakpoint
CREATE INDEX "person_membership_person_idx" ON "person_membership" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_membership_unit_idx" ON "person_membership" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "person_position_person_idx" ON "person_position" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_position_unit_idx" ON "person_position" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "person_position_position_idx" ON "person_position" USING btree ("position");--> statement-breakpoint
CREATE INDEX "unit_parent_idx" ON "unit" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_path_idx" ON "unit" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "role_grant_unique_idx" ON "role_grant" USING btree ("user_id","role","unit_id");--> statement-breakpoint
CREATE INDEX "role_grant_unit_idx" ON "role_grant" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_username_idx" ON "user" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "user_person_idx" ON "user" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "module_completion_module_idx" ON "module_completion" USING btree ("module_slug");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completion_unique_idx" ON "training_completion" USING btree ("person_id","track","method");--> statement-breakpoint
CREATE INDEX "training_completion_completed_idx" ON "training_completion" USING btree ("completed_at");