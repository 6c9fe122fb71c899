#!/usr/bin/env bash
# check-layers.sh — the one-way flow of the code (README.md, Architecture).
#
#   analysis/<layer>/ may include headers of its own layer and of the layers
#   below it: core < io < net < cover < siting < pipeline < app.
#   render/ may include render/ and analysis/core, analysis/io only (it reads
#   results through the schema reader in io/, never analysis internals).
#   analysis/ includes no cairo or pango header.
#   No circles between modules (a module is X.c with X.h and its private
#   X_private.h or X_internal.h): if A includes B, B does not include A,
#   directly or through others.
#
# Prints one line per violation ("FILE: includes HEADER (layer X above Y)")
# and exits 1 if there is any.  Run by make test.
set -u
cd "$(dirname "$0")/.."
layers=(core io net cover siting pipeline app)
declare -A rank where dir
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for i in "${!layers[@]}"; do rank[${layers[$i]}]=$i; done
for l in "${layers[@]}"; do
  for h in analysis/$l/*.h; do
    # a name in two layers: the first in -I order (core ... app), as the compiler finds it
    [ -e "$h" ] && [ -z "${where[$(basename "$h")]:-}" ] &&
      where[$(basename "$h")]=$l && dir[$(basename "$h")]=analysis/$l
  done
done
for h in render/*.h; do where[$(basename "$h")]=render; dir[$(basename "$h")]=render; done
bad=0
check() { # FILE OWN_LAYER
  local f=$1 own=$2 inc lay
  while IFS= read -r inc; do
    # as the compiler does: the including file's folder first (two layers
    # may hold headers of the same name, e.g. siting/ and pipeline/
    # mobile.h; a path like "../siting/mobile.h" names the other one)
    local rel incdir
    rel=$(realpath -m --relative-to=. "$(dirname "$f")/$inc")
    if [ -e "$rel" ] && [ -n "$(basename "$(dirname "$rel")")" ]; then
      incdir=$(dirname "$rel")
      case $incdir in
        analysis/*) lay=${incdir#analysis/} ;;
        render) lay=render ;;
        *) lay= ;;
      esac
    else
      incdir=${dir[$inc]:-}
      lay=${where[$inc]:-}
    fi
    if [ -z "$lay" ]; then
      echo "$f: includes \"$inc\", which is in no layer"; bad=1; continue
    fi
    # a private header (X_private.h, X_internal.h) belongs to module X
    from=${f%.*}; from=${from%_private}; from=${from%_internal}
    to=$incdir/$(basename "${inc%.h}"); to=${to%_private}; to=${to%_internal}
    [ "$from" = "$to" ] || echo "$from $to" >> "$edges"
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
# Circles: tsort names the modules of each loop it finds.
if ! loops=$(tsort "$edges" 2>&1 >/dev/null) || [ -n "$loops" ]; then
  echo "module circle(s):"; printf '%s\n' "$loops" | grep -v 'input contains a loop' | sed 's/^tsort: /  /'
  bad=1
fi
if [ $bad -ne 0 ]; then
  echo "check-layers: the include graph breaks the layering (see above)" >&2
  exit 1
fi
echo "check-layers: ok"
