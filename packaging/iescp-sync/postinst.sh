#!/bin/sh
# iescp-sync post-install (deb: "configure"; rpm: 1 or 2): the service's own system
# user, then enable and (re)start the service where systemd runs.
set -e

case "$1" in
configure | 1 | 2) ;;
*) exit 0 ;;
esac

if ! getent group iescp >/dev/null; then
	groupadd --system iescp
fi
if ! getent passwd iescp >/dev/null; then
	useradd --system --gid iescp --home-dir /var/lib/iescp --no-create-home \
		--shell /usr/sbin/nologin --comment "IESCP sync server" iescp
fi
# The unit's StateDirectory= makes it too; made here as well so that the admin
# commands (sudo -u iescp iescp-sync backup ...) work before the first start.
install -d -o iescp -g iescp -m 0750 /var/lib/iescp

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable iescp-sync.service
	# As debhelper's scripts do: a service that fails to start does not fail the install.
	if systemctl restart iescp-sync.service; then
		echo "iescp-sync: the service is running (settings: /etc/default/iescp-sync)."
	else
		echo "iescp-sync: the service did not start: see journalctl -u iescp-sync" >&2
	fi
	echo "iescp-sync: first start: sign in as admin@localhost with the password in"
	echo "            /var/lib/iescp/initial-admin-password (sudo cat it; then delete it)."
else
	echo "iescp-sync: systemd is not running here: start the service yourself"
	echo "            (docs: /usr/share/doc/iescp-sync/operations.md)."
fi
