#!/usr/bin/env bash
# Stops the Slurm daemons that install-local-slurm.sh started, as listed (one name a line) in the file given as $1, and
# waits until they are gone. Daemons not in the list (e.g. a cluster that was already running) are left alone.
set -uo pipefail
list=${1:?usage: stop-local-slurm.sh STARTED-LIST}
[[ -s $list ]] || exit 0
# Jobs first, so that no job step outlives the cluster; then the daemons in reverse order of starting.
if grep -qx slurmctld "$list" && command -v scancel >/dev/null; then scancel --full --quiet --user=root 2>/dev/null || true; fi
for daemon in $(tac "$list"); do
  case $daemon in munged|slurmctld|slurmd) ;; *) continue ;; esac
  pkill -TERM -x "$daemon" 2>/dev/null || true
  for _ in $(seq 1 50); do pgrep -x "$daemon" >/dev/null || break; sleep 0.2; done
  pkill -KILL -x "$daemon" 2>/dev/null || true
done
# slurmstepd processes of jobs the controller did not end.
pkill -KILL -x slurmstepd 2>/dev/null || true
exit 0
