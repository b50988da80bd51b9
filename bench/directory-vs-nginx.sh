#!/usr/bin/env bash
# The public directory under load, against nginx serving the same page as a static file.
#   bench/directory-vs-nginx.sh            (apt-get install wrk nginx-light — or nginx — first)
# Publishes Koho.Web (Release), runs it on loopback with the Development demo data (武蔵野市, SQLite in a temporary
# folder), saves /directory's HTML as a static file for nginx, then runs wrk against both and prints the requests
# per second and `ratio N` (koho ÷ nginx; target ≥ 0.5).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
for tool in wrk nginx curl; do command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install wrk nginx-light curl" >&2; exit 2; }; done
work=$(mktemp -d /tmp/koho-directory-bench.XXXXXX)
koho_pid=""; nginx_conf=""
cleanup() {
  [ -n "$koho_pid" ] && kill "$koho_pid" 2>/dev/null || true
  [ -n "$nginx_conf" ] && nginx -c "$nginx_conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
duration=${KOHO_BENCH_DURATION:-10s}
connections=${KOHO_BENCH_CONNECTIONS:-64}

dotnet publish "$root/src/Koho.Web" -c Release -o "$work/koho" -v quiet -nologo >/dev/null
koho_port=$(free_port)
mkdir -p "$work/run"
(cd "$work/run" && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$koho_port" \
  Logging__LogLevel__Default=Warning exec dotnet "$work/koho/Koho.Web.dll" > "$work/koho.log" 2>&1) &
koho_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$koho_port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$koho_port/directory" -o "$work/directory.html"

nginx_port=$(free_port)
mkdir -p "$work/nginx/html" "$work/nginx/logs"
cp "$work/directory.html" "$work/nginx/html/directory"
nginx_conf="$work/nginx/nginx.conf"
cat > "$nginx_conf" <<NGINX
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/nginx/html; location / { } }
}
NGINX
nginx -c "$nginx_conf"
sleep 0.5

rps() { wrk -t2 -c"$connections" -d"$duration" "$1" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c"$connections" -d3s "http://127.0.0.1:$koho_port/directory" >/dev/null   # warm-up
koho=$(rps "http://127.0.0.1:$koho_port/directory")
nginx_rps=$(rps "http://127.0.0.1:$nginx_port/directory")
echo "page: $(wc -c < "$work/directory.html") bytes; wrk -t2 -c$connections -d$duration on loopback"
echo "koho /directory: $koho requests/s"
echo "nginx static:    $nginx_rps requests/s"
python3 -c "import sys; print(f'ratio {float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$koho" "$nginx_rps"
