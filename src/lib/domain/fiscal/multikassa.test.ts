import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { multikassaOperation, stampFromAnswer, type FiscalSale } from './multikassa';
import { fiscalSaleOf, registerTime } from './sale';
import { mayStamp } from './stamp';
import { SIGNED_STAMP as signed } from './testing';
import type { ReceiptRow } from '../sync/rows';

const IKPU = '02201001001000000';

const sale: FiscalSale = {
	kind: 'sale',
	total: 1_670_000,
	cash: 1_000_000,
	card: 670_000,
	time: '2026-11-30 13:24:00',
	items: [
		{
			name: 'Marked water 1 l',
			barcode: '04780000054321',
			ikpu: IKPU,
			packageCode: '1209779',
			vatRate: 12,
			unitPrice: 600_000,
			qty: 2,
			discount: 1,
			labels: ['010478000005432121Wt7Kq2Lm9Xz4B', '010478000005432121Wt7Kq2Lm9Xz4C']
		},
		{
			name: 'Bread',
			barcode: null,
			ikpu: '01905001001000000',
			packageCode: '1500',
			vatRate: 0,
			unitPrice: 470_001,
			qty: 1,
			discount: 0,
			labels: []
		}
	]
};

describe('multikassaOperation', () => {
	it('sends a marked product as one item per unit, each with its label, the discount shared', () => {
		const op = multikassaOperation(sale);
		expect(op).toMatchObject({
			module_operation_type: '3',
			receipt_sum: 1_670_000,
			receipt_gnk_receivedcash: 1_000_000,
			receipt_gnk_receivedcard: 670_000,
			receipt_gnk_time: '2026-11-30 13:24:00'
		});
		expect(op.RefundInfo).toBeUndefined();
		expect(op.items).toEqual([
			{
				classifier_class_code: IKPU,
				product_name: 'Marked water 1 l',
				product_barcode: '04780000054321',
				product_price: 600_000,
				product_vat_percent: 12,
				product_vat: 64_286,
				product_package: '1209779',
				product_mark: true,
				product_label: '010478000005432121Wt7Kq2Lm9Xz4B',
				product_discount: 1,
				count: 1
			},
			{
				classifier_class_code: IKPU,
				product_name: 'Marked water 1 l',
				product_barcode: '04780000054321',
				product_price: 600_000,
				product_vat_percent: 12,
				product_vat: 64_286,
				product_package: '1209779',
				product_mark: true,
				product_label: '010478000005432121Wt7Kq2Lm9Xz4C',
				product_discount: 0,
				count: 1
			},
			{
				classifier_class_code: '01905001001000000',
				product_name: 'Bread',
				product_barcode: '',
				product_price: 470_001,
				product_vat_percent: 0,
				product_vat: 0,
				product_package: '1500',
				product_mark: false,
				product_label: '',
				product_discount: 0,
				count: 1
			}
		]);
	});

	it('cites the original receipt on a refund, and refuses a refund that cites none', () => {
		const op = multikassaOperation({ ...sale, kind: 'refund', refundOf: signed });
		expect(op.module_operation_type).toBe('4');
		expect(op.RefundInfo).toEqual({
			TerminalID: 'UZ170703100400',
			ReceiptSeq: '1041',
			DateTime: '20261130132400',
			FiscalSign: '100008243679'
		});
		expect(() => multikassaOperation({ ...sale, kind: 'refund' })).toThrow(AppError);
	});
});

