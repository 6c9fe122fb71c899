#!/usr/bin/env bash
# check-layers.sh — the one-way flow of the code (README.md, Architecture).
#
#   analysis/<layer>/ may include headers of its own layer and of the layers
#   below it: core < io < net < cover < siting < pipeline < app.
#   render/ may include render/ and analysis/core, analysis/io only (it reads
#   results through the schema reader in io/, never analysis internals).
#   analysis/ includes no cairo or pango header.
#
# Prints one line per violation ("FILE: includes HEADER (layer X above Y)")
# and exits 1 if there is any.  Run by make test.
set -u
cd "$(dirname "$0")/.."
layers=(core io net cover siting pipeline app)
declare -A rank where
for i in "${!layers[@]}"; do rank[${layers[$i]}]=$i; done
for l in "${layers[@]}"; do
  for h in analysis/$l/*.h; do [ -e "$h" ] && where[$(basename "$h")]=$l; done
done
for h in render/*.h; do where[$(basename "$h")]=render; done
bad=0
check() { # FILE OWN_LAYER
  local f=$1 own=$2 inc lay
  while IFS= read -r inc; do
    lay=${where[$inc]:-}
    if [ -z "$lay" ]; then
      echo "$f: includes \"$inc\", which is in no layer"; bad=1; continue
    fi
    if [ "$own" = render ]; then
      case $lay in render|core|io) ;; *) echo "$f: includes $inc (analysis/$lay; render/ may use core and io only)"; bad=1 ;; esac
    elif [ "$lay" = render ]; then
      echo "$f: includes $inc (render/; analysis/ never includes drawing code)"; bad=1
    elif [ "${rank[$lay]}" -gt "${rank[$own]}" ]; then
      echo "$f: includes $inc (layer $lay is above $own)"; bad=1
    fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
}
for l in "${layers[@]}"; do
  for f in analysis/$l/*.[ch]; do
    [ -e "$f" ] || continue
    check "$f" "$l"
    if grep -Eq '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(cairo|pango)' "$f"; then
      echo "$f: includes cairo or pango (analysis/ links no drawing library)"; bad=1
    fi
  done
done
for f in render/*.[ch]; do check "$f" render; done
if [ $bad -ne 0 ]; then
  echo "check-layers: the include graph breaks the layering (see above)" >&2
  exit 1
fi
echo "check-layers: ok"
