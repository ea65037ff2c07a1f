import type { ArgsOf } from '../../../domain/sync/registry';
import type { LocalWriter } from './writer';

/** Local effects of route planning: the route as the manager left it; the server assigns the branch. */
export const routeMutators = {
	async 'route.upsert'(w: LocalWriter, a: ArgsOf<'route.upsert'>) {
		const existing = await w.get('routes', a.id);
		await w.put('routes', {
			id: a.id,
			version: existing?.version ?? 0,
			updatedAt: w.context.now,
			branchId: existing?.branchId ?? w.context.branchId ?? '',
			repId: a.repId,
			name: a.name,
			weekdays: a.date ? [] : [...new Set(a.weekdays ?? [])].sort(),
			date: a.date ?? null,
			stops: a.stops,
			archived: false
		});
	},

	async 'route.archive'(w: LocalWriter, a: ArgsOf<'route.archive'>) {
		const existing = await w.get('routes', a.id);
		if (existing) await w.put('routes', { ...existing, archived: true });
	}
};
