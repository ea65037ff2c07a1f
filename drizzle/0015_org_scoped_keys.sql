-- Keys scoped by organization (issue 12, item 9). Devices choose the ids of what they create, so
-- an id is only an organization's own: the same id in two organizations is two records. Every
-- table whose id a client chooses gets the primary key (organization_id, id), rebuilt the way
-- SQLite changes a primary key (new table, copy, drop, rename, indexes again; no foreign keys
-- name these tables and no triggers are on them), and the unique keys made of such ids take
-- the organization too. Columns, defaults and indexes are otherwise as they were.
CREATE TABLE `__new_categories` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_categories` (`id`, `organization_id`, `name`, `parent_id`, `version`, `updated_at`) SELECT `id`, `organization_id`, `name`, `parent_id`, `version`, `updated_at` FROM `categories`;
--> statement-breakpoint
DROP TABLE `categories`;
--> statement-breakpoint
ALTER TABLE `__new_categories` RENAME TO `categories`;
--> statement-breakpoint
CREATE INDEX `categories_org_version` ON `categories` (`organization_id`,`version`);
--> statement-breakpoint
CREATE TABLE `__new_products` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`barcodes` text NOT NULL,
	`category_id` text,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_products` (`id`, `organization_id`, `sku`, `name`, `unit`, `barcodes`, `category_id`, `active`, `version`, `updated_at`) SELECT `id`, `organization_id`, `sku`, `name`, `unit`, `barcodes`, `category_id`, `active`, `version`, `updated_at` FROM `products`;
--> statement-breakpoint
DROP TABLE `products`;
--> statement-breakpoint
ALTER TABLE `__new_products` RENAME TO `products`;
--> statement-breakpoint
CREATE INDEX `products_org_version` ON `products` (`organization_id`,`version`);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_org_sku` ON `products` (`organization_id`,`sku`);
--> statement-breakpoint
CREATE TABLE `__new_price_lists` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`is_default` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`channels` text DEFAULT '[]' NOT NULL,
	`counterparty_ids` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_price_lists` (`id`, `organization_id`, `name`, `is_default`, `version`, `updated_at`, `channels`, `counterparty_ids`) SELECT `id`, `organization_id`, `name`, `is_default`, `version`, `updated_at`, `channels`, `counterparty_ids` FROM `price_lists`;
