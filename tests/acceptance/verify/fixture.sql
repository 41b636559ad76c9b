-- Fixture for verify.py: the "existing production schema" the cases assume.
-- Every table here stands for a large, hot table; a few thousand rows are
-- enough to make scans, rewrites and data-dependent failures observable.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'on_hold');
CREATE TYPE account_status AS ENUM ('active', 'suspended', 'closed');
CREATE DOMAIN postal_code AS text CHECK (VALUE ~ '^[0-9]{5}(-[0-9]{4})?$');
ALTER DOMAIN postal_code ADD CONSTRAINT postal_code_max_len_nv CHECK (length(VALUE) <= 10) NOT VALID;

CREATE TABLE organizations (id bigserial PRIMARY KEY, name text NOT NULL, slug text, plan text, created_at timestamptz DEFAULT now());
INSERT INTO organizations (name, slug) SELECT 'org' || g, 'org-' || g FROM generate_series(1, 500) g;

CREATE TABLE users (
  id bigserial PRIMARY KEY, org_id bigint, email text NOT NULL, name text, phone text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamptz, last_login_at timestamp,
  status text, is_admin boolean DEFAULT false, legacy_role text, deleted_at timestamptz, locale text, bio varchar(500));
INSERT INTO users (org_id, email, name, phone, legacy_role, locale)
  SELECT 1 + g % 500, 'user' || g || '@example.com', 'User ' || g, '+1555' || g, CASE WHEN g % 7 = 0 THEN 'admin' END,
         CASE WHEN g % 3 = 0 THEN 'de-DE' END FROM generate_series(1, 20000) g;
CREATE INDEX index_users_on_legacy_role ON users (legacy_role);

CREATE TABLE accounts (id bigserial PRIMARY KEY, user_id bigint, org_id bigint, balance_cents bigint NOT NULL DEFAULT 0,
  currency text, status account_status, created_at timestamptz DEFAULT now());
INSERT INTO accounts (user_id, org_id, currency, status) SELECT g, 1 + g % 500, 'usd', 'active' FROM generate_series(1, 10000) g;
ALTER TABLE accounts ADD CONSTRAINT accounts_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;

CREATE TABLE coupons (id bigserial PRIMARY KEY, code text);
INSERT INTO coupons (code) SELECT 'C' || g FROM generate_series(1, 100) g;

CREATE TABLE orders (id serial PRIMARY KEY, user_id bigint, account_id bigint, status order_status NOT NULL DEFAULT 'pending',
  total_cents integer, discount_cents integer, currency text, created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp, notes text, shipping_address text);
INSERT INTO orders (user_id, account_id, status, total_cents, currency, created_at)
  SELECT 1 + g % 20000, 1 + g % 10000, (ARRAY['pending','paid','shipped','delivered','cancelled']::order_status[])[1 + g % 5],
         g * 10, CASE WHEN g % 2 = 0 THEN 'USD' END, timestamp '2023-01-01' + g * interval '17 minutes'
  FROM generate_series(1, 30000) g;

CREATE TABLE categories (id bigint PRIMARY KEY, name text);
INSERT INTO categories VALUES (1, 'Uncategorised'), (2, 'Books');
CREATE TABLE products (id bigserial PRIMARY KEY, sku text, legacy_sku text, name text NOT NULL, price numeric(10,2),
  description text, category_id bigint, created_at timestamptz DEFAULT now());
INSERT INTO products (sku, legacy_sku, name, price) SELECT 'SKU' || g, 'L' || g, 'Product ' || g, g % 500 + 0.99 FROM generate_series(1, 5000) g;
ALTER TABLE products ADD CONSTRAINT products_price_max CHECK (price < 100000);

CREATE TABLE order_items (id bigserial PRIMARY KEY, order_id integer, product_id bigint, quantity integer NOT NULL,
  unit_price_cents integer NOT NULL, created_at timestamptz DEFAULT now());
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents)
  SELECT 1 + g % 30000, 1 + g % 5000, 1 + g % 4, 100 + g % 900 FROM generate_series(1, 60000) g;
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey_nv FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
ALTER TABLE order_items ADD CONSTRAINT order_items_unit_price_nonnegative CHECK (unit_price_cents >= 0) NOT VALID;

CREATE TABLE payments (id bigserial PRIMARY KEY, order_id integer, amount_cents integer NOT NULL, provider text, provider_ref text,
  status text, created_at timestamptz DEFAULT now(), captured_at timestamptz);
INSERT INTO payments (order_id, amount_cents, provider, provider_ref, status)
  SELECT 1 + g % 30000, 100 + g, 'stripe', 'ch_' || g, (ARRAY['pending','authorized','captured','failed'])[1 + g % 4] FROM generate_series(1, 30000) g;
