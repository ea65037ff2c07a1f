CREATE TABLE `counterparty_debts` (
	`organization_id` text NOT NULL,
	`counterparty_id` text NOT NULL,
	`amount` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counterparty_debts_key` ON `counterparty_debts` (`organization_id`,`counterparty_id`);--> statement-breakpoint
CREATE INDEX `counterparty_debts_org_version` ON `counterparty_debts` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`counterparty_id` text,
	`receipt_id` text,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`author_id` text NOT NULL,
	`at` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_org_version` ON `payments` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `payments_counterparty` ON `payments` (`organization_id`,`counterparty_id`);--> statement-breakpoint
CREATE INDEX `payments_receipt` ON `payments` (`receipt_id`);--> statement-breakpoint
CREATE TABLE `promotions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`rule` text NOT NULL,
	`active` integer NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `promotions_org_version` ON `promotions` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `sales_orders` (
	`id` text PRIMARY KEY NOT NULL,
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sales_orders_org_version` ON `sales_orders` (`organization_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `sales_orders_number` ON `sales_orders` (`organization_id`,`number`);--> statement-breakpoint
CREATE TABLE `sales_receipts` (
	`id` text PRIMARY KEY NOT NULL,
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sales_receipts_org_version` ON `sales_receipts` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `sales_receipts_counterparty` ON `sales_receipts` (`organization_id`,`counterparty_id`);--> statement-breakpoint
CREATE INDEX `sales_receipts_return_of` ON `sales_receipts` (`return_of`);--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipts_number` ON `sales_receipts` (`organization_id`,`number`);--> statement-breakpoint
ALTER TABLE `price_lists` ADD `channels` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `price_lists` ADD `counterparty_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Number series are now keyed by their prefix, so sales and stock share one counter table.
UPDATE `document_counters` SET `type` = CASE `type`
	WHEN 'receipt' THEN 'RCV'
	WHEN 'transfer' THEN 'TRF'
	WHEN 'writeoff' THEN 'WOF'
	WHEN 'stocktake' THEN 'STK'
	WHEN 'return' THEN 'RET'
	ELSE `type` END;
