CREATE TABLE `document_counters` (
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`type` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_counters_key` ON `document_counters` (`branch_id`,`type`,`year`);--> statement-breakpoint
CREATE TABLE `stock_balances` (
	`organization_id` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`product_id` text NOT NULL,
	`milli` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_balances_pair` ON `stock_balances` (`warehouse_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `stock_balances_org_version` ON `stock_balances` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `stock_documents` (
	`id` text PRIMARY KEY NOT NULL,
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_documents_org_version` ON `stock_documents` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `stock_documents_warehouse` ON `stock_documents` (`warehouse_id`);--> statement-breakpoint
CREATE INDEX `stock_documents_to_warehouse` ON `stock_documents` (`to_warehouse_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stock_documents_number` ON `stock_documents` (`organization_id`,`number`);--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`product_id` text NOT NULL,
	`milli` integer NOT NULL,
	`document_id` text NOT NULL,
	`line` integer NOT NULL,
	`reversal` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_movements_balance` ON `stock_movements` (`warehouse_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `stock_movements_product` ON `stock_movements` (`organization_id`,`product_id`,`at`);--> statement-breakpoint
CREATE INDEX `stock_movements_document` ON `stock_movements` (`document_id`);--> statement-breakpoint
CREATE TABLE `stock_shortages` (
	`id` text PRIMARY KEY NOT NULL,
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_shortages_org_version` ON `stock_shortages` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `stock_shortages_open` ON `stock_shortages` (`warehouse_id`,`product_id`,`status`);--> statement-breakpoint
-- The ledger is append-only: a posted movement is undone only by a reversing one.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN
	SELECT RAISE(ABORT, 'stock movements are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN
	SELECT RAISE(ABORT, 'stock movements are append-only');
END;
