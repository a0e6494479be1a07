#!/usr/bin/env bash
# Browser test: renders the alliance-speed example report in headless Chromium,
# checks that its tables (and figures, when the study has any) are in the DOM and
# that nothing overflows the page width, and keeps a PNG of the rendering as a test
# artefact (tests/artifacts/ in the build folder).
. "$(dirname "$0")/lib.sh"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "chromium is not installed (scripts/install-deps installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi

"$A" run "$SRC/examples/alliance-speed/study.adx" -o "$T/report.html" 2>"$T/err" && ok || bad "run: $(cat "$T/err")"
# A copy with a probe that records layout facts on <body> after rendering.
sed 's|</body>|<script>window.addEventListener("load",function(){var d=document.documentElement;document.body.setAttribute("data-probe","tables="+document.querySelectorAll("table").length+";figures="+document.querySelectorAll("figure svg").length+";overflow="+(d.scrollWidth>window.innerWidth));});</script></body>|' "$T/report.html" >"$T/probe.html"
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$T/profile" --window-size=1280,2400)
timeout 60 "$CHROME" "${FLAGS[@]}" --dump-dom "file://$T/probe.html" >"$T/dom.html" 2>/dev/null
probe=$(grep -o 'data-probe="[^"]*"' "$T/dom.html")
echo "probe: $probe"
tables=$(echo "$probe" | sed -n 's/.*tables=\([0-9]*\).*/\1/p')
[ -n "$tables" ] && [ "$tables" -ge 4 ] && ok || bad "expected at least 4 tables in the rendered report: $probe"
echo "$probe" | grep -q 'overflow=false' && ok || bad "the page overflows horizontally: $probe"
figures=$(echo "$probe" | sed -n 's/.*figures=\([0-9]*\).*/\1/p')
[ -n "$figures" ] && [ "$figures" -ge 2 ] && ok || bad "expected the path diagrams as inline SVG: $probe"
grep -q 'Table 1</strong><br><em>Sample screening' "$T/dom.html" && ok || bad "numbered tables"
mkdir -p tests/artifacts
timeout 60 "$CHROME" "${FLAGS[@]}" --screenshot="$PWD/tests/artifacts/alliance-speed.png" "file://$T/report.html" >/dev/null 2>&1
[ -s tests/artifacts/alliance-speed.png ] && ok || bad "no screenshot"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
