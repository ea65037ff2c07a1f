/** Helpers for sync tests: push mutations and pull everything as a device would. */
import { uuidv7 } from 'uuidv7';
import type { Change } from '../../domain/sync/rows';
import { employee, signupOrg, type Harness } from '../testing/harness';

export function mutation(name: string, args: unknown, id = uuidv7()) {
	return { id, name, args, createdAt: Date.now() };
}

export async function push(
	h: Harness,
	token: string,
	mutations: unknown[],
	clientId = 'test-device'
) {
	return h.call('POST', '/api/sync/push', { clientId, mutations }, { token });
}

/** Pulls every page from `cursor` and folds the changes into a map per table. */
export async function pullAll(
	h: Harness,
	token: string,
	limit = 1000,
	cursor?: string,
	/** A device's state to apply the changes onto (a later pull from `cursor`). */
	state = new Map<string, Map<string, unknown>>()
) {
	const changes: Change[] = [];
	let pages = 0;
	for (;;) {
		const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
		const res = await h.call('GET', `/api/sync/pull?${q}`, undefined, { token });
		if (res.status !== 200) throw new Error(`pull ${res.status} ${JSON.stringify(res.body)}`);
		pages++;
		for (const c of res.body.changes as Change[]) {
			changes.push(c);
			const table = state.get(c.table) ?? new Map();
			state.set(c.table, table);
			if (c.op === 'put') table.set(c.row.id, c.row);
			else table.delete(c.id);
		}
		cursor = res.body.cursor;
		if (!res.body.hasMore) return { state, changes, cursor: cursor!, pages };
	}
}

/** Pushes one mutation as `token`'s user and returns its result; the request itself must pass. */
export async function pushOne(h: Harness, token: string, name: string, args: unknown) {
	const res = await push(h, token, [mutation(name, args)]);
	if (res.status !== 200) throw new Error(`push ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.results[0];
}

/**
 * The cast of the field-work tests: an organization with a manager and two reps in its main
 * branch, a rep in a second branch, and another organization with a rep of its own, whose ids
 * must answer like missing ones.
 */
export async function fieldTeam(h: Harness) {
	const org = await signupOrg(h);
	const other = await signupOrg(h);
	const far = await h.call('POST', '/api/branches', { name: 'Far' }, { token: org.token });
	const farBranch = far.body.branch.id as string;
	return {
		org,
		other,
		farBranch,
		manager: await employee(h, org.token, 'manager', org.branchId),
		rep: await employee(h, org.token, 'rep', org.branchId),
		otherRep: await employee(h, org.token, 'rep', org.branchId),
		farRep: await employee(h, org.token, 'rep', farBranch),
		theirRep: await employee(h, other.token, 'rep', other.branchId)
	};
}
