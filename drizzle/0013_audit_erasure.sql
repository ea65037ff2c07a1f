-- Erasing an employee's personal data must reach the audit log too, which otherwise refuses any
-- change. An erasure writes a marker row in its own transaction; only then may an event's
-- personal fields (actor name, before, after, address, user agent) change, never what happened,
-- when, or to what.
CREATE TABLE `erasure_marker` (`id` text PRIMARY KEY NOT NULL);
--> statement-breakpoint
DROP TRIGGER audit_events_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM erasure_marker)
	OR NEW.id IS NOT OLD.id
	OR NEW.organization_id IS NOT OLD.organization_id
	OR NEW.actor_id IS NOT OLD.actor_id
	OR NEW.action IS NOT OLD.action
	OR NEW.entity IS NOT OLD.entity
	OR NEW.entity_id IS NOT OLD.entity_id
	OR NEW.request_id IS NOT OLD.request_id
	OR NEW.at IS NOT OLD.at
BEGIN
	SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
-- Purging an organization after its deletion grace period removes its events too, under the same
-- marker; nothing else ever deletes one.
DROP TRIGGER audit_events_no_delete;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM erasure_marker WHERE id = 'purge:' || OLD.organization_id)
BEGIN
	SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
CREATE TABLE `organization_deletions` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`purge_at` integer NOT NULL,
	`cancelled_at` integer
);
--> statement-breakpoint
DROP TRIGGER stock_movements_no_delete;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
WHEN NOT EXISTS (SELECT 1 FROM erasure_marker WHERE id = 'purge:' || OLD.organization_id)
BEGIN
	SELECT RAISE(ABORT, 'stock movements are append-only');
END;