describe('stampFromAnswer', () => {
	const answer = {
		success: true,
		data: {
			receipt_gnk: {
				TerminalID: 'UZ170703100400',
				ReceiptSeq: 1041,
				DateTime: '2026-11-30 13:24:00',
				FiscalSign: '100008243679',
				QRCodeURL: signed.qrUrl
			}
		}
	};
	it('keeps the four ids and the check URL, queued while the register has not sent it', () => {
		expect(stampFromAnswer(answer, false)).toEqual(signed);
		expect(stampFromAnswer(answer, true).state).toBe('queued');
	});

	it('makes the check URL from the four ids when the register leaves it out', () => {
		const rest: Partial<typeof answer.data.receipt_gnk> = { ...answer.data.receipt_gnk };
		delete rest.QRCodeURL;
		expect(stampFromAnswer({ data: { receipt_gnk: rest } }, false).qrUrl).toBe(signed.qrUrl);
	});

	it('never takes an answer without a 12-digit sign or the tax operator’s URL as fiscal', () => {
		const bad = [
			{ success: false, message: 'FM blocked' },
			{ data: { receipt_gnk: { ...answer.data.receipt_gnk, FiscalSign: '12345' } } },
			{
				data: { receipt_gnk: { ...answer.data.receipt_gnk, QRCodeURL: 'https://evil.example/x' } }
			},
			{},
			null
		];
		for (const a of bad) expect(() => stampFromAnswer(a, false)).toThrow(AppError);
	});
});

describe('mayStamp', () => {
	it('lets a queued receipt become sent, and nothing replace a signature', () => {
		expect(mayStamp(null, signed)).toBe(true);
		expect(mayStamp({ state: 'nonfiscal', register: 'none' }, signed)).toBe(true);
		expect(mayStamp({ ...signed, state: 'queued' }, signed)).toBe(true);
		expect(mayStamp(signed, { ...signed, state: 'queued' })).toBe(false);
		expect(mayStamp(signed, { ...signed, fiscalSign: '999999999999' })).toBe(false);
		expect(mayStamp(signed, { state: 'nonfiscal', register: 'none' })).toBe(false);
	});
});

describe('fiscalSaleOf', () => {
	const receipt = {
		id: 'r1',
		version: 1,
		updatedAt: 0,
		branchId: 'b',
		kind: 'sale',
		returnOf: null,
		number: 'SAL-1',
		warehouseId: 'w',
		tradePointId: null,
		counterpartyId: null,
		authorId: 'u',
		lines: [
			{
				productId: 'p1',
				qty: 2,
				unitPrice: 450_000,
				gross: 900_000,
				discount: 0,
				net: 900_000,
				promotionId: null
			}
		],
		orderDiscount: 0,
		subtotal: 900_000,
		discount: 0,
		total: 900_000,
		paid: 900_000,
		change: 0,
		applied: [],
		soldAt: Date.parse('2026-11-30T08:24:00Z')
	} satisfies ReceiptRow;
	const product = {
		name: 'Water',
		barcodes: ['4780000012345'],
		ikpu: IKPU,
		packageCode: '1209779',
		vatRate: 12
	};

	it('names the products that lack an IKPU, package code or VAT rate', () => {
		const r = fiscalSaleOf(
			receipt,
			new Map([['p1', { ...product, ikpu: null }]]),
			[],
			'Asia/Tashkent'
		);
		expect(r).toEqual({ ok: false, missing: ['Water'] });
	});

	it('splits the payments into cash and non-cash, at Tashkent time', () => {
		const r = fiscalSaleOf(
			receipt,
			new Map([['p1', product]]),
			[
				{ method: 'cash', amount: 400_000 },
				{ method: 'card', amount: 300_000 },
				{ method: 'transfer', amount: 200_000 }
			],
			'Asia/Tashkent'
		);
		expect(r.ok && r.sale).toMatchObject({
			kind: 'sale',
			cash: 400_000,
			card: 500_000,
			time: '2026-11-30 13:24:00'
		});
		expect(registerTime(Date.parse('2026-11-30T19:00:05Z'), 'Asia/Tashkent')).toBe(
			'2026-12-01 00:00:05'
		);
	});

	it('refuses a return whose original no register signed', () => {
		const ret = { ...receipt, kind: 'return' as const, returnOf: 'r0' };
		expect(
			fiscalSaleOf(ret, new Map([['p1', product]]), [], 'UTC', { ...receipt, fiscal: null })
		).toEqual({
			ok: false,
			originalNotFiscal: true
		});
		const ok = fiscalSaleOf(ret, new Map([['p1', product]]), [], 'UTC', {
			...receipt,
			fiscal: signed
		});
		expect(ok.ok && ok.sale.refundOf).toEqual(signed);
	});
});
