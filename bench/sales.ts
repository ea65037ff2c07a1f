/**
 * Selling, two measurements:
 * - the promotions engine (the same code the device runs) recomputing a 100-line cart against
 *   50 active promotions, against a raw baseline in the same run: the same cart's line totals
 *   summed with no promotions at all;
 * - 1,000 sales (3 lines each, cash) pushed in one go, two batches of 500, against raw SQL
 *   writing the same receipts, movements and balance updates in one transaction on a fresh file.
 */
import { uuidv7 } from 'uuidv7';
import {
	priceCart,
	promotionRule,
	type CartLine,
	type Promotion
} from '../src/lib/domain/sales/promotions';
import { mutation, percentile, pushAll, rawDatabase, round2 } from './push-client';
import type { Section } from './section';

const CART_LINES = 100;
const PROMOTIONS = 50;
const RECOMPUTES = 500;
const SALES = 1000;
const PRODUCTS = 50;

function engineBench() {
	const products = Array.from({ length: 200 }, (_, i) => `p${i}`);
	const lines: CartLine[] = Array.from({ length: CART_LINES }, (_, i) => ({
		productId: products[(i * 7) % products.length]!,
		categoryId: `c${i % 10}`,
		milli: 1000 * (1 + (i % 5)) + (i % 3 === 0 ? 500 : 0),
		unitPrice: 1_000 + 37 * i,
		counted: i % 3 !== 0
	}));
	const kinds = ['percent', 'amount', 'fixed_price', 'buy_x_get_y', 'order_total'] as const;
	const defined: Promotion[] = Array.from({ length: PROMOTIONS }, (_, i) => ({
		id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
		name: `P${i}`,
		kind: kinds[i % kinds.length]!,
		percent: 5 + (i % 20),
		amount: 100 + i,
		price: 900 + 10 * i,
		buyQty: 2,
		freeQty: 1,
		minTotal: 10_000 * i,
		productIds: i % 2 ? products.slice(i, i + 40) : [],
		categoryIds: i % 2 ? [] : [`c${i % 10}`],
		exclusive: i % 17 === 0
	}));
	// Read by kind once, as the engine gets them from storage.
	const promotions = defined.map((p) => promotionRule.parse(p));
	const ctx = { at: Date.now(), branchId: 'b', channel: 'kiosk' };
	const time = (fn: () => unknown) => {
		const out: number[] = [];
		for (let i = 0; i < RECOMPUTES; i++) {
			const t0 = performance.now();
			fn();
			out.push(performance.now() - t0);
		}
		return out;
	};
	time(() => priceCart(lines, promotions, ctx)); // warm-up
	const engine = time(() => priceCart(lines, promotions, ctx));
	const raw = time(() => lines.reduce((s, l) => s + Math.round((l.unitPrice * l.milli) / 1000), 0));
	return { engine, raw };
}

