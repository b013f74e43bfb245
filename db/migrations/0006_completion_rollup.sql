CREATE TABLE "campaign_cell_day" (
	"campaign_id" integer NOT NULL,
	"cell_id" integer NOT NULL,
	"day" date NOT NULL,
	"trained" integer NOT NULL,
	CONSTRAINT "campaign_cell_day_campaign_id_cell_id_day_pk" PRIMARY KEY("campaign_id","cell_id","day")
);
--> statement-breakpoint
CREATE TABLE "campaign_cell_figure" (
	"campaign_id" integer NOT NULL,
	"cell_id" integer NOT NULL,
	"position" text NOT NULL,
	"audience" integer NOT NULL,
	"trained_on_time" integer NOT NULL,
	"trained" integer NOT NULL,
	"online" integer NOT NULL,
	"in_person" integer NOT NULL,
	CONSTRAINT "campaign_cell_figure_campaign_id_position_cell_id_pk" PRIMARY KEY("campaign_id","position","cell_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_figure_state" (
	"campaign_id" integer PRIMARY KEY NOT NULL,
	"built_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_untrained" (
	"campaign_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"cell_id" integer NOT NULL,
	"sort_key" text NOT NULL,
	CONSTRAINT "campaign_untrained_campaign_id_person_id_pk" PRIMARY KEY("campaign_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_cell_day" ADD CONSTRAINT "campaign_cell_day_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_cell_day" ADD CONSTRAINT "campaign_cell_day_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_cell_figure" ADD CONSTRAINT "campaign_cell_figure_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_cell_figure" ADD CONSTRAINT "campaign_cell_figure_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_figure_state" ADD CONSTRAINT "campaign_figure_state_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_untrained" ADD CONSTRAINT "campaign_untrained_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_untrained" ADD CONSTRAINT "campaign_untrained_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_untrained" ADD CONSTRAINT "campaign_untrained_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_cell_day_cell_idx" ON "campaign_cell_day" USING btree ("cell_id");--> statement-breakpoint
CREATE INDEX "campaign_cell_figure_cell_idx" ON "campaign_cell_figure" USING btree ("cell_id");--> statement-breakpoint
CREATE INDEX "campaign_untrained_order_idx" ON "campaign_untrained" USING btree ("campaign_id","sort_key" collate "C","person_id");--> statement-breakpoint
CREATE INDEX "campaign_untrained_person_idx" ON "campaign_untrained" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "campaign_untrained_cell_idx" ON "campaign_untrained" USING btree ("cell_id");