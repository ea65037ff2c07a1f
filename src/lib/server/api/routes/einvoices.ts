/**
 * E-invoices (ESF) for sales and orders to companies: prepared here in Didox's JSON
 * (src/lib/domain/einvoice/didox.ts), downloadable, sent to the operator with the
 * organization's partner token, and tracked as the operator reports (draft, sent, signed,
 * accepted, rejected). The seller signs in E-IMZO on their own computer, not here.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { uuidv7 } from 'uuidv7';
import {
	didoxFactura,
	einvoiceCreateSchema,
	einvoiceSettingsSchema,
	stateOfDidox,
	type DidoxFactura,
	type EsfLine
} from '../../../domain/einvoice/didox';
import { AppError, fieldError } from '../../../domain/errors';
import type { MarkingGroup } from '../../../domain/catalog/schemas';
import { minorPerUnit } from '../../../domain/money';
import { assertCan } from '../../../domain/roles';
import type { StoredSaleLine } from '../../../domain/sync/rows';
import { dayOf } from '../../../domain/time';
import { parse } from '../../../domain/validation';
import {
	counterparties,
	einvoiceSettings,
	einvoices,
	marks,
	products,
	salesOrders,
	salesReceipts
} from '../../db/schema';
import { orgOf } from '../../scope';
import { readJson } from '../errors';
import { requireAuth } from '../middleware/auth';
import type { ApiEnv } from '../types';

/**
 * Didox's product type per marking group, sent as `Marks.ProductType`. [?] Taken as the
 * operator's numbering (water and drinks 6, as in a public Didox answer); check the others
 * with Didox before relying on them.
 */
const DIDOX_PRODUCT_TYPES: Record<MarkingGroup, number> = {
	tobacco: 1,
	alcohol: 3,
	beer: 4,
	appliances: 5,
	medicines: 2,
	water: 6
};

type Row = typeof einvoices.$inferSelect;
const view = (r: Row) => ({
	id: r.id,
	source: r.sourceKind,
	sourceId: r.sourceId,
	number: r.number,
	state: r.state,
	operatorId: r.operatorId,
	error: r.error,
	createdAt: r.createdAt,
	updatedAt: r.updatedAt
});

const notFound = () =>
	new AppError('not_found', 'No such e-invoice.', { id: fieldError('not_found', 'Not found') });

async function find(c: Context<ApiEnv>, id: string): Promise<Row> {
	const org = orgOf(c.var.auth);
	const [row] = await c.var.deps.db
		.select()
		.from(einvoices)
		.where(and(eq(einvoices.organizationId, org), eq(einvoices.id, id)));
	if (!row) throw notFound();
	return row;
}

async function settingsOf(c: Context<ApiEnv>) {
	const [row] = await c.var.deps.db
		.select()
		.from(einvoiceSettings)
		.where(eq(einvoiceSettings.organizationId, orgOf(c.var.auth)));
	return row;
}

/** Calls the operator; its refusal or silence becomes a 502 the screen shows. */
async function didox(
	c: Context<ApiEnv>,
	path: string,
	keys: { partnerToken: string; userKey: string | null },
	init: { method: string; body?: unknown }
): Promise<Record<string, unknown>> {
	let res: Response;
	try {
		res = await fetch(`${c.var.deps.config.didoxApiUrl}${path}`, {
			method: init.method,
			headers: {
				'content-type': 'application/json',
				'Partner-Authorization': keys.partnerToken,
				...(keys.userKey ? { 'user-key': keys.userKey } : {})
			},
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			signal: AbortSignal.timeout(20_000)
		});
	} catch {
		throw new AppError('unavailable', 'The e-invoice operator does not answer.');
	}
	const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (!res.ok) {
		const message =
			typeof body.message === 'string' ? body.message : `Operator answered ${res.status}`;
		throw new AppError('operator_refused', message);
	}
	return body;
}

