-- The weak MariaDB's accounts (tests/servers.sh, @PASSWORD@ filled in).
-- mariadb-install-db ran without --skip-test-db: database test, PUBLIC
-- grants on test and test\_%, and anonymous ''@'localhost' and
-- ''@'<hostname>' come from its defaults.
CREATE USER IF NOT EXISTS ''@'localhost';
CREATE USER ''@'127.0.0.1';
CREATE USER 'root'@'%' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE USER 'sg_nopass'@'localhost' IDENTIFIED BY '';
CREATE USER 'sg_weak'@'%' IDENTIFIED BY '@PASSWORD@';
GRANT ALL PRIVILEGES ON *.* TO 'sg_weak'@'%' WITH GRANT OPTION;
CREATE USER 'sg_admin'@'127.0.0.1' IDENTIFIED BY '@PASSWORD@';
GRANT SELECT ON mysql.* TO 'sg_admin'@'127.0.0.1';
GRANT PROCESS, BINLOG MONITOR ON *.* TO 'sg_admin'@'127.0.0.1';
