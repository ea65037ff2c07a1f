CREATE TABLE `photos` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`sha256` text NOT NULL,
	`thumb_size` integer,
	`thumb_content_type` text,
	`thumb_sha256` text,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `photos_org_created` ON `photos` (`organization_id`,`created_at`);
