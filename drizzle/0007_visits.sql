CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`trade_point_id` text NOT NULL,
	`author_id` text NOT NULL,
	`check_in_at` integer NOT NULL,
	`lat` real,
	`lng` real,
	`accuracy` real,
	`location_source` text,
	`distance` integer,
	`flagged` integer NOT NULL,
	`check_out_at` integer,
	`outcome` text,
	`reason` text,
	`note` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_org_version` ON `visits` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `visits_author` ON `visits` (`organization_id`,`author_id`,`check_in_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `settings` text DEFAULT '{}' NOT NULL;