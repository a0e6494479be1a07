#!/usr/bin/env bash
# make bench: multi-group model comparison against lavaan (bench/sem_mg_compare.sh).
exec bash "$(dirname "$0")/sem_mg_compare.sh" "$1"
