#!/usr/bin/env bash
# make bench: CFA fits and bootstrap against lavaan (bench/sem.sh).
exec bash "$(dirname "$0")/sem.sh" "$1"
