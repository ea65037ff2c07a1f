-- The cash register's answer on a receipt (src/lib/domain/fiscal/stamp.ts): terminal id, receipt
-- number, time, fiscal sign and check URL, or a non-fiscal print. Null until the till stamps it.
ALTER TABLE `sales_receipts` ADD `fiscal` text;
--> statement-breakpoint
-- Electronic invoices (ESF) prepared from sales and orders, in the operator's JSON, with their
-- state as the operator reports it (src/lib/domain/einvoice/didox.ts).
CREATE TABLE `einvoices` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`number` text NOT NULL,
	`state` text NOT NULL,
	`document` text NOT NULL,
	`operator_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `einvoices_source` ON `einvoices` (`organization_id`,`source_kind`,`source_id`);
--> statement-breakpoint
CREATE TABLE `einvoice_settings` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`seller` text NOT NULL,
	`partner_token` text,
	`user_key` text,
	`updated_at` integer NOT NULL
);
