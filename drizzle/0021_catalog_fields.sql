ALTER TABLE `products` ADD `ikpu` text;--> statement-breakpoint
ALTER TABLE `products` ADD `package_code` text;--> statement-breakpoint
ALTER TABLE `products` ADD `vat_rate` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `gtin` text;--> statement-breakpoint
ALTER TABLE `products` ADD `marking` text;
