CREATE TABLE `marks` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`product_id` text NOT NULL,
	`gtin` text NOT NULL,
	`status` text NOT NULL,
	`warehouse_id` text,
	`document_id` text,
	`expiry` text,
	`parent_id` text,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `marks_org_version` ON `marks` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `marks_warehouse` ON `marks` (`organization_id`,`warehouse_id`);--> statement-breakpoint
CREATE INDEX `marks_parent` ON `marks` (`organization_id`,`parent_id`);
