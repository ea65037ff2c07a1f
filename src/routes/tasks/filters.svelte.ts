/**
 * The filters the gallery and the audit reports share (trade point, rep, template, period), and
 * the names they show, from the manager's device: submitted tasks are synced rows (a manager
 * has their branch's), reps come from the last employee list fetched.
 */
import { liveQuery } from 'dexie';
import { loadReps, type Rep } from '$lib/client/reps';
import { session } from '$lib/client/session.svelte';
import { db } from '$lib/client/sync/db';
import { matches, type AuditFilter } from '$lib/domain/field/audit-report';
import type {
	ProductRow,
	TaskTemplateRow,
	TradePointRow,
	VisitTaskRow
} from '$lib/domain/sync/rows';
import { dayOf, midnightIn } from '$lib/domain/time';

const DAY = 86_400_000;

export class AuditFilters {
	tz = $derived(session.organization?.timezone ?? 'UTC');
	from = $state(dayOf(Date.now() - 29 * DAY, session.organization?.timezone ?? 'UTC').date);
	to = $state(dayOf(Date.now(), session.organization?.timezone ?? 'UTC').date);
	tradePointId = $state('');
	authorId = $state('');
	templateId = $state('');

	tasks = $state<VisitTaskRow[]>([]);
	templates = $state<TaskTemplateRow[]>([]);
	points = $state<TradePointRow[]>([]);
	products = $state<ProductRow[]>([]);
	reps = $state<Rep[]>([]);

	// Lookups rebuilt whole whenever the rows change, never changed in place.
	/* eslint-disable svelte/prefer-svelte-reactivity */
	templateById = $derived(new Map(this.templates.map((x) => [x.id, x])));
	pointById = $derived(new Map(this.points.map((x) => [x.id, x])));
	productById = $derived(new Map(this.products.map((x) => [x.id, x])));
	repById = $derived(new Map(this.reps.map((x) => [x.id, x])));
	/* eslint-enable svelte/prefer-svelte-reactivity */

	get filter(): AuditFilter {
		return {
			tradePointId: this.tradePointId || undefined,
			authorId: this.authorId || undefined,
			templateId: this.templateId || undefined,
			from: this.from ? midnightIn(this.from, this.tz) : undefined,
			to: this.to ? midnightIn(this.to, this.tz) + DAY : undefined
		};
	}

	/** The submitted tasks the filters select, newest first. */
	shown = $derived(
		this.tasks.filter((x) => matches(x, this.filter)).sort((a, b) => b.submittedAt - a.submittedAt)
	);

	/** Reads the device's rows (and keeps them current) until the returned function is called. */
	start(): () => void {
		const subs = [
			liveQuery(() => db.visitTasks.toArray()).subscribe((r) => (this.tasks = r)),
			liveQuery(() => db.taskTemplates.toArray()).subscribe((r) => (this.templates = r)),
			liveQuery(() => db.tradePoints.toArray()).subscribe((r) => (this.points = r)),
			liveQuery(() => db.products.toArray()).subscribe((r) => (this.products = r))
		];
		void loadReps().then(({ reps }) => (this.reps = reps));
		return () => subs.forEach((s) => s.unsubscribe());
	}

	dayOf = (at: number) => dayOf(at, this.tz).date;
}
