#!/usr/bin/env bash
# The Debian package, end to end (docs/operations.md "Debian package"): installs
# dicom-http/target/lightbox_*_all.deb with dpkg -i, starts the server exactly as lightbox.service
# would (its ExecStart, User, WorkingDirectory and EnvironmentFile, read from the installed unit;
# there is no systemd here, so runuser stands in for it), uploads a file with curl and reads it
# back, stops it with SIGTERM, then dpkg -r and checks that the data and the user are kept and
# that a reinstall serves the same file again. Needs root (dpkg) and runs on a machine without a
# lightbox package of its own: it refuses to touch an existing installation or /var/lib/lightbox.
#
#   scripts/deb-test.sh [DEB]      (default: the .deb that `mvn package` left in dicom-http/target)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
command -v dpkg >/dev/null 2>&1 || fail "dpkg is missing: this test needs a Debian-based system"
command -v curl >/dev/null 2>&1 || fail "curl is missing (apt-get install curl)"
command -v runuser >/dev/null 2>&1 || fail "runuser is missing (util-linux)"
[[ $(id -u) -eq 0 ]] || fail "must run as root (dpkg -i, runuser)"

deb="${1:-}"
if [[ -z "$deb" ]]; then
  shopt -s nullglob
  debs=("$root"/dicom-http/target/lightbox_*_all.deb)
  shopt -u nullglob
  ((${#debs[@]} == 1)) || fail "expected one dicom-http/target/lightbox_*_all.deb, found" \
    "${#debs[@]}: run 'mvn -B -ntp -pl dicom-http -am package -DskipTests' first"
  deb="${debs[0]}"
fi
[[ -f "$deb" ]] || fail "no such package: $deb"
sample="$root/../shared/corpus/pydicom/test_files/CT_small.dcm"
[[ -f "$sample" ]] || fail "test input $sample is absent"

if dpkg-query -W -f='${Status}' lightbox 2>/dev/null | grep -q installed \
    || [[ -e /var/lib/lightbox ]]; then
  fail "a lightbox package or /var/lib/lightbox already exists on this machine; this test" \
    "installs and removes the package and will not touch them"
fi

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    # runuser waits for the JVM, its child: signal the JVM itself so it drains and exits.
    local java_pid
    java_pid="$(pgrep -P "$server_pid" || true)"
    kill -TERM "${java_pid:-$server_pid}" 2>/dev/null || true
    local status=0
    wait "$server_pid" || status=$?
    server_pid=""
    return "$status"
  fi
  server_pid=""
}
cleanup() {
  stop_server || true
  # Leave the machine as it was: the package, its kept data and its user were made by this test.
  dpkg --purge lightbox >/dev/null 2>&1 || true
  rm -rf /var/lib/lightbox
  userdel lightbox >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

unit=/lib/systemd/system/lightbox.service
unit_value() { sed -n "s/^$1=//p" "$unit" | head -n 1; }

# Starts the server the way systemd would start lightbox.service, on a free port.
start_like_the_unit() {
  local user dir envfile exec_start
  user="$(unit_value User)"
  dir="$(unit_value WorkingDirectory)"
  envfile="$(unit_value EnvironmentFile)"
  exec_start="$(unit_value ExecStart)"
  [[ -n "$user" && -n "$dir" && -n "$envfile" && -n "$exec_start" ]] \
    || fail "$unit lacks User, WorkingDirectory, EnvironmentFile or ExecStart"
  local -a env_args=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  while IFS= read -r line; do
    env_args+=("$line")
  done < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$envfile")
  env_args+=(LIGHTBOX_PORT=0) # like a drop-in Environment=: a free port, not a fixed 8080
  : >"$work/server.log"
  # shellcheck disable=SC2086 # ExecStart is a command line: word splitting is what systemd does
  (cd "$dir" && exec runuser -u "$user" -- env -i "${env_args[@]}" $exec_start \
    >>"$work/server.log" 2>&1) &
  server_pid=$!
  local i
  for ((i = 0; i < 600; i++)); do
    port="$(sed -n 's#^Lightbox listening on http://[^:]*:\([0-9]*\).*#\1#p' "$work/server.log")"
    [[ -n "$port" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited"; }
    sleep 0.1
  done
  cat "$work/server.log" >&2
  fail "the server did not start within 60 s"
}

echo "deb-test: installing $deb"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i failed"; }

# What the package installed.
[[ -x /usr/bin/lightbox ]] || fail "/usr/bin/lightbox is not installed"
[[ -f /usr/share/lightbox/lightbox.jar ]] || fail "the jar is not under /usr/share/lightbox"
[[ -f "$unit" ]] || fail "$unit is not installed"
id lightbox >/dev/null 2>&1 || fail "postinst did not create the system user lightbox"
[[ "$(id -u lightbox)" -lt 1000 ]] || fail "lightbox is not a system user (uid $(id -u lightbox))"
[[ "$(stat -c %U /var/lib/lightbox)" == lightbox ]] || fail "/var/lib/lightbox is not lightbox's"
dpkg-query -W -f='${Conffiles}\n' lightbox | grep -q '/etc/lightbox/lightbox.conf' \
  || fail "/etc/lightbox/lightbox.conf is not a conffile"
[[ "$(stat -c %a:%G /etc/lightbox/lightbox.conf)" == 640:lightbox ]] \
  || fail "lightbox.conf should be 640 root:lightbox, is $(stat -c %a:%U:%G /etc/lightbox/lightbox.conf)"

start_like_the_unit
base="http://127.0.0.1:$port"
echo "deb-test: server up at $base as user $(ps -o user= -p "$(pgrep -P "$server_pid")")"
[[ "$(ps -o user= -p "$(pgrep -P "$server_pid")" | tr -d ' ')" == lightbox ]] \
  || fail "the server does not run as lightbox"

code="$(curl -sS -o "$work/upload.json" -w '%{http_code}' -H 'Content-Type: application/dicom' \
  --data-binary @"$sample" "$base/instances")"
[[ "$code" == 201 ]] || { cat "$work/upload.json" >&2; fail "upload answered $code, not 201"; }
id="$(grep -o '"id":"[^"]*"' "$work/upload.json" | head -n 1 | cut -d'"' -f4)"
[[ -n "$id" ]] || fail "no id in the upload answer: $(cat "$work/upload.json")"
curl -sSf -o "$work/back.dcm" "$base/instances/$id/file" || fail "GET the file failed"
cmp -s "$sample" "$work/back.dcm" || fail "the file read back differs from the one uploaded"
stop_server && status=0 || status=$?
[[ "$status" == 0 ]] || fail "SIGTERM should drain the server and end it with status 0, got $status"
blobs="$(find /var/lib/lightbox/blobs -type f | wc -l)"
((blobs >= 1)) || fail "no blob under /var/lib/lightbox/blobs"
[[ -z "$(find /var/lib/lightbox ! -user lightbox -print -quit)" ]] \
  || fail "files under /var/lib/lightbox not owned by lightbox"
echo "deb-test: uploaded and read back $id; $blobs blob(s) in /var/lib/lightbox"

dpkg -r lightbox >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -r failed"; }
[[ ! -e /usr/bin/lightbox ]] || fail "dpkg -r left /usr/bin/lightbox"
[[ "$(find /var/lib/lightbox/blobs -type f | wc -l)" == "$blobs" ]] \
  || fail "dpkg -r did not keep the data under /var/lib/lightbox"
id lightbox >/dev/null 2>&1 || fail "dpkg -r removed the user lightbox (remove keeps it)"
[[ -f /etc/lightbox/lightbox.conf ]] || fail "dpkg -r removed the conffile (only purge does)"
echo "deb-test: removed; data and user kept"

# Reinstalled, the service finds the kept data and serves the same file.
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "reinstall failed"; }
start_like_the_unit
curl -sSf -o "$work/again.dcm" "http://127.0.0.1:$port/instances/$id/file" \
  || fail "after reinstall, the kept instance is not served"
cmp -s "$sample" "$work/again.dcm" || fail "after reinstall, the file differs"
stop_server || true
echo "deb-test: reinstalled; the kept instance is served"
echo "deb-test: 1 passed, 0 failed"
