CREATE TABLE "unit_cell_count" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"open_cells" integer NOT NULL,
	"all_cells" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "unit_closed_cell_path_idx" ON "unit" USING btree ("path" text_pattern_ops) WHERE closed_at is not null and kind in ('chi_bo', 'chi_bo_co_so');