-- label: safe
-- why: DROP NOT NULL is a brief catalog change; the running app keeps writing non-null values
-- phone becomes optional for SSO users
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
