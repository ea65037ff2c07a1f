CREATE TABLE `day_closes` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`branch_id` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`cash_expected` integer NOT NULL,
	`cash_counted` integer NOT NULL,
	`cash_reason` text,
	`comment` text,
	`submitted_at` integer NOT NULL,
	`to_warehouse_id` text,
	`transfer_id` text,
	`adjustment_id` text,
	`confirmed_by` text,
	`confirmed_at` integer,
	`confirm_comment` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `day_closes_org_version` ON `day_closes` (`organization_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `day_closes_van_date` ON `day_closes` (`organization_id`,`warehouse_id`,`date`);--> statement-breakpoint
CREATE INDEX `payments_author` ON `payments` (`organization_id`,`author_id`);
