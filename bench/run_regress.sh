#!/usr/bin/env bash
# make bench: OLS on 10M rows against R (bench/regress.sh).
exec bash "$(dirname "$0")/regress.sh" "$1/ambidex"
