-- label: unsafe
-- why: renaming an enum label breaks the running app, which still writes and compares the old label
-- Fix the British/American spelling mix-up.
ALTER TYPE order_status RENAME VALUE 'cancelled' TO 'canceled';
