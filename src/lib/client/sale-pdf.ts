/**
 * A sale or an order as a PDF document: the receipt on an 80 mm roll, the invoice on A4. The
 * figures are the document's own, formatted as the screen formats them, so the file and the
 * screen cannot disagree.
 */
import type { Unit } from '$lib/domain/catalog/schemas';
import type { SaleLineRow } from '$lib/domain/sync/rows';
import { formatDateTime, formatMoney, t } from '$lib/i18n/i18n.svelte';
import type { PdfDocument } from './document-pdf';
import { formatQty } from './stock';

export interface SaleForPdf {
	paper: PdfDocument['paper'];
	/** 'receipt' prints the seller on top; 'invoice' titles the page and names both parties. */
	kind: 'receipt' | 'invoice';
	number: string;
	at: number;
	seller: string;
	/** The warehouse or van it was sold from. */
	from?: string;
	buyer?: string | null;
	lines: readonly SaleLineRow[];
	applied: readonly { promotionId: string; name: string }[];
	subtotal: number;
	discount: number;
	total: number;
	payments?: readonly { method: 'cash' | 'card' | 'transfer'; amount: number }[];
	/** Cash handed back. */
	change?: number;
	/** Left to pay. */
	due?: number;
}

export function salePdf(
	s: SaleForPdf,
	productOf: (id: string) => { name: string; unit: Unit } | undefined,
	currency: string,
	timeZone?: string
): PdfDocument {
	const money = (minor: number) => formatMoney(minor, currency);
	const cash = (s.payments ?? [])
		.filter((p) => p.method === 'cash')
		.reduce((n, p) => n + p.amount, 0);
	const invoice = s.kind === 'invoice';
	return {
		paper: s.paper,
		title: invoice ? `${t('invoice.title')} ${s.number}` : s.seller,
		header: [
			...(invoice ? [`${t('invoice.seller')}: ${s.seller}`] : s.from ? [s.from] : []),
			...(invoice ? [] : [`${t('receipt.number')}: ${s.number}`]),
			formatDateTime(s.at, timeZone),
			...(s.buyer ? [`${invoice ? t('invoice.buyer') : t('sell.customer')}: ${s.buyer}`] : [])
		],
		columns: [t('invoice.product'), t('invoice.qty'), t('invoice.price'), t('invoice.amount')],
		lines: s.lines.map((l) => {
			const p = productOf(l.productId);
			const promo = s.applied.find((a) => a.promotionId === l.promotionId)?.name;
			return {
				name: p?.name ?? '—',
				qty: formatQty(l.qty, p?.unit),
				price: money(l.unitPrice),
				amount: money(l.gross),
				...(l.discount > 0 ? { note: `${promo ?? t('sell.discount')} −${money(l.discount)}` } : {})
			};
		}),
		totals: [
			{ label: t('sell.subtotal'), value: money(s.subtotal) },
			...(s.discount > 0 ? [{ label: t('sell.discount'), value: `−${money(s.discount)}` }] : []),
			{ label: t('sell.total'), value: money(s.total), strong: true },
			...(s.payments ?? []).map((p) => ({
				label: t(`sell.method.${p.method}`),
				value: money(p.amount)
			})),
			...(s.change && s.change > 0
				? [
						{ label: t('receipt.received'), value: money(cash + s.change) },
						{ label: t('receipt.change'), value: money(s.change) }
					]
				: []),
			...(s.due && s.due > 0 ? [{ label: t('receipt.due'), value: money(s.due) }] : [])
		],
		footer: invoice ? undefined : t('receipt.thanks')
	};
}

export interface PaymentForPdf {
	number: string;
	at: number;
	seller: string;
	customer: string;
	method: 'cash' | 'card' | 'transfer';
	amount: number;
	/** What the customer owes after it; below zero, an advance. */
	owesAfter: number;
}

/** A payment's own receipt: who paid how much, how, and what they owe after it. */
export function paymentPdf(p: PaymentForPdf, currency: string, timeZone?: string): PdfDocument {
	const money = (minor: number) => formatMoney(minor, currency);
	return {
		paper: 'roll',
		title: p.seller,
		header: [
			t('payment.receipt'),
			`${t('receipt.number')}: ${p.number}`,
			formatDateTime(p.at, timeZone),
			`${t('payment.from')}: ${p.customer}`
		],
		columns: [t('invoice.product'), t('invoice.qty'), t('invoice.price'), t('invoice.amount')],
		lines: [],
		totals: [
			{ label: t('payment.amount'), value: money(p.amount), strong: true },
			{ label: t(`sell.method.${p.method}`), value: money(p.amount) },
			p.owesAfter < 0
				? { label: t('payment.advance'), value: money(-p.owesAfter) }
				: { label: t('payment.owesNow'), value: money(p.owesAfter) }
		],
		footer: t('receipt.thanks')
	};
}
