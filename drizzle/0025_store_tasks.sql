CREATE TABLE `task_templates` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`questions` text NOT NULL,
	`product_ids` text NOT NULL,
	`channels` text NOT NULL,
	`trade_point_ids` text NOT NULL,
	`route_ids` text NOT NULL,
	`period` text NOT NULL,
	`weight` integer NOT NULL,
	`required` integer NOT NULL,
	`archived` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `task_templates_org_version` ON `task_templates` (`organization_id`,`version`);--> statement-breakpoint
CREATE TABLE `visit_tasks` (
	`organization_id` text NOT NULL,
	`id` text NOT NULL,
	`branch_id` text NOT NULL,
	`visit_id` text NOT NULL,
	`template_id` text NOT NULL,
	`trade_point_id` text NOT NULL,
	`author_id` text NOT NULL,
	`answers` text NOT NULL,
	`products` text NOT NULL,
	`photo_ids` text NOT NULL,
	`score` integer NOT NULL,
	`weight` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY (`organization_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `visit_tasks_org_version` ON `visit_tasks` (`organization_id`,`version`);--> statement-breakpoint
CREATE INDEX `visit_tasks_org_visit` ON `visit_tasks` (`organization_id`,`visit_id`);--> statement-breakpoint
CREATE INDEX `visit_tasks_org_point` ON `visit_tasks` (`organization_id`,`trade_point_id`,`submitted_at`);
