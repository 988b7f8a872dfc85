#!/usr/bin/env bash
# test-due-keys.sh WINDOW-PROGRAM FOLLICLE
#
# The Due window from the keyboard, with real key events (XTest, through
# xdotool) into the real window under Xvfb: Ctrl+Shift+L opens it, Escape
# closes it.
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

echo "1..2"
wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^clinic\.db — Follicle$" | head -n 1)
[ -n "$wid" ] || { echo "not ok 1 the window did not open"; exit 1; }
xdotool windowfocus --sync "$wid"
sleep 2

xdotool key --clearmodifiers ctrl+shift+l
due=$(timeout 30 xdotool search --sync --onlyvisible --name "^Due This Week and Overdue$" | head -n 1)
if [ -n "$due" ]; then echo "ok 1 Ctrl+Shift+L opens the Due window"; else
  echo "not ok 1 Ctrl+Shift+L did not open the Due window"; exit 1; fi

xdotool windowfocus --sync "$due"
sleep 1
xdotool key --clearmodifiers Escape
closed=no
for _ in $(seq 1 50); do
  if ! xdotool search --onlyvisible --name "^Due This Week and Overdue$" >/dev/null 2>&1; then closed=yes; break; fi
  sleep 0.1
done
if [ $closed = yes ]; then echo "ok 2 Escape closes it"; else echo "not ok 2 Escape did not close it"; fi

xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --clearmodifiers ctrl+q
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
[ $closed = yes ]
