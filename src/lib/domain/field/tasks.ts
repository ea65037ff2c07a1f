/**
 * Store work (issue 17): task templates a manager builds, and the rep's answers at a stop.
 *
 * A template is a list of questions (yes/no, number, choice, text, date, photo) and, optionally,
 * product rows (for each product of its list: present, facings, shelf price, expiry soon, the
 * competitor's product and price). It is assigned to channels, trade points or routes (none of
 * them: every trade point), repeats every visit, weekly or once per trade point, weighs into the
 * visit's perfect-store score, and may be required before check-out. Templates are archived,
 * never deleted: answers keep naming them.
 *
 * Everything here is pure: the device decides what is due and scores a visit from its own data,
 * and the server runs the same checks in the plan (task-plans.ts).
 */
import { z } from 'zod';
import { fieldError, type FieldErrors } from '../errors';
import { CHANNELS, MAX_PRICE, uuid } from '../catalog/schemas';
import { because, id, optionalText, plainText, text } from '../validation';
import { dayOf } from '../time';

export const QUESTION_KINDS = ['yesno', 'number', 'choice', 'text', 'date', 'photo'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const TASK_PERIODS = ['visit', 'week', 'once'] as const;
export type TaskPeriod = (typeof TASK_PERIODS)[number];

export const MAX_QUESTIONS = 50;
export const MAX_TASK_PRODUCTS = 200;
export const MAX_PHOTOS_PER_QUESTION = 10;
export const MAX_TEXT_ANSWER = 2000;

export const questionSchema = z
	.strictObject({
		/** Stable within the template: answers are keyed by it. */
		id,
		kind: z.enum(QUESTION_KINDS),
		label: text(200),
		required: z.boolean(),
		/** The choices of a `choice` question. */
		options: z.array(text(120)).max(30, 'At most 30 choices').optional(),
		/** A photo question's least and most photos (a required one takes at least one). */
		min: z.number().int().min(0).max(MAX_PHOTOS_PER_QUESTION).optional(),
		max: z.number().int().min(1).max(MAX_PHOTOS_PER_QUESTION).optional()
	})
	.refine((q) => q.kind !== 'choice' || (q.options?.length ?? 0) >= 2, {
		path: ['options'],
		...because('too_small', 'At least two choices', { min: 2 })
	})
	.refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, {
		path: ['min'],
		...because('too_big', 'More than the most', { max: MAX_PHOTOS_PER_QUESTION })
	});
export type Question = z.output<typeof questionSchema>;

const uniqueList = (what: string) =>
	because('duplicate', `${what} is named twice`) as ReturnType<typeof because>;

