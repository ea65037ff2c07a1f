-- A product's prices within its organization. Without it, SQLite (no ANALYZE statistics) reads
-- `organization_id = ? AND product_id IN (…)` through prices_org_version: every price of the
-- organization per planner read, which made a 20,000-good 1C import quadratic.
CREATE INDEX `prices_org_product` ON `prices` (`organization_id`,`product_id`);--> statement-breakpoint
-- The records of a 1C file as the import read them (goods, offers, order documents), one row
-- each in file order: the import applies them a part at a time, resuming at a saved seq, and
-- never holds a whole file's records in memory. A scratch table, dropped with the exchange's
-- files: keyed by where a record sits (no rowid, no other index) because every record is
-- written, read and deleted once, and each index would be paid three times per record.
CREATE TABLE `onec_records` (
	`organization_id` text NOT NULL,
	`exchange_id` text NOT NULL,
	`file` text NOT NULL,
	`seq` integer NOT NULL,
	`key` text NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY (`organization_id`, `exchange_id`, `file`, `seq`)
) WITHOUT ROWID;
