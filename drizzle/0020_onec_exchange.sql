CREATE TABLE `onec_settings` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `onec_exchanges` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`token_id` text,
	`cookie_hash` text,
	`status` text NOT NULL,
	`files` text NOT NULL,
	`counts` text NOT NULL,
	`problems` text NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `onec_exchanges_cookie` ON `onec_exchanges` (`cookie_hash`);--> statement-breakpoint
CREATE INDEX `onec_exchanges_org_started` ON `onec_exchanges` (`organization_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `onec_file_parts` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`exchange_id` text NOT NULL,
	`name` text NOT NULL,
	`seq` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `onec_file_parts_file` ON `onec_file_parts` (`organization_id`,`exchange_id`,`name`,`seq`);--> statement-breakpoint
CREATE TABLE `onec_links` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`kind` text NOT NULL,
	`onec_id` text NOT NULL,
	`optio_id` text NOT NULL,
	`data` text,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `onec_links_optio` ON `onec_links` (`organization_id`,`kind`,`optio_id`);--> statement-breakpoint
CREATE TABLE `onec_images` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`product_id` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `onec_images_product` ON `onec_images` (`organization_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `onec_orders` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`sent_exchange_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`taken_at` integer,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `onec_orders_sent` ON `onec_orders` (`organization_id`,`sent_exchange_id`);
