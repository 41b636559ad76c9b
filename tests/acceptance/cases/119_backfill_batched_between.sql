-- label: safe
-- why: backfill restricted to an id range (one batch), run outside DDL
-- batch 1 of N; the runner repeats with the next range
UPDATE users
   SET locale = 'en-US'
 WHERE id BETWEEN 1 AND 10000
   AND locale IS NULL;
