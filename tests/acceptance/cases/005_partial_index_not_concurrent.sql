-- label: unsafe
-- why: partial CREATE INDEX without CONCURRENTLY still builds under SHARE lock on users, blocking writes
-- Most queries only look at live users.
-- Partial index keeps it small.
create index index_users_on_email_live
  on users (lower(email))
  where deleted_at is null;
