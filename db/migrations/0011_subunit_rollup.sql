CREATE TABLE "campaign_subunit_day" (
	"campaign_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"day" date NOT NULL,
	"trained" integer NOT NULL,
	CONSTRAINT "campaign_subunit_day_campaign_id_unit_id_day_pk" PRIMARY KEY("campaign_id","unit_id","day")
);
--> statement-breakpoint
CREATE TABLE "campaign_subunit_figure" (
	"campaign_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"position" text NOT NULL,
	"audience" integer NOT NULL,
	"trained_on_time" integer NOT NULL,
	"trained" integer NOT NULL,
	"online" integer NOT NULL,
	"in_person" integer NOT NULL,
	CONSTRAINT "campaign_subunit_figure_campaign_id_unit_id_position_pk" PRIMARY KEY("campaign_id","unit_id","position")
);
--> statement-breakpoint
ALTER TABLE "campaign_subunit_day" ADD CONSTRAINT "campaign_subunit_day_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_subunit_day" ADD CONSTRAINT "campaign_subunit_day_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_subunit_figure" ADD CONSTRAINT "campaign_subunit_figure_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_subunit_figure" ADD CONSTRAINT "campaign_subunit_figure_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_subunit_day_unit_idx" ON "campaign_subunit_day" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "campaign_subunit_figure_unit_idx" ON "campaign_subunit_figure" USING btree ("unit_id");