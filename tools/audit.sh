#!/bin/sh
# pip-audit over the lock file. Without a reachable advisory source (PyPI's JSON API or OSV)
# every package comes back "could not be audited": say so and skip instead of passing silently.
set -u
BIN=$1
LOCK=$2
"$BIN/python" -m pip install --quiet pip-audit >/dev/null 2>&1 || {
  echo "audit skipped: pip-audit could not be installed"; exit 0; }
out=$("$BIN/pip-audit" --requirement "$LOCK" --no-deps --disable-pip --progress-spinner off 2>&1)
status=$?
total=$(grep -c '==' "$LOCK")
unaudited=$(printf '%s\n' "$out" | grep -c 'could not be audited')
if [ "$unaudited" -ge "$total" ]; then
  echo "audit skipped: no advisory source reachable ($unaudited of $total locked packages could not be looked up)"
  exit 0
fi
printf '%s\n' "$out"
exit $status
