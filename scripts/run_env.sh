# Sourced by scripts/run.sh: the address `make run` serves on, and BASE_URL from it.
# Emailed links are BASE_URL plus a path, never the request's Host header (a reset link
# built from a forged Host would hand the token to whoever owns that host), so BASE_URL
# must name the address people actually open: derived from HOST and PORT unless set.
export HOST="${HOST:-127.0.0.1}"
export PORT="${PORT:-5000}"
case "$HOST" in
  0.0.0.0 | "::") link_host=127.0.0.1 ;;  # all interfaces: set BASE_URL to the address others use
  *:*) link_host="[$HOST]" ;;  # an IPv6 address
  *) link_host="$HOST" ;;
esac
export BASE_URL="${BASE_URL:-http://$link_host:$PORT}"
unset link_host