export const einvoiceRoutes = new Hono<ApiEnv>()
	.use(requireAuth)
	.get('/settings', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const row = await settingsOf(c);
		return c.json({
			settings: row
				? { seller: row.seller, hasPartnerToken: !!row.partnerToken, hasUserKey: !!row.userKey }
				: null
		});
	})
	.put('/settings', async (c) => {
		assertCan(c.var.auth.role, 'organization.manage');
		const input = parse(einvoiceSettingsSchema, await readJson(c));
		const org = orgOf(c.var.auth);
		const before = await settingsOf(c);
		const row = {
			organizationId: org,
			seller: input.seller,
			// Absent keeps the secret, null clears it.
			partnerToken:
				input.partnerToken === undefined ? (before?.partnerToken ?? null) : input.partnerToken,
			userKey: input.userKey === undefined ? (before?.userKey ?? null) : input.userKey,
			updatedAt: Date.now()
		};
		await c.var.deps.db
			.insert(einvoiceSettings)
			.values(row)
			.onConflictDoUpdate({ target: einvoiceSettings.organizationId, set: row });
		return c.json({
			settings: {
				seller: row.seller,
				hasPartnerToken: !!row.partnerToken,
				hasUserKey: !!row.userKey
			}
		});
	})
	.get('/', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		const org = orgOf(c.var.auth);
		const sourceId = c.req.query('sourceId');
		const rows = await c.var.deps.db
			.select()
			.from(einvoices)
			.where(
				and(
					eq(einvoices.organizationId, org),
					sourceId ? eq(einvoices.sourceId, sourceId) : undefined
				)
			)
			.limit(500);
		return c.json({ items: rows.map(view) });
	})
	.post('/', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		const input = parse(einvoiceCreateSchema, await readJson(c));
		const auth = c.var.auth;
		const org = orgOf(auth);
		const db = c.var.deps.db;
		const table = input.source === 'sale' ? salesReceipts : salesOrders;
		const [source] = await db
			.select()
			.from(table)
			.where(and(eq(table.organizationId, org), eq(table.id, input.id)));
		// Another branch's document answers as a missing one, for a manager.
		if (
			!source ||
			(auth.role !== 'admin' && source.branchId !== auth.branchId) ||
			('kind' in source && source.kind !== 'sale')
		) {
			throw new AppError('not_found', `No such ${input.source}.`, {
				id: fieldError('not_found', 'Not found')
			});
		}
		const [existing] = await db
			.select()
			.from(einvoices)
			.where(
				and(
					eq(einvoices.organizationId, org),
					eq(einvoices.sourceKind, input.source),
					eq(einvoices.sourceId, input.id)
				)
			);
		if (existing) return c.json({ einvoice: view(existing) });
		const settings = await settingsOf(c);
		if (!settings) {
			throw new AppError('validation', 'Enter the seller’s details for e-invoices first.', {
				seller: fieldError('required', 'Required')
			});
		}
		const [buyer] = source.counterpartyId
			? await db
					.select()
					.from(counterparties)
					.where(
						and(
							eq(counterparties.organizationId, org),
							eq(counterparties.id, source.counterpartyId)
						)
					)
			: [];
		if (!buyer || !/^(\d{9}|\d{14})$/.test(buyer.taxId ?? '')) {
			throw new AppError('validation', 'An e-invoice goes to a company with its tax id (TIN).', {
				buyer: fieldError(buyer ? 'format' : 'required', 'The customer’s TIN')
			});
		}
		const lines = source.lines as (StoredSaleLine & { marks?: string[] })[];
		const rows = await db
			.select()
			.from(products)
			.where(
				and(
					eq(products.organizationId, org),
					inArray(
						products.id,
						lines.map((l) => l.productId)
					)
				)
			);
		const byId = new Map(rows.map((p) => [p.id, p]));
		// The marking codes a sale or an order's delivery moved (their labels), per product: what
		// the invoice lists.
		const sold = await db
			.select({ id: marks.id, productId: marks.productId })
			.from(marks)
			.where(and(eq(marks.organizationId, org), eq(marks.documentId, source.id)));
		const marksOf = (productId: string) =>
			sold.filter((m) => m.productId === productId).map((m) => m.id);
		const missing = lines
			.map((l) => byId.get(l.productId))
			.filter((p) => !p || !p.ikpu || !p.packageCode || p.vatRate == null)
			.map((p) => p?.name ?? '?');
		if (missing.length) {
			throw new AppError(
				'validation',
				`No IKPU, package code or VAT rate: ${missing.join(', ')}.`,
				{
					lines: fieldError('required', missing.join(', '))
				}
			);
		}
		const esfLines: EsfLine[] = lines.map((l) => {
			const p = byId.get(l.productId)!;
			return {
				name: p.name,
				ikpu: p.ikpu!,
				packageCode: p.packageCode!,
				packageName: p.unit,
				qty: l.milli / 1000,
				net: l.net,
				vatRate: p.vatRate!,
				gtin: p.gtin ?? null,
				marks: l.marks ?? marksOf(l.productId),
				...(p.marking ? { markType: DIDOX_PRODUCT_TYPES[p.marking] } : {})
			};
		});
		const at = 'soldAt' in source ? source.soldAt : source.orderedAt;
		const tz = auth.organization?.timezone ?? 'Asia/Tashkent';
		const document: DidoxFactura = didoxFactura({
			number: source.number,
			date: dayOf(at, tz).date,
			...(input.contractNo
				? { contract: { no: input.contractNo, date: input.contractDate ?? '' } }
				: {}),
			seller: settings.seller,
			buyer: {
				tin: buyer.taxId!,
				name: buyer.name,
				vatRegCode: '',
				account: '',
				bankId: '',
				address: buyer.address ?? ''
			},
			lines: esfLines,
			minorPerUnit: minorPerUnit(auth.organization?.currency ?? 'UZS')
		});
		const now = Date.now();
		const row: Row = {
			id: uuidv7(),
			organizationId: org,
			sourceKind: input.source,
			sourceId: input.id,
			number: source.number,
			state: 'draft',
			document,
			operatorId: null,
			error: null,
			createdAt: now,
			updatedAt: now
		};
		await db.insert(einvoices).values(row);
		return c.json({ einvoice: view(row) }, 201);
	})
	.get('/:id', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		return c.json({ einvoice: view(await find(c, c.req.param('id'))) });
	})
	.get('/:id/document', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		const row = await find(c, c.req.param('id'));
		c.header('content-disposition', `attachment; filename="esf-${row.number}.json"`);
		return c.json(row.document);
	})
	.post('/:id/send', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		const row = await find(c, c.req.param('id'));
		if (row.state !== 'draft') {
			throw new AppError('conflict', 'This e-invoice is already sent.', {
				id: fieldError('wrong_state', 'Already sent')
			});
		}
		const settings = await settingsOf(c);
		if (!settings?.partnerToken) {
			throw new AppError('validation', 'The organization has not given its Didox partner token.', {
				partnerToken: fieldError('required', 'Required')
			});
		}
		const keys = { partnerToken: settings.partnerToken, userKey: settings.userKey };
		let operatorId: string;
		try {
			const answer = await didox(c, '/v1/documents/002/create', keys, {
				method: 'POST',
				body: row.document
			});
			operatorId = String(answer._id ?? answer.id ?? '');
			if (!operatorId) throw new AppError('operator_refused', 'The operator gave no document id.');
		} catch (e) {
			if (e instanceof AppError) {
				await c.var.deps.db
					.update(einvoices)
					.set({ error: e.message, updatedAt: Date.now() })
					.where(and(eq(einvoices.organizationId, row.organizationId), eq(einvoices.id, row.id)));
			}
			throw e;
		}
		const next = { state: 'sent' as const, operatorId, error: null, updatedAt: Date.now() };
		await c.var.deps.db
			.update(einvoices)
			.set(next)
			.where(and(eq(einvoices.organizationId, row.organizationId), eq(einvoices.id, row.id)));
		return c.json({ einvoice: view({ ...row, ...next }) });
	})
	.post('/:id/refresh', async (c) => {
		assertCan(c.var.auth.role, 'orders.manage');
		const row = await find(c, c.req.param('id'));
		const settings = await settingsOf(c);
		if (!row.operatorId || !settings?.partnerToken) return c.json({ einvoice: view(row) });
		const answer = await didox(
			c,
			`/v1/documents/${encodeURIComponent(row.operatorId)}`,
			{ partnerToken: settings.partnerToken, userKey: settings.userKey },
			{ method: 'GET' }
		);
		const status = Number(
			(answer.data as Record<string, unknown> | undefined)?.status ?? answer.status
		);
		const next = { state: stateOfDidox(status, row.state), updatedAt: Date.now() };
		await c.var.deps.db
			.update(einvoices)
			.set(next)
			.where(and(eq(einvoices.organizationId, row.organizationId), eq(einvoices.id, row.id)));
		return c.json({ einvoice: view({ ...row, ...next }) });
	});
