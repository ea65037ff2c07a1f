/**
 * The branch's sales reps, for planning routes and reading plan against fact. Employees are not
 * synced rows; the last list fetched is kept on the device so names still show offline.
 */
import { listEmployees, type Employee } from './admin.service';
import { getMeta, setMeta } from './sync/db';

const KEY = 'reps';

export interface Rep {
	id: string;
	name: string;
	branchId: string | null;
}

/** The reps, fresh when the network allows, else the last list seen (`stale: true`). */
export async function loadReps(): Promise<{ reps: Rep[]; stale: boolean }> {
	try {
		const reps = (await listEmployees())
			.filter((e: Employee) => e.role === 'rep' && e.active)
			.map(({ id, name, branchId }) => ({ id, name, branchId }));
		await setMeta(KEY, reps);
		return { reps, stale: false };
	} catch {
		return { reps: (await getMeta<Rep[]>(KEY)) ?? [], stale: true };
	}
}
