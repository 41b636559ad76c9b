-- label: unsafe
-- why: the CHECK is added and validated inside one transaction, so the validation scan happens while ACCESS EXCLUSIVE on posts is held
BEGIN;
ALTER TABLE posts ADD CONSTRAINT posts_author_id_not_null CHECK (author_id IS NOT NULL) NOT VALID;
ALTER TABLE posts VALIDATE CONSTRAINT posts_author_id_not_null;
ALTER TABLE posts ALTER COLUMN author_id SET NOT NULL;
ALTER TABLE posts DROP CONSTRAINT posts_author_id_not_null;
COMMIT;
