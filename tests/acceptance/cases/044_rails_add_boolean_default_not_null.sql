-- label: safe
-- why: ADD COLUMN NOT NULL with a constant DEFAULT is metadata-only on PG11+ (no rewrite, no scan)
-- Rails: add_column :users, :marketing_opt_in, :boolean, default: false, null: false
ALTER TABLE "users" ADD "marketing_opt_in" boolean DEFAULT FALSE NOT NULL;
