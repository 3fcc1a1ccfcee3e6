#!/usr/bin/env bash
# P4Memory: see bench/README.md. Settings are environment variables (BENCH_*); BENCH_SKIP_BUILD=1 reuses target/.
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" P4Memory "$@"
