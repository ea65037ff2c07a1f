CREATE TABLE `client_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	`message` text NOT NULL,
	`stack` text,
	`url` text,
	`app_version` text,
	`user_agent` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `client_errors_org_received` ON `client_errors` (`organization_id`,`received_at`);