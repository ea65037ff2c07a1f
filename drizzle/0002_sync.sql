CREATE TABLE `applied_mutations` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`args_hash` text NOT NULL,
	`result` text,
	`user_id` text NOT NULL,
	`client_id` text NOT NULL,
	`device_created_at` integer NOT NULL,
	`applied_at` integer NOT NULL,
	`version` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applied_mutations_org_id` ON `applied_mutations` (`organization_id`,`id`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `categories_org_version` ON `categories` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `counterparties` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`tax_id` text,
	`phone` text,
	`email` text,
	`address` text,
	`contact_name` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `counterparties_org_version` ON `counterparties` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `price_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`is_default` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `price_lists_org_version` ON `price_lists` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `prices` (
	`organization_id` text NOT NULL,
	`price_list_id` text NOT NULL,
	`product_id` text NOT NULL,
	`price` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_list_product` ON `prices` (`price_list_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `prices_org_version` ON `prices` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`barcodes` text NOT NULL,
	`category_id` text,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `products_org_version` ON `products` (`organization_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_org_sku` ON `products` (`organization_id`,`sku`);--> statement-breakpoint
CREATE TABLE `sync_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`client_id` text NOT NULL,
	`mutation_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`at` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_failures_org_received` ON `sync_failures` (`organization_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `sync_versions` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tombstones` (
	`organization_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`branch_id` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tombstones_org_version` ON `tombstones` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `trade_points` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`counterparty_id` text,
	`channel` text,
	`lat` real,
	`lng` real,
	`location_source` text,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `trade_points_org_version` ON `trade_points` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `trade_points_branch` ON `trade_points` (`organization_id`,`branch_id`);