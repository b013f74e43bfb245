CREATE TABLE "meeting_cell_at_risk" (
	"cell_id" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"regime_ok" integer NOT NULL,
	"held" integer NOT NULL,
	"unexcused" integer NOT NULL,
	"sort_key" text NOT NULL,
	CONSTRAINT "meeting_cell_at_risk_cell_id_period_kind_period_start_pk" PRIMARY KEY("cell_id","period_kind","period_start")
);
--> statement-breakpoint
ALTER TABLE "meeting_cell_period" ADD COLUMN "at_risk" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_subunit_period" ADD COLUMN "at_risk" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_cell_at_risk" ADD CONSTRAINT "meeting_cell_at_risk_cell_id_unit_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."unit"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_cell_at_risk_order_idx" ON "meeting_cell_at_risk" USING btree ("period_kind","period_start","regime_ok","held","unexcused" DESC NULLS LAST,"sort_key" collate "C","cell_id");