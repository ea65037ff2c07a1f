CREATE TABLE `targets` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`month` text NOT NULL,
	`sales_amount` integer,
	`visits` integer,
	`strike_rate` real,
	`must_sell_coverage` real,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `targets_org_version` ON `targets` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `targets_rep_month` ON `targets` (`organization_id`,`rep_id`,`month`);
