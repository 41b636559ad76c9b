-- label: unsafe
-- why: the validation scan runs while the transaction still holds SHARE ROW EXCLUSIVE on both tables from ADD CONSTRAINT: writes blocked on comments and posts
BEGIN;
ALTER TABLE comments
    ADD CONSTRAINT comments_post_id_fkey
    FOREIGN KEY (post_id) REFERENCES posts (id) NOT VALID;
ALTER TABLE comments VALIDATE CONSTRAINT comments_post_id_fkey;
COMMIT;
