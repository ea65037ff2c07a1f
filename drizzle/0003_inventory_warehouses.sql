CREATE TABLE `warehouses` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`owner_id` text,
	`trade_point_id` text,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `warehouses_org_version` ON `warehouses` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `warehouses_branch` ON `warehouses` (`organization_id`,`branch_id`);