ALTER TABLE payments ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
CREATE UNIQUE INDEX payments_provider_ref_key ON payments (provider, provider_ref);

CREATE TABLE events (id bigserial PRIMARY KEY, user_id bigint, kind text, payload json, occurred_at timestamp, created_at timestamptz DEFAULT now());
INSERT INTO events (user_id, kind, payload, occurred_at)
  SELECT 1 + g % 20000, 'k' || g % 20, ('{"n":' || g || '}')::json, timestamp '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 40000) g;
CREATE INDEX index_events_on_kind ON events (kind);
CREATE INDEX index_events_on_user_id ON events (user_id);

CREATE TABLE sessions (id bigserial PRIMARY KEY, user_id bigint, token text, expires_at timestamptz, created_at timestamptz DEFAULT now());
INSERT INTO sessions (user_id, token, expires_at) SELECT 1 + g % 20000, md5(g::text), now() + (g % 60 - 45) * interval '1 day' FROM generate_series(1, 20000) g;
CREATE INDEX sessions_token_idx ON sessions (token);

CREATE TABLE audit_log (id bigserial PRIMARY KEY, actor_id bigint, action text, target_type text, target_id bigint, details jsonb, created_at timestamptz);
INSERT INTO audit_log (actor_id, action, details, created_at) SELECT g % 100, 'a', '{"x":1}', now() - g * interval '10 minutes' FROM generate_series(1, 30000) g;

CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint, title text, body text, published_at timestamptz, slug text);
INSERT INTO posts (author_id, title) SELECT 1 + g % 20000, 'T' || g FROM generate_series(1, 5000) g;
CREATE TABLE comments (id bigserial PRIMARY KEY, post_id bigint, user_id bigint, body text, body_format text, created_at timestamptz DEFAULT now());
INSERT INTO comments (post_id, user_id, body) SELECT 1 + g % 5000, 1 + g % 20000, 'c' FROM generate_series(1, 20000) g;
ALTER TABLE comments ADD CONSTRAINT comments_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;

CREATE TABLE plans (id bigserial PRIMARY KEY, code text UNIQUE, name text, price_cents integer);
INSERT INTO plans (code, name, price_cents) SELECT (ARRAY['starter','pro','team','p4','p5','p6','p7','p8','p9','p10'])[g], 'Plan ' || g, g * 1000 FROM generate_series(1, 10) g;
CREATE TABLE subscriptions (id bigserial PRIMARY KEY, user_id bigint, plan_id bigint, status text, started_at timestamptz, ends_at timestamptz);
INSERT INTO subscriptions (user_id, plan_id, status, started_at, ends_at)
  SELECT g, 1 + g % 10, 'active', now() - interval '100 days', CASE WHEN g % 3 = 0 THEN now() END FROM generate_series(1, 10000) g;

CREATE TABLE invoices (id bigserial PRIMARY KEY, account_id bigint, number text, amount_cents bigint, status text,
  issued_at timestamptz, due_at timestamptz, paid_at timestamptz);
INSERT INTO invoices (account_id, number, amount_cents, status, due_at) SELECT 1 + g % 10000, 'INV' || g, g, 'open', now() FROM generate_series(1, 20000) g;
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_nonnegative CHECK (amount_cents >= 0) NOT VALID;

CREATE TABLE notifications (id bigserial PRIMARY KEY, user_id bigint, kind text, read_at timestamptz DEFAULT NULL, created_at timestamptz DEFAULT now(), payload jsonb);
INSERT INTO notifications (user_id, kind) SELECT 1 + g % 20000, CASE WHEN g % 2 = 0 THEN 'k' END FROM generate_series(1, 20000) g;

CREATE TABLE shipments (id bigserial PRIMARY KEY, order_id integer, carrier text, tracking_number text, shipped_at timestamptz, delivered_at timestamptz);
INSERT INTO shipments (order_id, carrier, shipped_at, delivered_at) SELECT g, 'ups', now() - interval '3 days', now() FROM generate_series(1, 20000) g;

CREATE TABLE room_bookings (id bigserial PRIMARY KEY, room_id integer, guest_id bigint, during tstzrange);
INSERT INTO room_bookings (room_id, guest_id, during)
  SELECT g % 50, g, tstzrange(timestamptz '2024-01-01' + (g / 50) * interval '1 day', timestamptz '2024-01-01' + (g / 50 + 1) * interval '1 day')
  FROM generate_series(1, 10000) g;