export const taskTemplateUpsertArgs = z.strictObject({
	id: uuid,
	name: text(120),
	questions: z
		.array(questionSchema)
		.max(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions`)
		.refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, uniqueList('A question')),
	/** The products of the template's product rows; empty: none. */
	productIds: z
		.array(uuid)
		.max(MAX_TASK_PRODUCTS, `At most ${MAX_TASK_PRODUCTS} products`)
		.refine((l) => new Set(l).size === l.length, uniqueList('A product')),
	/** Where it is due: trade points of these channels, these trade points, these routes' stops. */
	channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
	tradePointIds: z.array(uuid).max(500),
	routeIds: z.array(uuid).max(100),
	period: z.enum(TASK_PERIODS),
	/** Its share of the perfect-store score (0: not scored). */
	weight: z.number().int().min(0).max(100),
	/** Check-out waits until it is submitted. */
	required: z.boolean(),
	archived: z.boolean().default(false)
});
export type TaskTemplateArgs = z.output<typeof taskTemplateUpsertArgs>;

/** An answer: yes/no, a number, text (choice, text, date YYYY-MM-DD), or photo ids. */
export type AnswerValue = boolean | number | string | string[];

export const productRowSchema = z.strictObject({
	productId: uuid,
	present: z.boolean(),
	facings: z.number().int().min(0).max(10_000).nullable(),
	/** Minor units. */
	shelfPrice: z.number().int().min(0).max(MAX_PRICE).nullable(),
	expirySoon: z.boolean(),
	competitor: optionalText(120).nullable().default(null),
	competitorPrice: z.number().int().min(0).max(MAX_PRICE).nullable()
});
export type ProductRowAnswer = z.output<typeof productRowSchema>;

export const visitTaskSubmitArgs = z.strictObject({
	/** The submission's id: sending it again (edited) replaces it. */
	id: uuid,
	visitId: uuid,
	templateId: uuid,
	answers: z.record(
		id,
		z.union([
			z.boolean(),
			z.number().finite(),
			plainText().max(MAX_TEXT_ANSWER),
			z.array(uuid).max(MAX_PHOTOS_PER_QUESTION)
		])
	),
	products: z
		.array(productRowSchema)
		.max(MAX_TASK_PRODUCTS)
		.refine((l) => new Set(l.map((r) => r.productId)).size === l.length, uniqueList('A product')),
	at: z.number().int().positive()
});
export type VisitTaskArgs = z.output<typeof visitTaskSubmitArgs>;

/** A template as the device and the rules see it (the synced row's fields). */
export interface TemplateRef {
	id: string;
	name: string;
	questions: Question[];
	productIds: string[];
	channels: string[];
	tradePointIds: string[];
	routeIds: string[];
	period: TaskPeriod;
	weight: number;
	required: boolean;
	archived: boolean;
}

/** A submitted task as the rules see it. */
export interface SubmissionRef {
	id: string;
	visitId: string;
	templateId: string;
	tradePointId: string;
	answers: Record<string, AnswerValue>;
	products: ProductRowAnswer[];
	submittedAt: number;
}

/** The photo ids a submission names, in question order then as given. */
export function photoIdsOf(answers: Record<string, AnswerValue>): string[] {
	return Object.values(answers).flatMap((v) => (Array.isArray(v) ? v : []));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) =>
	ISO_DATE.test(s) &&
	!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
	new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** How many photos a photo question takes: at least `min` (1 when required), at most `max`. */
export function photoBounds(q: Question): { min: number; max: number } {
	const min = Math.max(q.min ?? 0, q.required ? 1 : 0);
	return { min, max: Math.max(q.max ?? MAX_PHOTOS_PER_QUESTION, min) };
}

/**
 * What is wrong with a submission against its template: each field named (`answers.<question>`,
 * `products.<i>.<field>`), empty when it is fine. Run by the device before sending and by the
 * server before storing, so both refuse the same answers.
 * @example checkAnswers(template, { answers: {}, products: [] }) // { 'answers.q1': { code: 'required', … } }
 */
export function checkAnswers(
	template: Pick<TemplateRef, 'questions' | 'productIds'>,
	s: { answers: Record<string, AnswerValue>; products: readonly ProductRowAnswer[] }
): FieldErrors {
	const errors: FieldErrors = {};
	const known = new Set(template.questions.map((q) => q.id));
	for (const key of Object.keys(s.answers)) {
		if (!known.has(key)) errors[`answers.${key}`] = fieldError('invalid', 'No such question');
	}
	for (const q of template.questions) {
		const field = `answers.${q.id}`;
		const v = s.answers[q.id];
		const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
		if (q.kind === 'photo') {
			const n = Array.isArray(v) ? v.length : 0;
			if (v !== undefined && !Array.isArray(v)) errors[field] = fieldError('invalid', 'Not photos');
			const { min, max } = photoBounds(q);
			if (n < min) {
				errors[field] =
					n === 0 && q.required
						? fieldError('required', 'Required')
						: fieldError('too_small', `At least ${min} photos`, { min });
			} else if (n > max) errors[field] = fieldError('too_big', `At most ${max} photos`, { max });
			continue;
		}
		if (empty) {
			if (q.required) errors[field] = fieldError('required', 'Required');
			continue;
		}
		if (q.kind === 'yesno' && typeof v !== 'boolean') {
			errors[field] = fieldError('invalid', 'Yes or no');
		} else if (q.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) {
			errors[field] = fieldError('not_a_number', 'Not a number');
		} else if (q.kind === 'choice' && (typeof v !== 'string' || !q.options?.includes(v))) {
			errors[field] = fieldError('invalid', 'Not one of the choices');
		} else if (q.kind === 'text' && typeof v !== 'string') {
			errors[field] = fieldError('invalid', 'Not text');
		} else if (q.kind === 'date' && (typeof v !== 'string' || !isRealDate(v))) {
			errors[field] = fieldError('format', 'Not a date');
		}
	}
	const listed = new Set(template.productIds);
	s.products.forEach((r, i) => {
		if (!listed.has(r.productId)) {
			errors[`products.${i}.productId`] = fieldError('invalid', 'Not on this task’s list');
		}
		if (r.present && r.facings === null) {
			errors[`products.${i}.facings`] = fieldError('required', 'Required');
		}
	});
	const given = new Set(s.products.map((r) => r.productId));
	template.productIds.forEach((p, i) => {
		if (!given.has(p)) errors[`products.${i}.present`] = fieldError('required', 'Required');
	});
	return errors;
}

/**
 * What one submission scores, 0–100: the share of its yes/no answers that are "yes" and of its
 * product rows that are present on the shelf (a perfect store has all of them). A task with
 * neither scores 100 once done: doing it was the point.
 * @example taskScore({ questions: [yesno q1] }, { answers: { q1: false }, products: [] }) // 0
 */
export function taskScore(
	template: Pick<TemplateRef, 'questions'>,
	s: { answers: Record<string, AnswerValue>; products: readonly ProductRowAnswer[] }
): number {
	let points = 0;
	let of = 0;
	for (const q of template.questions) {
		if (q.kind !== 'yesno') continue;
		const v = s.answers[q.id];
		if (v === undefined) continue;
		of++;
		if (v === true) points++;
	}
	for (const r of s.products) {
		of++;
		if (r.present) points++;
	}
	return of === 0 ? 100 : Math.round((points / of) * 100);
}

/**
 * The visit's perfect-store score, 0–100: the tasks due at the visit, each weighed by its
 * template's weight, scoring what was submitted (a due task not done scores 0). Null when no
 * due task carries weight.
 * @example visitScore([{ weight: 3, score: 100 }, { weight: 1, score: null }]) // 75
 */
export function visitScore(
	tasks: readonly { weight: number; score: number | null }[]
): number | null {
	const weighed = tasks.filter((t) => t.weight > 0);
	const total = weighed.reduce((s, t) => s + t.weight, 0);
	if (total === 0) return null;
	return Math.round(weighed.reduce((s, t) => s + t.weight * (t.score ?? 0), 0) / total);
}

/** Whether a template is for this trade point: by channel, by the point itself, or by route. */
export function appliesTo(
	template: Pick<TemplateRef, 'channels' | 'tradePointIds' | 'routeIds'>,
	point: { id: string; channel: string | null },
	routes: readonly { id: string; stops: readonly string[] }[]
): boolean {
	const { channels, tradePointIds, routeIds } = template;
	if (!channels.length && !tradePointIds.length && !routeIds.length) return true;
	if (point.channel && channels.includes(point.channel)) return true;
	if (tradePointIds.includes(point.id)) return true;
	return routes.some((r) => routeIds.includes(r.id) && r.stops.includes(point.id));
}

/** Monday of the organization's week of an instant, YYYY-MM-DD: a weekly task's period. */
export function weekOf(at: number, timeZone = 'UTC'): string {
	const { date, weekday } = dayOf(at, timeZone);
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - (weekday - 1));
	return d.toISOString().slice(0, 10);
}

export interface DueTask {
	template: TemplateRef;
	/** This visit's submission of it, if sent. */
	submission: SubmissionRef | null;
}

/**
 * The tasks due at a visit, from the device's own data: each live template for this trade
 * point (by channel, point or route) whose period is not already covered — every visit; once a
 * week (a submission here earlier this week covers it); once (any earlier submission here covers
 * it). A task submitted at this visit stays listed, as done.
 */
export function dueTasks(o: {
	templates: readonly TemplateRef[];
	point: { id: string; channel: string | null };
	routes: readonly { id: string; stops: readonly string[] }[];
	/** Submissions at this trade point (the rep's own, as the device has them). */
	submissions: readonly SubmissionRef[];
	visit: { id: string; checkInAt: number };
	timeZone?: string;
}): DueTask[] {
	const here = o.submissions.filter((s) => s.tradePointId === o.point.id);
	const week = weekOf(o.visit.checkInAt, o.timeZone);
	return o.templates
		.filter((t) => !t.archived && appliesTo(t, o.point, o.routes))
		.flatMap((template) => {
			const mine = here.filter((s) => s.templateId === template.id);
			const now = mine.find((s) => s.visitId === o.visit.id) ?? null;
			const before = mine.filter((s) => s.visitId !== o.visit.id);
			if (!now) {
				if (template.period === 'once' && before.length) return [];
				if (
					template.period === 'week' &&
					before.some((s) => weekOf(s.submittedAt, o.timeZone) === week)
				) {
					return [];
				}
			}
			return [{ template, submission: now }];
		})
		.sort(
			(a, b) =>
				Number(b.template.required) - Number(a.template.required) ||
				a.template.name.localeCompare(b.template.name)
		);
}

/** Required tasks of the visit not yet submitted: check-out waits for them. */
export const blockingTasks = (due: readonly DueTask[]) =>
	due.filter((d) => d.template.required && !d.submission).map((d) => d.template);

/** The visit's score from its due tasks (see visitScore). */
export const scoreOfVisit = (due: readonly DueTask[]) =>
	visitScore(
		due.map((d) => ({
			weight: d.template.weight,
			score: d.submission ? taskScore(d.template, d.submission) : null
		}))
	);

/**
 * A rep's typed answers (strings, as the inputs hold them) turned into a submission's answers:
 * numbers parsed (a comma is a decimal point), empty ones left out. What cannot be read is
 * named in `errors` (`answers.<question>`, `products.<i>.<field>`), like checkAnswers.
 */
export interface DraftRow {
	productId: string;
	present: boolean | null;
	facings: string;
	shelfPrice: string;
	expirySoon: boolean;
	competitor: string;
	competitorPrice: string;
}

export interface Draft {
	answers: Record<string, string | boolean | string[] | null>;
	products: DraftRow[];
}

/** A number as typed (spaces between thousands, a comma for the decimal point); NaN if not one. */
export function parseTyped(s: string): number {
	const clean = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(clean)) return Number.NaN;
	return Number(clean);
}

export function answersFromDraft(
	template: Pick<TemplateRef, 'questions' | 'productIds'>,
	draft: Draft,
	/** Minor units per major unit of the currency (100 for two decimals). */
	minorPerMajor: number
): {
	answers: Record<string, AnswerValue>;
	products: ProductRowAnswer[];
	errors: FieldErrors;
} {
	const errors: FieldErrors = {};
	const answers: Record<string, AnswerValue> = {};
	for (const q of template.questions) {
		const v = draft.answers[q.id];
		if (v === null || v === undefined || v === '') continue;
		if (q.kind === 'number' && typeof v === 'string') {
			const n = parseTyped(v);
			if (Number.isNaN(n)) errors[`answers.${q.id}`] = fieldError('not_a_number', 'Not a number');
			else answers[q.id] = n;
		} else answers[q.id] = typeof v === 'string' ? v.trim() : v;
	}
	const money = (s: string, field: string): number | null => {
		if (!s.trim()) return null;
		const n = parseTyped(s);
		if (Number.isNaN(n) || n < 0) {
			errors[field] = fieldError('not_a_number', 'Not a number');
			return null;
		}
		return Math.round(n * minorPerMajor);
	};
	const products: ProductRowAnswer[] = [];
	template.productIds.forEach((productId, i) => {
		const r = draft.products.find((p) => p.productId === productId);
		if (!r || r.present === null) return;
		let facings: number | null = null;
		if (r.facings.trim()) {
			const n = parseTyped(r.facings);
			if (!Number.isInteger(n) || n < 0) {
				errors[`products.${i}.facings`] = fieldError('not_integer', 'A whole number');
			} else facings = n;
		}
		products.push({
			productId,
			present: r.present,
			facings: r.present ? facings : 0,
			shelfPrice: r.present ? money(r.shelfPrice, `products.${i}.shelfPrice`) : null,
			expirySoon: r.present && r.expirySoon,
			competitor: r.competitor.trim() || null,
			competitorPrice: money(r.competitorPrice, `products.${i}.competitorPrice`)
		});
	});
	return { answers, products, errors };
}

/** An empty draft for a template: no answers, one row per listed product. */
export function emptyDraft(template: Pick<TemplateRef, 'productIds'>): Draft {
	return {
		answers: {},
		products: template.productIds.map((productId) => ({
			productId,
			present: null,
			facings: '',
			shelfPrice: '',
			expirySoon: false,
			competitor: '',
			competitorPrice: ''
		}))
	};
}

/** Whether every field error of a check is for this product row's index. */
export const rowErrors = (errors: FieldErrors, i: number) =>
	Object.fromEntries(
		Object.entries(errors)
			.filter(([k]) => k.startsWith(`products.${i}.`))
			.map(([k, v]) => [k.slice(`products.${i}.`.length), v])
	);

/**
 * What today's audits at a trade point saw on its shelf, by product: the latest row's facings
 * (none when it was not there), for the order suggestion (domain/sales/suggest.ts: the usual
 * need less what is still on the shelf). Products no audit counted today are left out.
 * @example shelfCounts([{ tradePointId: 'a', submittedAt: 1, products: [teaRowWith3Facings] }], 'a', () => true) // Map { tea → 3 }
 */
export function shelfCounts(
	tasks: readonly Pick<SubmissionRef, 'tradePointId' | 'submittedAt' | 'products'>[],
	tradePointId: string,
	isToday: (at: number) => boolean
): Map<string, number> {
	const out = new Map<string, { at: number; count: number }>();
	for (const t of tasks) {
		if (t.tradePointId !== tradePointId || !isToday(t.submittedAt)) continue;
		for (const r of t.products) {
			const old = out.get(r.productId);
			if (!old || old.at <= t.submittedAt) {
				out.set(r.productId, { at: t.submittedAt, count: r.present ? (r.facings ?? 0) : 0 });
			}
		}
	}
	return new Map([...out].map(([id, v]) => [id, v.count]));
}

/**
 * A sent task as a draft again, to change its answers at the same visit (sent again under the
 * same id, it replaces them): numbers and prices as the inputs show them.
 */
export function draftFromSubmission(
	template: Pick<TemplateRef, 'questions' | 'productIds'>,
	s: Pick<SubmissionRef, 'answers' | 'products'>,
	minorPerMajor: number
): Draft {
	const typed = (n: number | null) => (n === null ? '' : String(n));
	const money = (n: number | null) => (n === null ? '' : String(n / minorPerMajor));
	const draft = emptyDraft(template);
	for (const q of template.questions) {
		const v = s.answers[q.id];
		if (v === undefined || q.kind === 'photo') continue;
		draft.answers[q.id] = typeof v === 'number' ? String(v) : v;
	}
	draft.products = draft.products.map((r) => {
		const sent = s.products.find((p) => p.productId === r.productId);
		return sent
			? {
					productId: r.productId,
					present: sent.present,
					facings: sent.present ? typed(sent.facings) : '',
					shelfPrice: money(sent.shelfPrice),
					expirySoon: sent.expirySoon,
					competitor: sent.competitor ?? '',
					competitorPrice: money(sent.competitorPrice)
				}
			: r;
	});
	return draft;
}
