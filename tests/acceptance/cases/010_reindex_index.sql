-- label: unsafe
-- why: plain REINDEX INDEX blocks writes to sessions and takes ACCESS EXCLUSIVE on the index (reads using it block) for the rebuild; REINDEX CONCURRENTLY exists
-- sessions_token_idx is heavily bloated after the token rotation
REINDEX INDEX sessions_token_idx;
