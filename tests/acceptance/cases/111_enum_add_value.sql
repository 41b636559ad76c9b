-- label: safe
-- why: ALTER TYPE ... ADD VALUE touches only the type's catalog, no table lock or rewrite
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'delivered';
