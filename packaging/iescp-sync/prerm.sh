#!/bin/sh
# iescp-sync pre-removal (deb: "remove"; rpm: 0 = last copy going): stop and disable
# the service. An upgrade leaves it running; postinst restarts it on the new binary.
set -e

case "$1" in
remove | 0) ;;
*) exit 0 ;;
esac

if [ -d /run/systemd/system ]; then
	systemctl stop iescp-sync.service || true
	systemctl disable iescp-sync.service || true
fi
