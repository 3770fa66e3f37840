#!/usr/bin/env bash
# Installs Debian's Slurm (slurmctld, slurmd, munge) and runs a one-node cluster on this machine, for the sweep tests and
# for trying `dissimnet sweep --slurm` without a cluster. Needs root and Debian's package archive. Safe to run again:
# daemons already answering are left alone. Not needed to build, test or use DissimNet otherwise; `dotnet test` never
# runs it (.ci/run does, and stops what it started with stop-local-slurm.sh).
# With DISSIMNET_SLURM_STARTED=FILE, the name of each daemon this run started (itself or through apt) is appended to FILE.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then echo "install-local-slurm: needs root" >&2; exit 1; fi

# Which daemons run before this script does anything: any other one running at its end was started by this run, by the
# script itself or by a package's install scripts (Debian's start the daemons they install where they can).
daemons=(munged slurmctld slurmd)
running_before=$(for d in "${daemons[@]}"; do if pgrep -x "$d" >/dev/null; then echo "$d"; fi; done)
record_started() {
  [[ -n ${DISSIMNET_SLURM_STARTED:-} ]] || return 0
  for d in "${daemons[@]}"; do
    if pgrep -x "$d" >/dev/null && ! grep -qx "$d" <<<"$running_before"; then echo "$d" >> "$DISSIMNET_SLURM_STARTED"; fi
  done
}
trap record_started EXIT

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null; }
fi

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) * 9 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
# One-node cluster for DissimNet's sweep tests (build/slurm/install-local-slurm.sh).
ClusterName=dissimnet-local
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN
PartitionName=local Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF

# munge: a key (the package makes one; make it if missing), then the daemon.
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then runuser -u munge -- /usr/sbin/munged; fi

if ! pgrep -x slurmctld >/dev/null; then /usr/sbin/slurmctld; fi
if ! pgrep -x slurmd >/dev/null; then /usr/sbin/slurmd; fi

# Wait until the node takes jobs.
for _ in $(seq 1 60); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    echo "install-local-slurm: one-node cluster '${host}' ready (${cpus} CPUs, ${memory} MB)"
    exit 0
  fi
  sleep 1
done
echo "install-local-slurm: the node did not come up; see /var/log/slurm/" >&2
sinfo >&2 || true
exit 1
