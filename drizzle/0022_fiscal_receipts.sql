-- The cash register's answer on a receipt (src/lib/domain/fiscal/stamp.ts): terminal id, receipt
-- number, time, fiscal sign and check URL, or a non-fiscal print. Null until the till stamps it.
ALTER TABLE `sales_receipts` ADD `fiscal` text;