--> statement-breakpoint
DROP TABLE `price_lists`;
--> statement-breakpoint
ALTER TABLE `__new_price_lists` RENAME TO `price_lists`;
--> statement-breakpoint
CREATE INDEX `price_lists_org_version` ON `price_lists` (`organization_id`,`version`);
--> statement-breakpoint
CREATE TABLE `__new_counterparties` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`tax_id` text,
	`phone` text,
	`email` text,
	`address` text,
	`contact_name` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_counterparties` (`id`, `organization_id`, `name`, `kind`, `tax_id`, `phone`, `email`, `address`, `contact_name`, `version`, `updated_at`) SELECT `id`, `organization_id`, `name`, `kind`, `tax_id`, `phone`, `email`, `address`, `contact_name`, `version`, `updated_at` FROM `counterparties`;
--> statement-breakpoint
DROP TABLE `counterparties`;
--> statement-breakpoint
ALTER TABLE `__new_counterparties` RENAME TO `counterparties`;
--> statement-breakpoint
CREATE INDEX `counterparties_org_version` ON `counterparties` (`organization_id`,`version`);
--> statement-breakpoint
CREATE TABLE `__new_trade_points` (
	`id` text NOT NULL,
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
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_trade_points` (`id`, `organization_id`, `branch_id`, `name`, `address`, `counterparty_id`, `channel`, `lat`, `lng`, `location_source`, `archived`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `name`, `address`, `counterparty_id`, `channel`, `lat`, `lng`, `location_source`, `archived`, `version`, `updated_at` FROM `trade_points`;
--> statement-breakpoint
DROP TABLE `trade_points`;
--> statement-breakpoint
ALTER TABLE `__new_trade_points` RENAME TO `trade_points`;
--> statement-breakpoint
CREATE INDEX `trade_points_org_version` ON `trade_points` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `trade_points_branch` ON `trade_points` (`organization_id`,`branch_id`);
--> statement-breakpoint
CREATE TABLE `__new_warehouses` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`owner_id` text,
	`trade_point_id` text,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_warehouses` (`id`, `organization_id`, `branch_id`, `name`, `kind`, `owner_id`, `trade_point_id`, `archived`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `name`, `kind`, `owner_id`, `trade_point_id`, `archived`, `version`, `updated_at` FROM `warehouses`;
--> statement-breakpoint
DROP TABLE `warehouses`;
--> statement-breakpoint
ALTER TABLE `__new_warehouses` RENAME TO `warehouses`;
--> statement-breakpoint
CREATE INDEX `warehouses_org_version` ON `warehouses` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `warehouses_branch` ON `warehouses` (`organization_id`,`branch_id`);
--> statement-breakpoint
CREATE TABLE `__new_stock_documents` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`number` text,
	`warehouse_id` text NOT NULL,
	`to_warehouse_id` text,
	`counterparty_id` text,
	`reason` text,
	`comment` text,
	`lines` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`posted_at` integer,
	`posted_by` text,
	`cancelled_at` integer,
	`cancelled_by` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_stock_documents` (`id`, `organization_id`, `branch_id`, `type`, `status`, `number`, `warehouse_id`, `to_warehouse_id`, `counterparty_id`, `reason`, `comment`, `lines`, `author_id`, `created_at`, `posted_at`, `posted_by`, `cancelled_at`, `cancelled_by`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `type`, `status`, `number`, `warehouse_id`, `to_warehouse_id`, `counterparty_id`, `reason`, `comment`, `lines`, `author_id`, `created_at`, `posted_at`, `posted_by`, `cancelled_at`, `cancelled_by`, `version`, `updated_at` FROM `stock_documents`;
--> statement-breakpoint
DROP TABLE `stock_documents`;
--> statement-breakpoint
ALTER TABLE `__new_stock_documents` RENAME TO `stock_documents`;
--> statement-breakpoint
CREATE INDEX `stock_documents_org_version` ON `stock_documents` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `stock_documents_warehouse` ON `stock_documents` (`warehouse_id`);
--> statement-breakpoint
CREATE INDEX `stock_documents_to_warehouse` ON `stock_documents` (`to_warehouse_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_documents_number` ON `stock_documents` (`organization_id`,`number`);
--> statement-breakpoint
CREATE TABLE `__new_stock_shortages` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`product_id` text NOT NULL,
	`document_id` text NOT NULL,
	`short_milli` integer NOT NULL,
	`status` text NOT NULL,
	`resolution` text,
	`resolved_by` text,
	`resolved_at` integer,
	`note` text,
	`created_at` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_stock_shortages` (`id`, `organization_id`, `branch_id`, `warehouse_id`, `product_id`, `document_id`, `short_milli`, `status`, `resolution`, `resolved_by`, `resolved_at`, `note`, `created_at`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `warehouse_id`, `product_id`, `document_id`, `short_milli`, `status`, `resolution`, `resolved_by`, `resolved_at`, `note`, `created_at`, `version`, `updated_at` FROM `stock_shortages`;
--> statement-breakpoint
DROP TABLE `stock_shortages`;
--> statement-breakpoint
ALTER TABLE `__new_stock_shortages` RENAME TO `stock_shortages`;
--> statement-breakpoint
CREATE INDEX `stock_shortages_org_version` ON `stock_shortages` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `stock_shortages_open` ON `stock_shortages` (`warehouse_id`,`product_id`,`status`);
--> statement-breakpoint
CREATE TABLE `__new_promotions` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`rule` text NOT NULL,
	`active` integer NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_promotions` (`id`, `organization_id`, `name`, `rule`, `active`, `starts_at`, `ends_at`, `version`, `updated_at`) SELECT `id`, `organization_id`, `name`, `rule`, `active`, `starts_at`, `ends_at`, `version`, `updated_at` FROM `promotions`;
--> statement-breakpoint
DROP TABLE `promotions`;
--> statement-breakpoint
ALTER TABLE `__new_promotions` RENAME TO `promotions`;
--> statement-breakpoint
CREATE INDEX `promotions_org_version` ON `promotions` (`organization_id`,`version`);
--> statement-breakpoint
CREATE TABLE `__new_sales_receipts` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`kind` text NOT NULL,
	`return_of` text,
	`number` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`trade_point_id` text,
	`counterparty_id` text,
	`author_id` text NOT NULL,
	`price_list_id` text,
	`lines` text NOT NULL,
	`order_discount` integer NOT NULL,
	`subtotal` integer NOT NULL,
	`discount` integer NOT NULL,
	`total` integer NOT NULL,
	`paid` integer NOT NULL,
	`applied` text NOT NULL,
	`device_total` integer,
	`sold_at` integer NOT NULL,
	`posted_at` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_sales_receipts` (`id`, `organization_id`, `branch_id`, `kind`, `return_of`, `number`, `warehouse_id`, `trade_point_id`, `counterparty_id`, `author_id`, `price_list_id`, `lines`, `order_discount`, `subtotal`, `discount`, `total`, `paid`, `applied`, `device_total`, `sold_at`, `posted_at`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `kind`, `return_of`, `number`, `warehouse_id`, `trade_point_id`, `counterparty_id`, `author_id`, `price_list_id`, `lines`, `order_discount`, `subtotal`, `discount`, `total`, `paid`, `applied`, `device_total`, `sold_at`, `posted_at`, `version`, `updated_at` FROM `sales_receipts`;
--> statement-breakpoint
DROP TABLE `sales_receipts`;
--> statement-breakpoint
ALTER TABLE `__new_sales_receipts` RENAME TO `sales_receipts`;
--> statement-breakpoint
CREATE INDEX `sales_receipts_org_version` ON `sales_receipts` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `sales_receipts_counterparty` ON `sales_receipts` (`organization_id`,`counterparty_id`);
--> statement-breakpoint
CREATE INDEX `sales_receipts_return_of` ON `sales_receipts` (`return_of`);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipts_number` ON `sales_receipts` (`organization_id`,`number`);
--> statement-breakpoint
CREATE TABLE `__new_payments` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`counterparty_id` text,
	`receipt_id` text,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`author_id` text NOT NULL,
	`at` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_payments` (`id`, `organization_id`, `branch_id`, `counterparty_id`, `receipt_id`, `method`, `amount`, `author_id`, `at`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `counterparty_id`, `receipt_id`, `method`, `amount`, `author_id`, `at`, `version`, `updated_at` FROM `payments`;
--> statement-breakpoint
DROP TABLE `payments`;
--> statement-breakpoint
ALTER TABLE `__new_payments` RENAME TO `payments`;
--> statement-breakpoint
CREATE INDEX `payments_org_version` ON `payments` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `payments_counterparty` ON `payments` (`organization_id`,`counterparty_id`);
--> statement-breakpoint
CREATE INDEX `payments_receipt` ON `payments` (`receipt_id`);
--> statement-breakpoint
CREATE TABLE `__new_sales_orders` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`trade_point_id` text NOT NULL,
	`counterparty_id` text,
	`author_id` text NOT NULL,
	`warehouse_id` text,
	`price_list_id` text,
	`lines` text NOT NULL,
	`order_discount` integer NOT NULL,
	`subtotal` integer NOT NULL,
	`discount` integer NOT NULL,
	`total` integer NOT NULL,
	`applied` text NOT NULL,
	`comment` text,
	`ordered_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`shipped_at` integer,
	`delivered_at` integer,
	`cancelled_at` integer,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_sales_orders` (`id`, `organization_id`, `branch_id`, `number`, `status`, `trade_point_id`, `counterparty_id`, `author_id`, `warehouse_id`, `price_list_id`, `lines`, `order_discount`, `subtotal`, `discount`, `total`, `applied`, `comment`, `ordered_at`, `created_at`, `shipped_at`, `delivered_at`, `cancelled_at`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `number`, `status`, `trade_point_id`, `counterparty_id`, `author_id`, `warehouse_id`, `price_list_id`, `lines`, `order_discount`, `subtotal`, `discount`, `total`, `applied`, `comment`, `ordered_at`, `created_at`, `shipped_at`, `delivered_at`, `cancelled_at`, `version`, `updated_at` FROM `sales_orders`;
--> statement-breakpoint
DROP TABLE `sales_orders`;
--> statement-breakpoint
ALTER TABLE `__new_sales_orders` RENAME TO `sales_orders`;
--> statement-breakpoint
CREATE INDEX `sales_orders_org_version` ON `sales_orders` (`organization_id`,`version`);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_orders_number` ON `sales_orders` (`organization_id`,`number`);
--> statement-breakpoint
CREATE TABLE `__new_visits` (
	`id` text NOT NULL,
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
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_visits` (`id`, `organization_id`, `branch_id`, `trade_point_id`, `author_id`, `check_in_at`, `lat`, `lng`, `accuracy`, `location_source`, `distance`, `flagged`, `check_out_at`, `outcome`, `reason`, `note`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `trade_point_id`, `author_id`, `check_in_at`, `lat`, `lng`, `accuracy`, `location_source`, `distance`, `flagged`, `check_out_at`, `outcome`, `reason`, `note`, `version`, `updated_at` FROM `visits`;
--> statement-breakpoint
DROP TABLE `visits`;
--> statement-breakpoint
ALTER TABLE `__new_visits` RENAME TO `visits`;
--> statement-breakpoint
CREATE INDEX `visits_org_version` ON `visits` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `visits_author` ON `visits` (`organization_id`,`author_id`,`check_in_at`);
--> statement-breakpoint
CREATE TABLE `__new_routes` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`name` text NOT NULL,
	`weekdays` text NOT NULL,
	`date` text,
	`stops` text NOT NULL,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_routes` (`id`, `organization_id`, `branch_id`, `rep_id`, `name`, `weekdays`, `date`, `stops`, `archived`, `version`, `updated_at`) SELECT `id`, `organization_id`, `branch_id`, `rep_id`, `name`, `weekdays`, `date`, `stops`, `archived`, `version`, `updated_at` FROM `routes`;
--> statement-breakpoint
DROP TABLE `routes`;
--> statement-breakpoint
ALTER TABLE `__new_routes` RENAME TO `routes`;
--> statement-breakpoint
CREATE INDEX `routes_org_version` ON `routes` (`organization_id`,`version`);
--> statement-breakpoint
CREATE INDEX `routes_rep` ON `routes` (`organization_id`,`rep_id`);
--> statement-breakpoint
DROP INDEX `prices_list_product`;
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_list_product` ON `prices` (`organization_id`,`price_list_id`,`product_id`);
--> statement-breakpoint
DROP INDEX `stock_balances_pair`;
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_balances_pair` ON `stock_balances` (`organization_id`,`warehouse_id`,`product_id`);
--> statement-breakpoint
DROP INDEX `document_counters_key`;
--> statement-breakpoint
CREATE UNIQUE INDEX `document_counters_key` ON `document_counters` (`organization_id`,`branch_id`,`type`,`year`);
