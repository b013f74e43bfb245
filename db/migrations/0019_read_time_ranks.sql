DROP INDEX "contest_round_score_rank_idx";--> statement-breakpoint
DROP INDEX "contest_round_score_sort_idx";--> statement-breakpoint
DROP INDEX "contest_standing_rank_idx";--> statement-breakpoint
DROP INDEX "contest_standing_sort_idx";--> statement-breakpoint
DROP INDEX "contest_standing_prize_idx";--> statement-breakpoint
CREATE INDEX "contest_round_score_order_idx" ON "contest_round_score" USING btree ("round_id","sort_key" DESC NULLS FIRST,"contestant_id");--> statement-breakpoint
CREATE INDEX "contest_standing_order_idx" ON "contest_standing" USING btree ("contest_id","sort_key" DESC NULLS FIRST,"contestant_id");--> statement-breakpoint
ALTER TABLE "contest_round_score" DROP COLUMN "rank";--> statement-breakpoint
ALTER TABLE "contest_standing" DROP COLUMN "rank";--> statement-breakpoint
ALTER TABLE "contest_standing" DROP COLUMN "tied";--> statement-breakpoint
ALTER TABLE "contest_standing" DROP COLUMN "prize";