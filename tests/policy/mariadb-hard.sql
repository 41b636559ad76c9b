-- The hardened MariaDB's accounts (tests/servers.sh, @PASSWORD@ and
-- @SOCKET_ADMIN@ filled in; run over the socket as root, or when not run as
-- root as the second unix_socket admin mariadb-install-db made for that user).
-- The gate login: TLS required, read access to the grant tables, PROCESS
-- (INNODB_TABLESPACES_ENCRYPTION) and BINLOG MONITOR (SHOW BINARY LOGS).
CREATE USER 'sg_admin'@'127.0.0.1' IDENTIFIED BY '@PASSWORD@' REQUIRE SSL;
GRANT SELECT ON mysql.* TO 'sg_admin'@'127.0.0.1';
GRANT PROCESS, BINLOG MONITOR ON *.* TO 'sg_admin'@'127.0.0.1';
-- Left as mariadb-install-db made them: root@localhost (password 'invalid'
-- OR unix_socket: only the system root, only over the socket) and
-- mariadb.sys@localhost (locked, definer of the sys views). Dropped: the
-- second all-privileges unix_socket admin (Debian's mysql@localhost), so root
-- is the one break-glass account, whoever started the server.
DROP USER '@SOCKET_ADMIN@'@'localhost';
