-- label: unsafe
-- why: md5(random()::text) default is VOLATILE (random): table rewrite under ACCESS EXCLUSIVE
-- short unsubscribe tokens
ALTER TABLE notifications
    ADD COLUMN unsubscribe_token text DEFAULT substr(md5(random()::text), 1, 16);
