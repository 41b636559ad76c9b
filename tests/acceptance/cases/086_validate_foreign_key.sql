-- label: safe
-- why: VALIDATE of a NOT VALID FK takes SHARE UPDATE EXCLUSIVE on comments and ROW SHARE on users: no reads/writes blocked
-- 2/2: validate the FK added NOT VALID in the previous migration
--   (ALTER TABLE comments ADD CONSTRAINT comments_user_id_fkey
--      FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;)
ALTER TABLE comments VALIDATE CONSTRAINT comments_user_id_fkey;
