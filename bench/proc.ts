/** What Linux's /proc says of another process, for benchmarks that run the server apart. */
import { readFileSync } from 'node:fs';

/**
 * User + system CPU a process has used so far, in seconds (clock ticks of 10 ms): less moved by
 * the machine's other load than wall time. Fields are read after the command's name, which may
 * itself hold spaces and ")".
 */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime: fields 14 and 15 of stat, 11 and 12 after the name and the state.
	return (Number(fields[11]) + Number(fields[12])) / 100;
}
