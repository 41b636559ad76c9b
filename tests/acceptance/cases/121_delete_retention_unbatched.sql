-- label: unsafe
-- why: retention DELETE by created_at removes an unbounded number of rows in one statement/transaction
-- GDPR: keep 90 days of audit log
DELETE FROM audit_log WHERE created_at < now() - interval '90 days';
