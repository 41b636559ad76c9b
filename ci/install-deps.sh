#!/bin/sh
# Install the Debian 12 packages schemagate builds, tests and runs with.
# Quiet and quick when everything is already there; uses sudo when not root.
set -e
PKGS="build-essential pkg-config clang libclang-rt-14-dev git ca-certificates
libpg-query-dev libpq-dev default-libmysqlclient-dev libgit2-dev libssl-dev
libyaml-dev libcmocka-dev libcjson-dev
postgresql postgresql-contrib postgresql-15-pgaudit mariadb-server
valgrind python3 python3-yaml libxml2-utils time bzip2 xz-utils nodejs"
# Node.js runs the SARIF validator in the tests. Debian's npm conflicts with
# NodeSource's nodejs (which brings its own npm): ask for it only when missing.
command -v npm > /dev/null || PKGS="$PKGS npm"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
missing=""
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
# PostgreSQL 15's node headers (checks/pg_raw.c), installed after the rest.
installed postgresql-server-dev-15 || missing="$missing postgresql-server-dev-15"
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Debian's server packages start their services on install; we start our own.
if [ -z "$SUDO" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
rest=$(echo "$missing" | sed 's/ postgresql-server-dev-15//')
[ -z "$rest" ] || $SUDO apt-get install -y -qq --no-install-recommends $rest >/dev/null
# The headers of the server version installed: the newest would upgrade the
# server with them (the volatility table is checked against that server).
if ! installed postgresql-server-dev-15; then
	$SUDO apt-get install -y -qq --no-install-recommends \
		"postgresql-server-dev-15=$(dpkg-query -W -f='${Version}' postgresql-15)" >/dev/null
fi
