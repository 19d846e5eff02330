#!/usr/bin/env bash
# Installs what Arcadia needs on a Debian machine, and only what is missing:
#   - npm dependencies (npm ci) when node_modules is absent or older than the lock file;
#   - redis-server from Debian's packages;
#   - poppler-utils from Debian's packages (the invoice PDF tests read PDFs back with pdftotext);
#   - a MongoDB-wire server: nothing if `mongod` is installed or MONGODB_URI is set,
#     else FerretDB 1.24.2 built from the Go module proxy, on Debian's `postgresql`.
# Safe to run again: each step says whether it did anything.
set -euo pipefail
cd "$(dirname "$0")/.."

FERRETDB_VERSION=v1.24.2
FERRETDB_MODULE=github.com/FerretDB/FerretDB

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- npm dependencies -------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
else
  say "npm dependencies are up to date"
fi

# --- Redis ------------------------------------------------------------------
if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  say "redis-server is installed ($(redis-server --version | awk '{print $3}'))"
else
  say "installing redis-server from Debian's packages"
  apt_install redis-server
  say "installed redis-server"
fi

# --- poppler-utils (pdftotext, for the invoice PDF tests) ----------------------
if command -v pdftotext >/dev/null 2>&1; then
  say "poppler-utils is installed"
else
  say "installing poppler-utils from Debian's packages"
  apt_install poppler-utils
  say "installed poppler-utils"
fi

# --- MongoDB-wire server ----------------------------------------------------
gobin() {
  local dir
  dir="$(go env GOBIN)"
  [ -n "$dir" ] || dir="$(go env GOPATH | cut -d: -f1)/bin"
  printf '%s' "$dir"
}

ferretdb_ok() {
  # A healthy binary prints its version; a module build without its version file panics instead.
  # The output is captured before matching: piping into `grep -q` under pipefail fails at random,
  # because grep exits at the first line and FerretDB dies of SIGPIPE writing the next one.
  local bin="$1" out
  [ -x "$bin" ] || return 1
  out="$("$bin" --version 2>/dev/null)" || return 1
  [[ "$out" == *"version: ${FERRETDB_VERSION}"* ]]
}

if command -v mongod >/dev/null 2>&1; then
  say "mongod is installed; tests use it"
elif [ -n "${MONGODB_URI:-}" ]; then
  say "MONGODB_URI is set; using that server"
else
  # FerretDB stores its data in PostgreSQL; the tests start a throwaway cluster of their own, so
  # Debian's service (which the package starts) is not used.
  if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "PostgreSQL is installed ($(ls -d /usr/lib/postgresql/*/bin/postgres | cut -d/ -f5 | sort -V | tail -1))"
  else
    say "installing postgresql from Debian's packages (for FerretDB)"
    apt_install postgresql
    say "installed postgresql"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "setup: Go is needed to build FerretDB (no mongod here). Install Go 1.22 or newer, then run npm run setup again." >&2
    exit 1
  fi
  bin="$(gobin)/ferretdb"
  if ferretdb_ok "$bin"; then
    say "FerretDB ${FERRETDB_VERSION} is installed at $bin"
  else
    say "installing FerretDB ${FERRETDB_VERSION} (go install ${FERRETDB_MODULE}/cmd/ferretdb@${FERRETDB_VERSION})"
    # Build into a scratch dir and move into place at the end, so a running test never picks up
    # a half-made binary.
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    GOBIN="$work/bin" go install "${FERRETDB_MODULE}/cmd/ferretdb@${FERRETDB_VERSION}"
    if ! ferretdb_ok "$work/bin/ferretdb"; then
      # FerretDB embeds build/version/version.txt, which its release tooling writes and the module
      # zip lacks, so a plain `go install` binary panics at start. Build the same module source
      # with that one file added.
      say "go install produced a binary without its version file; rebuilding from the module source"
      src="$(go env GOMODCACHE)/$(echo "$FERRETDB_MODULE" | sed -E 's/([A-Z])/!\L\1/g')@${FERRETDB_VERSION}"
      cp -r "$src" "$work/ferretdb"
      chmod -R u+w "$work/ferretdb"
      echo "${FERRETDB_VERSION}" > "$work/ferretdb/build/version/version.txt"
      (cd "$work/ferretdb" && go build -o "$work/bin/ferretdb" ./cmd/ferretdb)
    fi
    mkdir -p "$(dirname "$bin")"
    mv -f "$work/bin/ferretdb" "$bin"
    ferretdb_ok "$bin" || { echo "setup: FerretDB build failed; see the output above" >&2; exit 1; }
    say "installed FerretDB ${FERRETDB_VERSION} at $bin (always run with --telemetry=disable)"
  fi
fi
say "done"
