CREATE TABLE `routes` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`name` text NOT NULL,
	`weekdays` text NOT NULL,
	`date` text,
	`stops` text NOT NULL,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `routes_org_version` ON `routes` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `routes_rep` ON `routes` (`organization_id`,`rep_id`);