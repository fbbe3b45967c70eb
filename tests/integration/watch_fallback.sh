#!/usr/bin/env bash
# `ifwho watch` without BPF: attribution from the proc connector (a lower confidence).
WATCH_ARGS="--no-bpf"
WATCH_CONF="likely"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"
t_done
