#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: no root service, no fixed port.
#
#   scripts/pg-cluster.sh start DIR   initdb under DIR, start it on a free loopback
#                                      port, print its URL (postgres://...) on stdout
#   scripts/pg-cluster.sh stop DIR    stop it (DIR stays; delete it yourself)
#
# PG_OPTS adds server settings (e.g. "-c fsync=on" for benchmarks: tests run with
# fsync off); PG_CPUS pins the server to those CPUs (taskset -c), for a benchmark's
# slope per core.
# Finds Debian's server binaries (/usr/lib/postgresql/*/bin) or initdb on PATH. Run
# as root it runs the server as the `postgres` user (initdb refuses root).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[[ -n $cmd && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
	[[ -x $d/initdb && -x $d/pg_ctl ]] && { bindir=$d; break; }
done
if [[ -z $bindir ]] && command -v initdb >/dev/null 2>&1; then
	bindir=$(dirname "$(readlink -f "$(command -v initdb)")")
fi
[[ -n $bindir ]] || { echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
	local pin=()
	if [[ -n ${PG_CPUS:-} ]]; then pin=(taskset -c "$PG_CPUS"); fi
	if [[ $(id -u) == 0 ]]; then
		"${pin[@]}" runuser -u postgres -- "$@"
	else
		"${pin[@]}" "$@"
	fi
}

# The cluster's files: under DIR, or, run as root, in a folder the postgres user
# makes for itself (DIR's parents may be closed to it); DIR/datadir names it.
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data=$dir/data
if [[ $(id -u) == 0 ]]; then
	if [[ -f $dir/datadir ]]; then
		data=$(cat "$dir/datadir")
	elif [[ $cmd == start ]]; then
		id postgres >/dev/null 2>&1 || { echo "pg-cluster: running as root needs the postgres user (Debian's postgresql package makes it)" >&2; exit 1; }
		data=$(runuser -u postgres -- mktemp -d /tmp/iescp-pg.XXXXXX)/data
		echo "$data" >"$dir/datadir"
	fi
fi
logdir=$(dirname "$data")

case $cmd in
start)
	if [[ ! -f $data/PG_VERSION ]]; then
		as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
			|| { cat "$dir/initdb.log" >&2; exit 1; }
	fi
	# A free port: ask the kernel for one, then let the server bind it; another
	# process taking it in between makes pg_ctl fail, and we try another.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
		# fsync off and a small footprint: a test cluster, thrown away after the run.
		if as_owner "$bindir/pg_ctl" -D "$data" -l "$logdir/server.log" -w -t 60 start \
			-o "-p $port -k $logdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB ${PG_OPTS:-}" >/dev/null; then
			echo "$port" >"$dir/port"
			# The same server over its Unix socket (PG_SOCKET=1): no TCP on each round trip.
			if [[ -n ${PG_SOCKET:-} ]]; then
				echo "postgres://postgres@/postgres?host=$logdir&port=$port&sslmode=disable"
			else
				echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
			fi
			exit 0
		fi
	done
	cat "$logdir/server.log" >&2
	exit 1
	;;
stop)
	[[ -f $data/postmaster.pid ]] || exit 0
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
	if [[ $(id -u) == 0 && -f $dir/datadir ]]; then
		rm -rf "$logdir" "$dir/datadir"
	fi
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
