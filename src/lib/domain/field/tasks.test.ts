import { describe, expect, it } from 'vitest';
import {
	answersFromDraft,
	blockingTasks,
	checkAnswers,
	draftFromSubmission,
	dueTasks,
	emptyDraft,
	scoreOfVisit,
	shelfCounts,
	taskScore,
	taskTemplateUpsertArgs,
	visitScore,
	weekOf,
	type ProductRowAnswer,
	type SubmissionRef,
	type TemplateRef
} from './tasks';

const P1 = '00000000-0000-7000-8000-000000000001';
const P2 = '00000000-0000-7000-8000-000000000002';

const template = (over: Partial<TemplateRef> = {}): TemplateRef => ({
	id: 't1',
	name: 'Shelf',
	questions: [
		{ id: 'clean', kind: 'yesno', label: 'Clean?', required: true },
		{ id: 'temp', kind: 'number', label: 'Temperature', required: false },
		{ id: 'shots', kind: 'photo', label: 'Shelf', required: true, min: 2, max: 3 },
		{ id: 'size', kind: 'choice', label: 'Size', required: false, options: ['S', 'L'] },
		{ id: 'when', kind: 'date', label: 'Delivered', required: false }
	],
	productIds: [P1, P2],
	channels: [],
	tradePointIds: [],
	routeIds: [],
	period: 'visit',
	weight: 1,
	required: false,
	archived: false,
	...over
});

const row = (productId: string, present: boolean, over: Partial<ProductRowAnswer> = {}) => ({
	productId,
	present,
	facings: present ? 2 : 0,
	shelfPrice: null,
	expirySoon: false,
	competitor: null,
	competitorPrice: null,
	...over
});

describe('checkAnswers', () => {
	it('names every missing required answer, each photo count and each product row', () => {
		expect(Object.keys(checkAnswers(template(), { answers: {}, products: [] })).sort()).toEqual([
			'answers.clean',
			'answers.shots',
			'products.0.present',
			'products.1.present'
		]);
	});

	it('refuses a number that is not one, a choice not offered, a date that is not a day', () => {
		const e = checkAnswers(template(), {
			answers: { clean: true, temp: 'warm', shots: ['a', 'b'], size: 'XL', when: '2026-02-30' },
			products: [row(P1, true), row(P2, false)]
		});
		expect(e['answers.temp']?.code).toBe('not_a_number');
		expect(e['answers.size']?.code).toBe('invalid');
		expect(e['answers.when']?.code).toBe('format');
		expect(Object.keys(e)).toHaveLength(3);
	});

	it('holds photo questions to their least and most', () => {
		const base = { clean: true };
		const p = [row(P1, true), row(P2, true)];
		expect(
			checkAnswers(template(), { answers: { ...base, shots: ['a'] }, products: p })['answers.shots']
		).toMatchObject({ code: 'too_small', params: { min: 2 } });
		expect(
			checkAnswers(template(), { answers: { ...base, shots: ['a', 'b', 'c', 'd'] }, products: p })[
				'answers.shots'
			]
		).toMatchObject({ code: 'too_big', params: { max: 3 } });
		expect(
			checkAnswers(template(), { answers: { ...base, shots: ['a', 'b'] }, products: p })
		).toEqual({});
	});

	it('refuses a product not on the list and a present product without facings', () => {
		const e = checkAnswers(template({ questions: [] }), {
			answers: {},
			products: [row(P1, true, { facings: null }), row('other', false), row(P2, false)]
		});
		expect(e['products.0.facings']?.code).toBe('required');
		expect(e['products.1.productId']?.code).toBe('invalid');
	});
});

