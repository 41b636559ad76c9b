-- A down migration is expected to drop what its up created.
DROP TABLE users;
