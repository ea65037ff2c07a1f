-- The cash handed back on a sale, so a receipt printed again shows what was received and the change.
ALTER TABLE `sales_receipts` ADD `change` integer DEFAULT 0 NOT NULL;