describe('answersFromDraft', () => {
	it('reads typed numbers and prices (comma as the decimal point) into minor units', () => {
		const t = template();
		const draft = emptyDraft(t);
		draft.answers = { clean: true, temp: '4,5', shots: ['a', 'b'] };
		draft.products[0] = {
			...draft.products[0]!,
			present: true,
			facings: '3',
			shelfPrice: '12 500',
			competitor: ' Lipton ',
			competitorPrice: '11000,50'
		};
		draft.products[1] = { ...draft.products[1]!, present: false };
		const out = answersFromDraft(t, draft, 100);
		expect(out.errors).toEqual({});
		expect(out.answers).toEqual({ clean: true, temp: 4.5, shots: ['a', 'b'] });
		expect(out.products[0]).toEqual({
			productId: P1,
			present: true,
			facings: 3,
			shelfPrice: 1_250_000,
			expirySoon: false,
			competitor: 'Lipton',
			competitorPrice: 1_100_050
		});
		expect(out.products[1]).toMatchObject({ present: false, facings: 0, shelfPrice: null });
		expect(checkAnswers(t, out)).toEqual({});
	});

	it('names what cannot be read: a number, whole facings, a price', () => {
		const t = template();
		const draft = emptyDraft(t);
		draft.answers = { temp: 'abc' };
		draft.products[1] = { ...draft.products[1]!, present: true, facings: '1.5', shelfPrice: 'x' };
		const { errors } = answersFromDraft(t, draft, 100);
		expect(Object.keys(errors).sort()).toEqual([
			'answers.temp',
			'products.1.facings',
			'products.1.shelfPrice'
		]);
		expect(errors['answers.temp']?.code).toBe('not_a_number');
	});
});

describe('scores', () => {
	it('scores a task by its yes answers and present products', () => {
		const t = template();
		expect(
			taskScore(t, { answers: { clean: true }, products: [row(P1, true), row(P2, false)] })
		).toBe(67);
		expect(taskScore(t, { answers: { clean: false }, products: [] })).toBe(0);
		expect(taskScore(template({ questions: [] }), { answers: {}, products: [] })).toBe(100);
	});

	it('weighs the visit by template weight; a due task not done scores 0', () => {
		expect(
			visitScore([
				{ weight: 3, score: 100 },
				{ weight: 1, score: null }
			])
		).toBe(75);
		expect(visitScore([{ weight: 0, score: 50 }])).toBeNull();
		expect(
			visitScore([
				{ weight: 2, score: 50 },
				{ weight: 2, score: 100 },
				{ weight: 0, score: 0 }
			])
		).toBe(75);
	});
});

describe('dueTasks', () => {
	const point = { id: 'shop', channel: 'retail' };
	const routes = [{ id: 'r1', stops: ['shop'] }];
	const mon = Date.parse('2026-11-23T09:00:00Z'); // a Monday
	const visit = { id: 'v-now', checkInAt: mon + 3 * 86_400_000 }; // Thursday
	const sub = (over: Partial<SubmissionRef>): SubmissionRef => ({
		id: 's',
		visitId: 'v-old',
		templateId: 't1',
		tradePointId: 'shop',
		answers: {},
		products: [],
		submittedAt: mon,
		...over
	});

	it('assigns by channel, trade point or route; none of them means everywhere', () => {
		const ts = [
			template({ id: 'all', name: 'a' }),
			template({ id: 'ch', name: 'b', channels: ['retail'] }),
			template({ id: 'other', name: 'c', channels: ['pharmacy'] }),
			template({ id: 'tp', name: 'd', tradePointIds: ['shop'] }),
			template({ id: 'rt', name: 'e', routeIds: ['r1'] }),
			template({ id: 'rt2', name: 'f', routeIds: ['r2'] }),
			template({ id: 'arch', name: 'g', archived: true })
		];
		const due = dueTasks({ templates: ts, point, routes, submissions: [], visit });
		expect(due.map((d) => d.template.id)).toEqual(['all', 'ch', 'tp', 'rt']);
	});

	it('repeats by period: every visit; weekly unless done earlier this week; once ever', () => {
		const ts = [
			template({ id: 'v', name: 'a', period: 'visit' }),
			template({ id: 'w', name: 'b', period: 'week' }),
			template({ id: 'o', name: 'c', period: 'once' })
		];
		const earlier = [sub({ templateId: 'v' }), sub({ templateId: 'w' }), sub({ templateId: 'o' })];
		expect(
			dueTasks({ templates: ts, point, routes, submissions: earlier, visit }).map(
				(d) => d.template.id
			)
		).toEqual(['v']);
		// Last week's weekly task is due again; an earlier visit elsewhere does not count here.
		const lastWeek = [
			sub({ templateId: 'w', submittedAt: mon - 86_400_000 }),
			sub({ templateId: 'o', tradePointId: 'elsewhere' })
		];
		expect(
			dueTasks({ templates: ts, point, routes, submissions: lastWeek, visit }).map(
				(d) => d.template.id
			)
		).toEqual(['v', 'w', 'o']);
	});

	it('keeps a task done at this visit listed as done; required ones first and blocking until done', () => {
		const ts = [
			template({ id: 'opt', name: 'a', weight: 1 }),
			template({ id: 'req', name: 'z', required: true, weight: 3, period: 'once' })
		];
		const open = dueTasks({ templates: ts, point, routes, submissions: [], visit });
		expect(open.map((d) => d.template.id)).toEqual(['req', 'opt']);
		expect(blockingTasks(open).map((t) => t.id)).toEqual(['req']);
		expect(scoreOfVisit(open)).toBe(0);
		const done = dueTasks({
			templates: ts,
			point,
			routes,
			submissions: [
				sub({
					templateId: 'req',
					visitId: 'v-now',
					answers: { clean: true },
					products: [row(P1, true), row(P2, true)]
				})
			],
			visit
		});
		expect(done.map((d) => [d.template.id, !!d.submission])).toEqual([
			['req', true],
			['opt', false]
		]);
		expect(blockingTasks(done)).toEqual([]);
		expect(scoreOfVisit(done)).toBe(75);
	});

	it("counts weeks from Monday in the organization's time zone", () => {
		// Sunday 20:30 UTC is already Monday in Tashkent.
		const at = Date.parse('2026-11-22T20:30:00Z');
		expect(weekOf(at, 'UTC')).toBe('2026-11-16');
		expect(weekOf(at, 'Asia/Tashkent')).toBe('2026-11-23');
	});
});

