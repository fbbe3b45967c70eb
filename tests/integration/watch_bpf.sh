#!/usr/bin/env bash
# `ifwho watch` with its BPF request tracer: every creator named exactly, even one gone in
# milliseconds.
WATCH_ARGS=""
WATCH_CONF="exact"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"
t_check "the watcher says it attributes by BPF" '.[0].note | test("attribution by BPF")'
t_check "every attributed event of this test is exact" \
	"[.[] | select(.name // \"\" | startswith(\"$P\")) | select(.creator != null) |
	  select(.creator.confidence != \"exact\")] | length == 0"
t_done
