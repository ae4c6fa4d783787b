-- The audit log is append-only: the database itself refuses to change or delete
-- an entry, whatever code (or plugin) tries. Note: a drizzle-kit table rebuild of
-- core_audit_log drops these triggers; a migration that rebuilds it must recreate them.
CREATE TRIGGER `core_audit_log_no_update` BEFORE UPDATE ON `core_audit_log`
BEGIN
  SELECT RAISE(ABORT, 'core_audit_log is append-only: entries cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `core_audit_log_no_delete` BEFORE DELETE ON `core_audit_log`
BEGIN
  SELECT RAISE(ABORT, 'core_audit_log is append-only: entries cannot be deleted');
END;
