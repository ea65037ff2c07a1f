CREATE TABLE `assortments` (
	`id` text NOT NULL,
	`organization_id` text NOT NULL,
	`scope` text NOT NULL,
	`channel` text,
	`trade_point_id` text,
	`target` text NOT NULL,
	`lines` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assortments_org_target` ON `assortments` (`organization_id`,`target`);--> statement-breakpoint
CREATE INDEX `assortments_org_version` ON `assortments` (`organization_id`,`version`);
