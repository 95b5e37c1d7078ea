#!/bin/sh
# iescp-sync post-removal. deb "purge" deletes the state (the database and the first
# admin's password file: back up first) and the service's user, leaving the machine
# as it was before the install; "remove" (and rpm's erase) keeps both.
set -e

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi

if [ "$1" = purge ]; then
	rm -rf /var/lib/iescp
	if getent passwd iescp >/dev/null; then
		userdel iescp || true
	fi
	if getent group iescp >/dev/null; then
		groupdel iescp || true
	fi
fi
