#!/usr/bin/env bash
# make bench: mediation bootstrap against lavaan and R boot (bench/mediate.sh).
exec bash "$(dirname "$0")/mediate.sh" "$1"
