-- label: unsafe
-- why: dropping a partition deletes its data (and takes ACCESS EXCLUSIVE on the parent)
-- retention: measurements older than 12 months
DROP TABLE IF EXISTS measurements_2024_01;
