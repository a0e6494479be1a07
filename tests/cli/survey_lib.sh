# Shared by the survey CLI tests: start and stop `ambidex survey serve` on 127.0.0.1
# with a free port (--port 0; the URL is read from its first line of output).
# Sourced after lib.sh: uses A, SRC, T.
FORM=$SRC/examples/alliance-speed-survey/form
CLIENT=$SRC/tests/cli/survey_client.py
# Debian's python3 (python3-selenium; starts fast), else the one on PATH.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
SERVER_PID=
URL=

# start_server FORM DB [OPTIONS...]: sets URL and SERVER_PID.
start_server() {
  local form=$1 db=$2
  shift 2
  "$A" survey serve "$form" --db "$db" --port 0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
  SERVER_PID=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(sed -n 's/^serving on \([^ ]*\).*/\1/p' "$T/serve.out")
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start: $(cat "$T/serve.err")"
  return 1
}

# stop_server [SIGNAL]: stops the server started last (TERM by default) and waits for it;
# after a TERM the server must exit cleanly (0: no sanitizer report, no leak).
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "-${1:-TERM}" "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  local rc=$?
  SERVER_PID=
  if [ "${1:-TERM}" = TERM ] && [ $rc -ne 0 ]; then
    bad "the server exited with $rc: $(tail -5 "$T/serve.err")"
  fi
  return 0
}
trap 'stop_server KILL; rm -rf "$T"' EXIT

# Answers of an eligible, attentive respondent of the example form.
GOOD='{"consent":"yes","screen1":"yes","screen2":"yes","attention":"4","employees":"50","age":"20","intl_experience":"5","rd_intensity":"0.2","alliance_experience":"3"}'
