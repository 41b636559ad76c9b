-- A new table, and a column dropped from an old one (the SARIF golden test).
CREATE TABLE accounts (id int PRIMARY KEY, name text);
ALTER TABLE "naïve ☃ 🐘" DROP COLUMN "{0} <&> 100%";
