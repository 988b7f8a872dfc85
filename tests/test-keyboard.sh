#!/usr/bin/env bash
# test-keyboard.sh WINDOW-PROGRAM FOLLICLE
#
# Logs a whole visit with the keyboard alone, as a person would: real key
# events (XTest, through xdotool) into the real window under Xvfb. Find the
# patient (Ctrl+F, type, Enter), open a new visit (Ctrl+Shift+N), Tab to the
# frontal region's count, type a count and its area, save (Ctrl+Return);
# then the database must hold the visit, with the density derived.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

window_program=$1
follicle=$2

if [ -z "${DISPLAY:-}" ] || ! command -v xdotool >/dev/null; then
  echo "1..0 # SKIP needs a display and xdotool"
  exit 0
fi

pid=""
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=$tmp/clinic.db
env -u DISPLAY -u WAYLAND_DISPLAY "$follicle" --database "$db" --demo >/dev/null

"$window_program" --database "$db" &
pid=$!

wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^clinic\.db — Follicle$" | head -n 1)
[ -n "$wid" ] || { echo "1..1"; echo "not ok 1 the window did not open"; exit 1; }
xdotool windowfocus --sync "$wid"
sleep 2

key () { xdotool key --clearmodifiers --delay 80 "$@"; sleep 0.4; }

key ctrl+f
xdotool type --delay 40 "Keller"; sleep 0.5
key Return
key ctrl+shift+n
# The editor is a window of its own: wait until it is there and focused.
editor=$(timeout 30 xdotool search --sync --name "^New Visit$" | head -n 1)
[ -n "$editor" ] || { echo "1..1"; echo "not ok 1 the visit editor did not open"; exit 1; }
xdotool windowfocus --sync "$editor"
sleep 1
# The editor opens with the focus in the date; from there: its two
# buttons, kind, clinician, notes, Add Region, then the frontal row's count.
for _ in 1 2 3 4 5 6; do xdotool key Tab; done
sleep 0.2
xdotool type --delay 40 "91"
xdotool key Tab
xdotool type --delay 40 "0.65"
sleep 0.5
key ctrl+Return
sleep 1.5
key ctrl+q
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill "$pid" 2>/dev/null || true

echo "1..1"
today=$(date +%F)
row=$(sqlite3 "$db" "SELECT m.hair_count, m.field_area_cm2, round (m.total_density, 1)
  FROM patients p JOIN visits v ON v.patient_id = p.id JOIN measurements m ON m.visit_id = v.id
  WHERE p.name LIKE 'Martin Keller%' AND v.visit_date = '$today' AND m.region = 'frontal'")
if [ "$row" = "91|0.65|140.0" ]; then
  echo "ok 1 a visit logged with the keyboard alone is stored: $row"
else
  echo "not ok 1 expected 91|0.65|140.0 for today's frontal values, got '$row'"
  exit 1
fi