CREATE TABLE customers (id bigserial PRIMARY KEY, email text, name text, country_code text);
INSERT INTO customers (email, name) SELECT 'c' || g || '@example.com', 'C ' || g FROM generate_series(1, 10000) g;
CREATE TABLE addresses (id bigserial PRIMARY KEY, customer_id bigint, line1 text, city text, postal_code postal_code, shipping_postal_code text);
INSERT INTO addresses (customer_id, city, postal_code, shipping_postal_code)
  SELECT g, 'City' || g % 100, lpad((g % 99999)::text, 5, '0'), lpad((g % 99999)::text, 5, '0') FROM generate_series(1, 10000) g;

CREATE TABLE feature_flags (id bigserial PRIMARY KEY, name text UNIQUE, enabled boolean, description text);
INSERT INTO feature_flags (name, enabled) VALUES ('legacy_checkout', true), ('dark_mode', false);

CREATE TABLE measurements (device_id bigint, recorded_at timestamptz NOT NULL, value double precision) PARTITION BY RANGE (recorded_at);
CREATE TABLE measurements_2024_01 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE measurements_2024_02 PARTITION OF measurements FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE measurements_2024_03 PARTITION OF measurements FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
INSERT INTO measurements SELECT g % 100, timestamptz '2024-01-01' + g * interval '2 minutes', g FROM generate_series(1, 60000) g;
CREATE TABLE measurements_2023 (device_id bigint, recorded_at timestamptz NOT NULL, value double precision);
INSERT INTO measurements_2023 SELECT g % 100, timestamptz '2023-01-01' + g * interval '30 minutes', g FROM generate_series(1, 15000) g;

CREATE UNLOGGED TABLE import_staging (id bigint, payload text);
INSERT INTO import_staging SELECT g, 'p' FROM generate_series(1, 10000) g;
CREATE TABLE page_views (id bigserial PRIMARY KEY, user_id bigint, path text, viewed_at timestamptz DEFAULT now());
INSERT INTO page_views (user_id, path) SELECT g, '/' FROM generate_series(1, 20000) g;
CREATE TABLE api_keys (id bigserial PRIMARY KEY, user_id bigint, key_hash text, created_at timestamptz DEFAULT now(), last_used_at timestamptz);
INSERT INTO api_keys (user_id, key_hash) SELECT g, md5('k' || g) FROM generate_series(1, 10000) g;

CREATE TABLE device_tokens (id bigint, user_id bigint, token text);
INSERT INTO device_tokens SELECT g, g, md5(g::text) FROM generate_series(1, 10000) g;
ALTER TABLE device_tokens ADD CONSTRAINT device_tokens_id_not_null CHECK (id IS NOT NULL) NOT VALID;
CREATE UNIQUE INDEX device_tokens_id_key ON device_tokens (id);
CREATE TABLE legacy_imports (id bigint, source text, payload text);
INSERT INTO legacy_imports SELECT g, 's', 'p' FROM generate_series(1, 10000) g;
CREATE UNIQUE INDEX legacy_imports_id_key ON legacy_imports (id);

CREATE TABLE warehouses (id bigserial PRIMARY KEY, name text, region_id bigint);
INSERT INTO warehouses (name, region_id) SELECT 'w' || g, 1 + g % 5 FROM generate_series(1, 200) g;
CREATE TABLE inventory (id bigserial PRIMARY KEY, product_id bigint, warehouse_id bigint, quantity integer);
INSERT INTO inventory (product_id, warehouse_id, quantity) SELECT 1 + g % 5000, 1 + g % 200, g % 50 FROM generate_series(1, 20000) g;
CREATE TABLE webhook_deliveries (id bigserial PRIMARY KEY, endpoint_id bigint, status_code integer, response_body text, created_at timestamptz DEFAULT now());
INSERT INTO webhook_deliveries (endpoint_id, status_code) SELECT g % 10, 200 FROM generate_series(1, 20000) g;
CREATE TABLE messages (id bigserial PRIMARY KEY, sender_id bigint, body text, created_at timestamptz DEFAULT now());
INSERT INTO messages (sender_id, body) SELECT g, 'm' FROM generate_series(1, 10000) g;

CREATE MATERIALIZED VIEW daily_revenue AS
  SELECT created_at::date AS day, sum(total_cents) AS revenue_cents FROM orders GROUP BY 1;
CREATE UNIQUE INDEX daily_revenue_day_key ON daily_revenue (day);

CREATE SCHEMA legacy_reports;
CREATE TABLE legacy_reports.monthly (month date, total bigint);
INSERT INTO legacy_reports.monthly VALUES ('2020-01-01', 1);

VACUUM ANALYZE;
