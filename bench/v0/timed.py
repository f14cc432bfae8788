#!/usr/bin/env python3
"""Runs a command and writes one JSON object about the run to a file:

    timed.py OUTFILE CPUS CMD [ARGS...]      (exit status: the command's)

  wall_s          wall-clock time of the command
  user_s, sys_s   its CPU time (getrusage of the child: microseconds, unlike /usr/bin/time's 10 ms)
  max_rss_kib     its peak resident set size
  others_cores    how many cores' worth of CPU time everything else on the machine used meanwhile,
                  on the cores listed in CPUS (e.g. "0" or "0,1"): busy time of those cores from
                  /proc/stat (user, nice, system, irq, softirq, steal) minus the command's own CPU
                  time, divided by the wall time. 0 = the command had its cores to itself; 1 = on
                  average another process kept one of them busy the whole time.
  load1_before    the 1-minute load average when the command started

The command is assumed to run only on CPUS (run it under `taskset -c CPUS`).
"""
import json
import os
import resource
import subprocess
import sys
import time


def busy_ticks(cpus):
    ticks = 0
    with open("/proc/stat") as f:
        for line in f:
            name, *vals = line.split()
            if name.startswith("cpu") and name[3:].isdigit() and int(name[3:]) in cpus:
                v = [int(x) for x in vals]
                # user nice system idle iowait irq softirq steal ...
                ticks += v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)
    return ticks


def main():
    out, cpus, cmd = sys.argv[1], {int(c) for c in sys.argv[2].split(",")}, sys.argv[3:]
    hz = os.sysconf("SC_CLK_TCK")
    load1 = float(open("/proc/loadavg").read().split()[0])
    b0 = busy_ticks(cpus)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd)
    wall = time.perf_counter() - t0
    b1 = busy_ticks(cpus)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = ru.ru_utime + ru.ru_stime
    others = max(0.0, (b1 - b0) / hz - own) / wall if wall > 0 else 0.0
    with open(out, "w") as f:
        json.dump({"wall_s": round(wall, 6), "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
                   "max_rss_kib": ru.ru_maxrss, "others_cores": round(others, 3),
                   "load1_before": load1}, f)
        f.write("\n")
    sys.exit(rc if rc >= 0 else 128 - rc)


if __name__ == "__main__":
    main()
