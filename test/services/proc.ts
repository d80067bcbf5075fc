/**
 * Processes read from /proc (Linux), with no procps needed: the tests' services list a server's
 * processes, the benchmarks add up their CPU time.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on Linux whatever the kernel's HZ. */
export const TICKS = 100;

/**
 * A process's name (comm) and the fields of its stat line after the name: `fields[1]` is the
 * parent's pid, `fields[11]` and `fields[12]` the user and system CPU ticks (fields 14 and 15
 * of the line). Undefined once the process is gone. comm may hold spaces and parentheses, so the
 * fields are read after its last ')'.
 */
export function readStat(pid: number): { name: string; fields: string[] } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const end = stat.lastIndexOf(')');
  return {
    name: stat.slice(stat.indexOf('(') + 1, end),
    fields: stat.slice(end + 2).split(' '),
  };
}

/** CPU ticks (user and system, threads included) a process has used so far; 0 once it is gone. */
export function cpuTicks(pid: number): number {
  const fields = readStat(pid)?.fields;
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = readStat(Number(entry))?.fields[1];
    if (parent === undefined) continue; // gone meanwhile
    const ppid = Number(parent);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}
