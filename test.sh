#!/usr/bin/env bash
# Koho's one test command. Installs what the tests need (Debian's chromium, fonts-noto-cjk, postgresql,
# libreoffice-writer-nogui and poppler-utils),
# starts a throwaway PostgreSQL cluster on a free loopback port, runs every test project, removes the
# cluster, and prints "N passed, N failed[, N skipped]" as its very last line. With CI=true a skipped test
# counts as a failure.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
RESULTS="$ROOT/TestResults"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- 1. System packages (idempotent, quiet when present) ----------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
installed fonts-noto-cjk || need+=(fonts-noto-cjk)   # without it every Japanese character renders as a box
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The generated .docx documents are opened with LibreOffice (headless, to PDF) and rendered with pdftoppm.
[ -x /usr/bin/soffice ] || need+=(libreoffice-writer-nogui)
[ -x /usr/bin/pdftoppm ] || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { log "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# The holiday data set the checker's calendar is tested against (npm registry; a test-time dependency only).
HOLIDAY_DIR="$ROOT/.cache/npm"
HOLIDAY_JS="$HOLIDAY_DIR/node_modules/@holiday-jp/holiday_jp/lib/holidays.js"
if [ ! -f "$HOLIDAY_JS" ]; then
  log "installing @holiday-jp/holiday_jp (npm)"
  mkdir -p "$HOLIDAY_DIR"
  npm install --prefix "$HOLIDAY_DIR" --no-save --no-audit --no-fund --silent @holiday-jp/holiday_jp@2.5.1 >/dev/null 2>&1 \
    || log "npm install @holiday-jp/holiday_jp failed (the holiday test will be skipped)"
fi
export KOHO_HOLIDAY_JP="$HOLIDAY_JS"

# --- 2. Throwaway PostgreSQL cluster on a free loopback port ------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/koho-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_DIR" postgres
  chown postgres "$PG_DIR"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/pw" && chmod 600 "$PG_DIR/pw" && { [ ${#RUN_AS[@]} -eq 0 ] || chown postgres "$PG_DIR/pw"; }
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U koho --pwfile="$PG_DIR/pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; echo "0 passed, 1 failed"; exit 1; }
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; echo "0 passed, 1 failed"; exit 1; }
export KOHO_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=koho;Password=$PG_PASSWORD;Database=postgres"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# --- 3. Build once, then run every test project -------------------------------------------------------------
rm -rf "$RESULTS"
if ! dotnet build Koho.sln -c Debug -v quiet -nologo; then
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
status=0
# Test projects only (tests/Koho.FakePlatforms is a helper library and program, not a test project).
test_projects=$(grep -l "<IsTestProject>true</IsTestProject>" tests/*/*.csproj)
for proj in $test_projects; do
  name=$(basename "$proj" .csproj)
  log "running $name"
  dotnet test "$proj" --no-build -c Debug --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
    --logger "console;verbosity=normal" || status=1
done

# --- 4. Count ---------------------------------------------------------------------------------------------------
summary=$(python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("total", 0)) - int(c.get("executed", 0))  # VSTest counts a skipped test as not executed
print(passed, failed, skipped, len(files))
PY
)
read -r passed failed skipped files <<<"$summary"
expected=$(echo "$test_projects" | wc -l)
if [ "${files:-0}" -lt "$expected" ]; then
  log "only ${files:-0} of $expected test projects reported results"
  failed=$((failed + 1))
fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  log "CI=true: $skipped skipped test(s) count as failures"
  failed=$((failed + skipped))
fi
[ "$failed" -eq 0 ] || status=1
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
