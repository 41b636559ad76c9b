-- label: safe
-- why: the renamed column was added earlier in this file, so no running code uses either name
ALTER TABLE page_views ADD COLUMN referer text;
-- spelling fixed in review before release
ALTER TABLE page_views RENAME COLUMN referer TO referrer;
ALTER TABLE page_views ADD COLUMN utm_source text;
