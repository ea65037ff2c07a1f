ALTER TABLE `products` ADD `attributes` text DEFAULT '{}' NOT NULL;
