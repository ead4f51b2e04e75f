#!/usr/bin/env bash
# Run the NPVR monitor as two Streamlit processes behind HAProxy (sticky sessions), in the foreground.
#
#   deploy/run_scaled.sh                 # proxy on http://localhost:8501, apps on 127.0.0.1:8511/8512
#   NPVR_PROXY_BIND=0.0.0.0:8080 deploy/run_scaled.sh
#
# Environment: NPVR_PROXY_BIND (default 127.0.0.1:8501), NPVR_APP1 / NPVR_APP2 (default
# 127.0.0.1:8511 / 127.0.0.1:8512), PYTHON (default .venv/bin/python), and the monitor's own
# NPVR_SNAPSHOT / NPVR_BUILD_DIR. Stops everything on Ctrl-C or SIGTERM. Needs haproxy
# (apt-get install haproxy). See also deploy/Procfile for process managers (honcho, foreman).
set -euo pipefail
cd "$(dirname "$0")/.."

export NPVR_PROXY_BIND="${NPVR_PROXY_BIND:-127.0.0.1:8501}"
export NPVR_APP1="${NPVR_APP1:-127.0.0.1:8511}"
export NPVR_APP2="${NPVR_APP2:-127.0.0.1:8512}"
PYTHON="${PYTHON:-.venv/bin/python}"
HAPROXY="${HAPROXY:-haproxy}"

command -v "$HAPROXY" >/dev/null || { echo "haproxy ontbreekt: installeer met 'apt-get install haproxy'." >&2; exit 2; }
"$HAPROXY" -q -c -f deploy/haproxy.cfg

# Build once before the processes start, so that they do not all build at the same time.
"$PYTHON" -m monitor build --quiet

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

for app in "$NPVR_APP1" "$NPVR_APP2"; do
    "$PYTHON" -m streamlit run app.py --server.headless true --server.address "${app%:*}" \
        --server.port "${app##*:}" &
    pids+=("$!")
done
"$HAPROXY" -db -f deploy/haproxy.cfg &
pids+=("$!")
echo "NPVR-monitor: http://${NPVR_PROXY_BIND} (processen ${NPVR_APP1}, ${NPVR_APP2})" >&2
# Stop all when any one of them ends.
wait -n