describe('taskTemplateUpsertArgs', () => {
	it('names bad input: a choice with one option, a question id twice, a weight over 100', () => {
		const r = taskTemplateUpsertArgs.safeParse({
			id: '00000000-0000-7000-8000-0000000000aa',
			name: 'X',
			questions: [
				{ id: 'a', kind: 'choice', label: 'A', required: false, options: ['one'] },
				{ id: 'a', kind: 'yesno', label: 'B', required: false }
			],
			productIds: [],
			channels: [],
			tradePointIds: [],
			routeIds: [],
			period: 'visit',
			weight: 101,
			required: false
		});
		expect(r.success).toBe(false);
		const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
		expect(paths).toEqual(['questions', 'questions.0.options', 'weight']);
	});
});

describe('shelfCounts', () => {
	it("takes today's latest audit at the trade point: facings, or none when not on the shelf", () => {
		const today = (at: number) => at >= 100;
		const counts = shelfCounts(
			[
				{ tradePointId: 'a', submittedAt: 50, products: [row(P2, true, { facings: 9 })] },
				{ tradePointId: 'a', submittedAt: 100, products: [row(P1, true, { facings: 1 })] },
				{
					tradePointId: 'a',
					submittedAt: 120,
					products: [row(P1, true, { facings: 4 }), row(P2, false)]
				},
				{ tradePointId: 'b', submittedAt: 130, products: [row(P1, true, { facings: 7 })] }
			],
			'a',
			today
		);
		expect([...counts]).toEqual([
			[P1, 4],
			[P2, 0]
		]);
	});
});

describe('draftFromSubmission', () => {
	it('gives back what was sent as the inputs show it, and reads back to the same answers', () => {
		const t = template();
		const sent = {
			answers: { clean: true, temp: 4.5, shots: ['a', 'b'] },
			products: [
				row(P1, true, {
					facings: 3,
					shelfPrice: 1_250_050,
					competitor: 'Lipton',
					competitorPrice: 1_100_000
				}),
				row(P2, false)
			]
		};
		const draft = draftFromSubmission(t, sent, 100);
		expect(draft.answers).toEqual({ clean: true, temp: '4.5' });
		expect(draft.products[0]).toMatchObject({
			facings: '3',
			shelfPrice: '12500.5',
			competitorPrice: '11000'
		});
		const back = answersFromDraft(
			t,
			{ ...draft, answers: { ...draft.answers, shots: ['a', 'b'] } },
			100
		);
		expect(back.errors).toEqual({});
		expect(back.answers).toEqual(sent.answers);
		expect(back.products).toEqual(sent.products);
	});
});
