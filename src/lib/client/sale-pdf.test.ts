import { describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/i18n.svelte';
import { pdfDefinition } from './document-pdf';
import { salePdf, type SaleForPdf } from './sale-pdf';

const products = new Map([
	['tea', { name: 'Green tea 100 g', unit: 'pcs' as const }],
	['nuts', { name: 'Walnuts', unit: 'kg' as const }]
]);

/** Intl puts a no-break space between the currency and the sum; the tests read it as a space. */
const spaced = <T>(doc: T): T => JSON.parse(JSON.stringify(doc).replace(/\u00a0/g, ' ')) as T;

const sale: SaleForPdf = {
	paper: 'roll',
	kind: 'receipt',
	number: 'SAL-000042',
	at: Date.UTC(2026, 10, 30, 9, 15),
	seller: 'Navruz Trade',
	from: 'Van 1',
	buyer: 'Cafe Navruz',
	lines: [
		{
			productId: 'tea',
			qty: 2,
			unitPrice: 1_500_000,
			gross: 3_000_000,
			discount: 0,
			net: 3_000_000,
			promotionId: null
		},
		{
			productId: 'nuts',
			qty: 1.5,
			unitPrice: 3_200_000,
			gross: 4_800_000,
			discount: 480_000,
			net: 4_320_000,
			promotionId: 'p1'
		}
	],
	applied: [{ promotionId: 'p1', name: 'Nuts −10%' }],
	subtotal: 7_800_000,
	discount: 480_000,
	total: 7_320_000,
	payments: [{ method: 'cash', amount: 7_320_000 }],
	change: 2_680_000,
	due: 0
};

describe('a sale as a PDF', () => {
	it('carries the receipt’s lines, discount, total, cash received and change as the screen writes them', () => {
		i18n.locale = 'en';
		i18n.moneyFractions = null;
		const doc = spaced(salePdf(sale, (id) => products.get(id), 'UZS', 'Asia/Tashkent'));
		expect(doc.title).toBe('Navruz Trade');
		expect(doc.header).toEqual([
			'Van 1',
			'No.: SAL-000042',
			expect.stringMatching(/30 Nov 2026.*14:15/),
			'Customer: Cafe Navruz'
		]);
		expect(doc.lines).toEqual([
			{ name: 'Green tea 100 g', qty: '2 pcs', price: 'UZS 15,000', amount: 'UZS 30,000' },
			{
				name: 'Walnuts',
				qty: '1.5 kg',
				price: 'UZS 32,000',
				amount: 'UZS 48,000',
				note: 'Nuts −10% −UZS 4,800'
			}
		]);
		expect(doc.totals.map((x) => [x.label, x.value])).toEqual([
			['Subtotal', 'UZS 78,000'],
			['Discount', '−UZS 4,800'],
			['Total', 'UZS 73,200'],
			['Cash', 'UZS 73,200'],
			['Cash received', 'UZS 100,000'],
			['Change', 'UZS 26,800']
		]);
	});

	it('is an invoice on A4 naming seller and buyer, and says what is left to pay', () => {
		i18n.locale = 'en';
		const doc = spaced(
			salePdf(
				{ ...sale, paper: 'a4', kind: 'invoice', payments: [], change: 0, due: 7_320_000 },
				(id) => products.get(id),
				'UZS',
				'Asia/Tashkent'
			)
		);
		expect(doc.title).toBe('Invoice SAL-000042');
		expect(doc.header[0]).toBe('Seller: Navruz Trade');
		expect(doc.header).toContain('Buyer: Cafe Navruz');
		expect(doc.totals.at(-1)).toEqual({ label: 'Due', value: 'UZS 73,200' });
		const definition = pdfDefinition(doc) as { pageSize: unknown; content: unknown[] };
		expect(definition.pageSize).toBe('A4');
		// The table: a header row and one row per line.
		const table = definition.content.find(
			(c) =>
				typeof c === 'object' &&
				c !== null &&
				'table' in c &&
				(c as { layout?: string }).layout === 'lightHorizontalLines'
		) as { table: { body: unknown[][] } };
		expect(table.table.body).toHaveLength(3);
	});

	it('prints a roll as wide as 80 mm paper and as long as the receipt', () => {
		const definition = pdfDefinition(salePdf(sale, (id) => products.get(id), 'UZS')) as {
			pageSize: { width: number; height: unknown };
		};
		expect(definition.pageSize.width).toBeCloseTo(226.77, 1);
		expect(definition.pageSize.height).toBe('auto');
	});
});
