ALTER TABLE `products` ADD `photo_id` text;--> statement-breakpoint
ALTER TABLE `products` ADD `pack_size` real;
