-- label: unsafe
-- why: REINDEX SCHEMA without CONCURRENTLY rebuilds every index in public, blocking writes table by table
-- post-upgrade: rebuild indexes after the glibc collation change
REINDEX SCHEMA public;
