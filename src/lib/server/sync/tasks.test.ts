/**
 * Store work through /api/sync (issue 17): a manager's task template reaches the reps' devices;
 * a rep's answers at their own visit are kept with their score; every id either names must be
 * the organization's own (another's answers like a missing one), and bad answers are refused
 * naming the field, with nothing written.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness';
import { fieldTeam, mutation, pullAll, push, pushOne } from './testing';

type Team = Awaited<ReturnType<typeof fieldTeam>>;
let h: Harness;
let org: Team['org'];
let other: Team['other'];
let manager: Team['manager'];
let rep: Team['rep'];
let rep2: Team['otherRep'];
let theirRep: Team['theirRep'];
const tea = uuidv7();
const rice = uuidv7();
const shop = uuidv7();
const route = uuidv7();
const theirProduct = uuidv7();
const theirPoint = uuidv7();
const theirTemplate = uuidv7();
const template = uuidv7();
const visit = uuidv7();
const otherRepsVisit = uuidv7();
const theirVisit = uuidv7();

const templateArgs = (over: Record<string, unknown> = {}) => ({
	id: template,
	name: 'Shelf audit',
	questions: [
		{ id: 'clean', kind: 'yesno', label: 'Fridge clean?', required: true },
		{ id: 'temp', kind: 'number', label: 'Fridge °C', required: false },
		{ id: 'shots', kind: 'photo', label: 'Shelf photos', required: true, min: 2, max: 4 }
	],
	productIds: [tea, rice],
	channels: ['retail'],
	tradePointIds: [],
	routeIds: [route],
	period: 'visit',
	weight: 2,
	required: true,
	...over
});

const rows = [
	{
		productId: tea,
		present: true,
		facings: 4,
		shelfPrice: 13_000,
		expirySoon: false,
		competitor: 'Lipton',
		competitorPrice: 11_000
	},
	{
		productId: rice,
		present: false,
		facings: 0,
		shelfPrice: null,
		expirySoon: false,
		competitor: null,
		competitorPrice: null
	}
];

const submitArgs = (over: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	visitId: visit,
	templateId: template,
	answers: { clean: true, temp: 4, shots: [uuidv7(), uuidv7()] },
	products: rows,
	at: Date.now(),
	...over
});

const one = (token: string, name: string, args: unknown) => pushOne(h, token, name, args);

beforeAll(async () => {
	h = await createHarness();
	({ org, other, manager, rep, otherRep: rep2, theirRep } = await fieldTeam(h));
	const setup = await push(h, org.token, [
		mutation('product.upsert', { id: tea, sku: 'TK-TEA', name: 'Choy', unit: 'pcs' }),
		mutation('product.upsert', { id: rice, sku: 'TK-RICE', name: 'Guruch', unit: 'kg' }),
		mutation('tradePoint.upsert', { id: shop, name: 'Corner shop', channel: 'retail' }),
		mutation('route.upsert', {
			id: route,
			name: 'Mon',
			repId: rep.id,
			weekdays: [1],
			stops: [shop]
		})
	]);
	expect(setup.body.results.map((r: { status: string }) => r.status)).toEqual(
		Array(4).fill('applied')
	);
	const theirs = await push(h, other.token, [
		mutation('product.upsert', { id: theirProduct, sku: 'X', name: 'Theirs', unit: 'pcs' }),
		mutation('tradePoint.upsert', { id: theirPoint, name: 'Their shop', channel: 'retail' }),
		mutation('taskTemplate.upsert', {
			...templateArgs({ id: theirTemplate, productIds: [theirProduct], routeIds: [] })
		})
	]);
	expect(theirs.body.results.map((r: { status: string }) => r.status)).toEqual(
		Array(3).fill('applied')
	);
	for (const [token, id, point] of [
		[rep.token, visit, shop],
		[rep2.token, otherRepsVisit, shop],
		[theirRep.token, theirVisit, theirPoint]
	] as const) {
		expect(
			(await one(token, 'visit.checkIn', { id, tradePointId: point, at: Date.now() })).status
		).toBe('applied');
	}
});
afterAll(() => h.close());

describe('taskTemplate.upsert', () => {
	it("a manager's template reaches a rep's device; another organization's never", async () => {
		expect((await one(manager.token, 'taskTemplate.upsert', templateArgs())).status).toBe(
			'applied'
		);
		const { state } = await pullAll(h, rep.token);
		expect(state.get('taskTemplates')!.get(template)).toMatchObject({
			name: 'Shelf audit',
			productIds: [tea, rice],
			routeIds: [route],
			period: 'visit',
			weight: 2,
			required: true,
			archived: false
		});
		expect(state.get('taskTemplates')!.has(theirTemplate)).toBe(false);
	});

	it('a rep may not write templates', async () => {
		expect(await one(rep.token, 'taskTemplate.upsert', templateArgs())).toMatchObject({
			status: 'rejected',
			error: { code: 'forbidden' }
		});
	});

	it("answers another organization's product, trade point or route like a missing one", async () => {
		const missing = uuidv7();
		for (const [field, over] of [
			['productIds.1', { productIds: [tea, theirProduct] }],
			['productIds.0', { productIds: [missing] }],
			['tradePointIds.0', { tradePointIds: [theirPoint] }],
			['tradePointIds.0', { tradePointIds: [missing] }],
			['routeIds.0', { routeIds: [missing] }]
		] as const) {
			expect(
				await one(manager.token, 'taskTemplate.upsert', templateArgs({ id: uuidv7(), ...over }))
			).toMatchObject({
				status: 'rejected',
				error: { code: 'not_found', fields: { [field]: { code: 'not_found' } } }
			});
		}
		// The other organization's template id is free here: it makes this organization's own.
		const { state } = await pullAll(h, other.token);
		expect(state.get('taskTemplates')!.get(theirTemplate)).toMatchObject({ name: 'Shelf audit' });
	});

	it('refuses bad input naming the field, writing nothing', async () => {
		const id = uuidv7();
		expect(
			await one(
				manager.token,
				'taskTemplate.upsert',
				templateArgs({
					id,
					weight: -1,
					questions: [{ id: 'c', kind: 'choice', label: 'Size', required: false, options: ['S'] }]
				})
			)
		).toMatchObject({
			status: 'rejected',
			error: {
				code: 'validation',
				fields: { weight: { code: 'too_small' }, 'questions.0.options': { code: 'too_small' } }
			}
		});
		const { state } = await pullAll(h, org.token);
		expect(state.get('taskTemplates')!.has(id)).toBe(false);
	});
});

describe('visitTask.submit', () => {
	it("keeps the rep's answers at their own visit with the task's score", async () => {
		const args = submitArgs();
		expect(await one(rep.token, 'visitTask.submit', args)).toMatchObject({ status: 'applied' });
		const { state } = await pullAll(h, rep.token);
		expect(state.get('visitTasks')!.get(args.id)).toMatchObject({
			visitId: visit,
			templateId: template,
			tradePointId: shop,
			authorId: rep.id,
			answers: args.answers,
			products: rows,
			photoIds: args.answers.shots,
			// clean: yes, tea present, rice not: 2 of 3.
			score: 67,
			weight: 2
		});
		// The manager of the branch sees it; the other rep does not (a rep pulls their own).
		expect((await pullAll(h, manager.token)).state.get('visitTasks')!.has(args.id)).toBe(true);
		expect((await pullAll(h, rep2.token)).state.get('visitTasks')?.has(args.id) ?? false).toBe(
			false
		);
		// Sent again (edited) under the same id, it replaces the answers.
		expect(
			await one(rep.token, 'visitTask.submit', {
				...args,
				answers: { ...args.answers, clean: false }
			})
		).toMatchObject({ status: 'applied' });
		const again = (await pullAll(h, rep.token)).state.get('visitTasks')!.get(args.id);
		expect(again).toMatchObject({ score: 33 });
		// A second submission of the same task at the same visit is refused.
		expect(await one(rep.token, 'visitTask.submit', submitArgs())).toMatchObject({
			status: 'rejected',
			error: { code: 'conflict', fields: { templateId: { code: 'taken' } } }
		});
	});

	it("answers another rep's visit, another organization's visit or template like missing ones", async () => {
		const cases = [
			['visitId', { visitId: otherRepsVisit }],
			['visitId', { visitId: theirVisit }],
			['visitId', { visitId: uuidv7() }],
			['templateId', { templateId: theirTemplate }],
			['templateId', { templateId: uuidv7() }]
		] as const;
		const answers = [];
		for (const [field, over] of cases) {
			const r = await one(rep.token, 'visitTask.submit', submitArgs(over));
			expect(r).toMatchObject({
				status: 'rejected',
				error: { code: 'not_found', fields: { [field]: { code: 'not_found' } } }
			});
			answers.push(JSON.stringify(r.error));
		}
		// Exactly alike: the other's id and a missing one give the same answer.
		expect(answers[0]).toBe(answers[2]);
		expect(answers[1]).toBe(answers[2]);
		expect(answers[3]).toBe(answers[4]);
	});

	it('refuses answers that break the template, naming each field, writing nothing', async () => {
		const v2 = uuidv7();
		expect(
			(await one(rep.token, 'visit.checkIn', { id: v2, tradePointId: shop, at: Date.now() })).status
		).toBe('applied');
		const args = submitArgs({
			visitId: v2,
			answers: { temp: 'warm', shots: [uuidv7()] },
			products: [{ ...rows[0], present: true, facings: null }]
		});
		const r = await one(rep.token, 'visitTask.submit', args);
		expect(r).toMatchObject({ status: 'rejected', error: { code: 'validation' } });
		expect(Object.keys(r.error.fields).sort()).toEqual([
			'answers.clean',
			'answers.shots',
			'answers.temp',
			'products.0.facings',
			'products.1.present'
		]);
		expect(r.error.fields['answers.shots']).toMatchObject({
			code: 'too_small',
			params: { min: 2 }
		});
		// A malformed body is refused by the schema, naming the field.
		expect(
			await one(rep.token, 'visitTask.submit', { ...args, products: [{ productId: 'x' }] })
		).toMatchObject({ status: 'rejected', error: { code: 'validation' } });
		const { state } = await pullAll(h, rep.token);
		expect(state.get('visitTasks')!.has(args.id)).toBe(false);
	});

	it('refuses a new submission of an archived template', async () => {
		expect(
			(await one(manager.token, 'taskTemplate.upsert', templateArgs({ archived: true }))).status
		).toBe('applied');
		const v3 = uuidv7();
		await one(rep.token, 'visit.checkIn', { id: v3, tradePointId: shop, at: Date.now() });
		expect(await one(rep.token, 'visitTask.submit', submitArgs({ visitId: v3 }))).toMatchObject({
			status: 'rejected',
			error: { code: 'validation', fields: { templateId: { code: 'archived' } } }
		});
		await one(manager.token, 'taskTemplate.upsert', templateArgs());
	});
});
