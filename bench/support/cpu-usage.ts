import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Where the machine's CPU went during a phase, from /proc (Linux; elsewhere it says nothing):
 * the Kontor Server process, PostgreSQL (the postmaster and every backend, including those
 * that ended during the phase), this benchmark process (its clients or the raw replay), and
 * everything else — on a shared build machine, other people's work.
 */
export interface CpuMeter {
  /** `CPU in cores: server 0.71, PostgreSQL 0.83, …` since the meter started. */
  stop(): string;
}

interface Sample {
  at: number;
  server: number;
  postgres: number;
  bench: number;
  desk: number;
  busy: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** `desk`: a Kontor Desk process of the benchmark's (bench/desk/desk-process.ts), counted on its own. */
export function startCpuMeter(pids: { server: number; postmaster: number; desk?: number }): CpuMeter {
  const take = (): Sample | null => {
    try {
      const desk = pids.desk === undefined ? 0 : ownTicks(pids.desk);
      return { at: performance.now(), server: ownTicks(pids.server), postgres: postgresTicks(pids.postmaster), bench: ownTicks(process.pid), desk, busy: machineBusyTicks() };
    } catch {
      return null;
    }
  };
  const first = take();
  return {
    stop() {
      const last = take();
      if (!first || !last) return '    CPU: not measured (no /proc)';
      const seconds = (last.at - first.at) / 1000;
      const cores = (key: keyof Omit<Sample, 'at'>): number => (last[key] - first[key]) / ticksPerSecond / seconds;
      const others = cores('busy') - cores('server') - cores('postgres') - cores('bench') - cores('desk');
      const desk = pids.desk === undefined ? [] : [`Desk process ${cores('desk').toFixed(2)}`];
      const parts = [`server ${cores('server').toFixed(2)}`, `PostgreSQL ${cores('postgres').toFixed(2)}`, ...desk, `benchmark process ${cores('bench').toFixed(2)}`, `everything else ${Math.max(0, others).toFixed(2)}`];
      return `    CPU in cores (of ${os.cpus().length}): ${parts.join(', ')}`;
    },
  };
}

/** utime + stime of a process, and for the postmaster also of its ended children (cutime + cstime). */
function statTicks(pid: number, withChildren: boolean): { ticks: number; ppid: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number): number => Number(fields[n - 3]);
  return { ticks: field(14) + field(15) + (withChildren ? field(16) + field(17) : 0), ppid: field(4) };
}

function ownTicks(pid: number): number {
  return statTicks(pid, false).ticks;
}

function postgresTicks(postmaster: number): number {
  let ticks = statTicks(postmaster, true).ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const child = statTicks(Number(entry), false);
      if (child.ppid === postmaster) ticks += child.ticks;
    } catch {
      // Ended between the listing and the read: its time is in the postmaster's cutime now.
    }
  }
  return ticks;
}

function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/u).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  return cpu.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
}
