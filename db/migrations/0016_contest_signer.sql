ALTER TABLE "contest" ADD COLUMN "signer_capacity" text DEFAULT 'T/M BAN TỔ CHỨC HỘI THI' NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "signer_title" text DEFAULT 'TRƯỞNG BAN' NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "signer_name" text DEFAULT '' NOT NULL;