async function pushBench(baseURL: string, token: string) {
	const warehouse = uuidv7();
	const products = Array.from({ length: PRODUCTS }, () => uuidv7());
	const receipt = uuidv7();
	await pushAll(baseURL, token, [
		mutation('warehouse.upsert', { id: warehouse, name: 'Sales bench', kind: 'branch' }),
		...products.flatMap((id, i) => [
			mutation('product.upsert', {
				id,
				sku: `SB-${id.slice(-12)}`,
				name: `Sale ${i}`,
				unit: 'pcs'
			}),
			mutation('price.set', { productId: id, price: 1_000 + i })
		]),
		...Array.from({ length: 10 }, (_, i) =>
			mutation('promotion.upsert', {
				id: uuidv7(),
				name: `Bench ${i}`,
				kind: 'percent',
				percent: 5 + i,
				productIds: products.slice(i * 5, i * 5 + 5)
			})
		),
		mutation('document.save', {
			id: receipt,
			type: 'receipt',
			warehouseId: warehouse,
			lines: products.map((productId) => ({ productId, qty: 10_000 }))
		}),
		mutation('document.post', { id: receipt })
	]);
	const sales = Array.from({ length: SALES }, (_, i) =>
		mutation('sale.create', {
			id: uuidv7(),
			warehouseId: warehouse,
			lines: [0, 1, 2].map((k) => ({ productId: products[(i + k * 7) % PRODUCTS]!, qty: 1 + k })),
			payments: [{ method: 'cash', amount: 100_000 }]
		})
	);
	const t0 = performance.now();
	await pushAll(baseURL, token, sales, 500);
	const realSeconds = (performance.now() - t0) / 1000;

	const raw = await rawDatabase([
		'sales_receipts',
		'stock_movements',
		'stock_balances',
		'payments'
	]);
	try {
		const now = Date.now();
		const t1 = performance.now();
		const stmts = sales.flatMap((s, n) => {
			const a = s.args as { id: string; lines: { productId: string; qty: number }[] };
			return [
				{
					sql: `INSERT INTO sales_receipts (id, organization_id, branch_id, kind, number, warehouse_id, author_id, lines, order_discount, subtotal, discount, total, paid, applied, sold_at, posted_at, version, updated_at) VALUES (?, 'org', 'b', 'sale', ?, ?, 'u', ?, 0, 1, 0, 1, 1, '[]', ?, ?, ?, ?)`,
					args: [a.id, `SAL-${n}`, warehouse, JSON.stringify(a.lines), now, now, n, now]
				},
				{
					sql: `INSERT INTO payments (id, organization_id, branch_id, receipt_id, method, amount, author_id, at, version, updated_at) VALUES (?, 'org', 'b', ?, 'cash', 1, 'u', ?, ?, ?)`,
					args: [uuidv7(), a.id, now, n, now]
				},
				{
					sql: `INSERT INTO stock_movements (organization_id, warehouse_id, product_id, milli, document_id, line, reversal, at) VALUES ${a.lines.map(() => "('org', ?, ?, ?, ?, ?, 0, ?)").join(', ')}`,
					args: a.lines.flatMap((l, i) => [warehouse, l.productId, -l.qty * 1000, a.id, i, now])
				},
				{
					sql: `INSERT INTO stock_balances (organization_id, warehouse_id, product_id, milli, version, updated_at) VALUES ${a.lines.map(() => "('org', ?, ?, ?, ?, ?)").join(', ')}
						ON CONFLICT (warehouse_id, product_id) DO UPDATE SET milli = milli + excluded.milli, version = excluded.version`,
					args: a.lines.flatMap((l) => [warehouse, l.productId, -l.qty * 1000, n, now])
				}
			];
		});
		await raw.client.batch(stmts, 'write');
		const rawSeconds = (performance.now() - t1) / 1000;
		return { realSeconds, rawSeconds };
	} finally {
		raw.close();
	}
}

export const salesBench: Section = {
	name: 'sales',
	description: `promotions engine (${CART_LINES} lines × ${PROMOTIONS} promotions) and ${SALES} sales pushed at once`,
	async run({ baseURL, token }) {
		const e = engineBench();
		const p = await pushBench(baseURL, token);
		const [engineMedian, rawMedian] = [percentile(e.engine, 50), percentile(e.raw, 50)];
		return {
			measurements: [],
			summary: {
				engineMsMedian: round2(engineMedian),
				engineMsP95: round2(percentile(e.engine, 95)),
				rawCartSumMsMedian: Number(rawMedian.toFixed(4)),
				engineRatio: Number((rawMedian / engineMedian).toFixed(4)),
				salesPushed: SALES,
				salesSeconds: round2(p.realSeconds),
				salesPerSecond: round2(SALES / p.realSeconds),
				rawSalesPerSecond: round2(SALES / p.rawSeconds),
				salesRatio: Number((p.rawSeconds / p.realSeconds).toFixed(3))
			}
		};
	}
};
