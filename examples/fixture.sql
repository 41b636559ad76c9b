-- Rows like production's, for the dry-run: `schemagate gate --db auto
-- --setup examples/fixture.sql` applies the base branch's migrations, then
-- this, then the branch's new migrations, and watches what they do.
INSERT INTO users (email)
SELECT 'user' || g || '@example.com' FROM generate_series(1, 20000) g;
INSERT INTO orders (user_id, total)
SELECT 1 + g % 20000, (g % 500) + 0.99 FROM generate_series(1, 50000) g;
ANALYZE users;
ANALYZE orders;
