#!/usr/bin/env bash
# P5Sweep: see bench/README.md. Settings are environment variables (BENCH_*); BENCH_SKIP_BUILD=1 reuses target/.
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" P5Sweep "$@"
