#!/usr/bin/env bash
# make bench: categorical CFA (WLSMV) against lavaan (bench/sem_ordinal.sh).
exec bash "$(dirname "$0")/sem_ordinal.sh" "$1"
