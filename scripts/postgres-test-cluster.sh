#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the index contract tests. Source this file, then:
#
#   start_test_postgres DIR   initdb into DIR/data, start on a free 127.0.0.1 port (no Unix socket),
#                             create database lightbox_test and export
#                               LIGHTBOX_TEST_POSTGRES_URL    jdbc:postgresql://127.0.0.1:PORT/lightbox_test?user=…&password=…
#                               LIGHTBOX_TEST_POSTGRES_PGDATA the data directory (tests stop/start it to simulate outages)
#                               LIGHTBOX_TEST_POSTGRES_BIN    the server's bin directory
#                               LIGHTBOX_TEST_POSTGRES_RUNAS  the system user the server runs as ("" = current user)
#   stop_test_postgres        fast shutdown of that cluster, by the PID in its postmaster.pid
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user
# (created if missing) and every server command runs through `runuser -u postgres`.
# LIGHTBOX_TEST_POSTGRES_DURABLE=1 keeps fsync on (for benchmarks); tests run with it off.

_ltp_log() { echo "postgres-test-cluster: $*" >&2; }

_ltp_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_ltp_run() {
  if [[ -n "${LIGHTBOX_TEST_POSTGRES_RUNAS:-}" ]]; then
    runuser -u "$LIGHTBOX_TEST_POSTGRES_RUNAS" -- "$@"
  else
    "$@"
  fi
}

_ltp_free_port() {
  local used port i
  used=" $( (ss -Htan 2>/dev/null || true) | awk '{n=split($4,a,":"); printf "%s ", a[n]}') "
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 40000))
    if [[ "$used" != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start_test_postgres() {
  local dir="${1:?usage: start_test_postgres DIR}"
  local bin
  bin="$(_ltp_bin_dir)"
  if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
      _ltp_log "installing postgresql with apt-get"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
      bin="$(_ltp_bin_dir)"
    else
      _ltp_log "PostgreSQL server binaries not found (sudo apt-get install postgresql)"
      return 1
    fi
  fi

  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  rm -rf "$dir/data"
  export LIGHTBOX_TEST_POSTGRES_RUNAS=""
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    LIGHTBOX_TEST_POSTGRES_RUNAS=postgres
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      # A parent directory the postgres user cannot traverse: use a private temp dir instead.
      dir="$(mktemp -d /tmp/lightbox-pg.XXXXXX)"
      chown postgres: "$dir"
    fi
  fi

  local password
  password="lb$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  [[ -n "$LIGHTBOX_TEST_POSTGRES_RUNAS" ]] && chown postgres: "$dir/pwfile"
  if ! _ltp_run "$bin/initdb" -D "$dir/data" -U lightbox --pwfile="$dir/pwfile" \
      --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
    _ltp_log "initdb failed, see $dir/initdb.log"
    tail -n 20 "$dir/initdb.log" >&2
    return 1
  fi
  rm -f "$dir/pwfile"

  local durable="${LIGHTBOX_TEST_POSTGRES_DURABLE:-0}" attempt port
  for attempt in 1 2 3; do
    port="$(_ltp_free_port)" || { _ltp_log "no free port"; return 1; }
    # Settings live in postgresql.auto.conf so a plain `pg_ctl start` (tests restart the server
    # to simulate an outage) comes back on the same port with the same options.
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = ''"
      echo "max_connections = 60"
      if [[ "$durable" != 1 ]]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      fi
    } | _ltp_run tee "$dir/data/postgresql.auto.conf" >/dev/null
    if _ltp_run "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    _ltp_log "start on port $port failed (attempt $attempt)"
    tail -n 5 "$dir/data/server.log" >&2 || true
    port=""
  done
  [[ -n "$port" ]] || return 1

  if ! PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U lightbox lightbox_test; then
    _ltp_log "createdb failed"
    stop_test_postgres
    return 1
  fi
  LIGHTBOX_TEST_POSTGRES_PID="$(head -n 1 "$dir/data/postmaster.pid")"
  export LIGHTBOX_TEST_POSTGRES_PID
  export LIGHTBOX_TEST_POSTGRES_PGDATA="$dir/data"
  export LIGHTBOX_TEST_POSTGRES_BIN="$bin"
  export LIGHTBOX_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/lightbox_test?user=lightbox&password=$password"
  _ltp_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $LIGHTBOX_TEST_POSTGRES_PID, data $dir/data)"
}

stop_test_postgres() {
  local data="${LIGHTBOX_TEST_POSTGRES_PGDATA:-}" pid="${LIGHTBOX_TEST_POSTGRES_PID:-}" i
  # Tests may have restarted the server: its current PID is the first line of postmaster.pid.
  if [[ -n "$data" && -f "$data/postmaster.pid" ]]; then
    pid="$(head -n 1 "$data/postmaster.pid")"
  fi
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true # SIGINT = fast shutdown
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  unset LIGHTBOX_TEST_POSTGRES_PID LIGHTBOX_TEST_POSTGRES_URL
}
