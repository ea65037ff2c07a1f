/**
 * The promotions screen's add-or-edit form (src/routes/promotions): its fields as typed, how a
 * stored promotion fills them, and the `promotion.upsert` arguments they make. Money is read by
 * the one money parser (domain/money.ts parseMoney); the arguments are checked by the schema
 * itself (domain/sales/promotions.ts promotionArgs) when they are queued, so a field typed
 * wrong comes back by its name. The page only draws it.
 */
import { uuidv7 } from 'uuidv7';
import { parseMoney } from '../domain/money';
import type { Promotion, PromotionKind, PromotionRule } from '../domain/sales/promotions';
import type { PromotionRow } from '../domain/sync/rows';

const DAY = 86_400_000;

export interface PromotionFields {
	name: string;
	kind: PromotionKind;
	percent: string;
	amount: string;
	price: string;
	buyQty: string;
	freeQty: string;
	minTotal: string;
	productIds: string[];
	categoryIds: string[];
	channels: string[];
	/** YYYY-MM-DD on this device's calendar; empty: no bound. */
	starts: string;
	/** The last day it runs (included). */
	ends: string;
	exclusive: boolean;
}

export const blankPromotion = (): PromotionFields => ({
	name: '',
	kind: 'percent',
	percent: '',
	amount: '',
	price: '',
	buyQty: '2',
	freeQty: '1',
	minTotal: '',
	productIds: [],
	categoryIds: [],
	channels: [],
	starts: '',
	ends: '',
	exclusive: false
});

/** A time's local day, YYYY-MM-DD; empty for none. */
const dayOf = (ms: number | null | undefined) =>
	ms == null
		? ''
		: new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
/** A date field's local midnight; null for none. */
const startOf = (s: string) => (s ? new Date(`${s}T00:00`).getTime() : null);

/** Whether `list` holds `id`: a tap adds it, or takes it away. */
export const toggled = (list: readonly string[], id: string) =>
	list.includes(id) ? list.filter((x) => x !== id) : [...list, id];

export class PromotionForm {
	form = $state<PromotionFields>(blankPromotion());
	/** The promotion being edited; null: a new one. */
	editing = $state<PromotionRow | null>(null);
	#id = uuidv7();

	/** @param digits the currency's minor digits (2 for UZS): money fields are typed in major units. */
	constructor(private readonly digits: () => number) {}

	/** Fills the form from `p`, or blank for a new promotion (with a new id). */
	open(p: PromotionRow | null): void {
		this.editing = p;
		this.#id = p?.id ?? uuidv7();
		const r: Partial<PromotionRule> = p?.rule ?? {};
		const money = (minor: number | undefined) =>
			minor == null ? '' : String(minor / 10 ** this.digits());
		this.form = p
			? {
					name: p.name,
					kind: r.kind ?? 'percent',
					percent: r.percent ? String(r.percent) : '',
					amount: money(r.amount),
					price: money(r.price),
					buyQty: String(r.buyQty ?? 2),
					freeQty: String(r.freeQty ?? 1),
					minTotal: money(r.minTotal),
					productIds: [...(r.productIds ?? [])],
					categoryIds: [...(r.categoryIds ?? [])],
					channels: [...(r.channels ?? [])],
					starts: dayOf(r.startsAt),
					ends: r.endsAt == null ? '' : dayOf(r.endsAt - DAY),
					exclusive: !!r.exclusive
				}
			: blankPromotion();
	}

	toggleProduct(id: string): void {
		this.form.productIds = toggled(this.form.productIds, id);
	}
	toggleCategory(id: string): void {
		this.form.categoryIds = toggled(this.form.categoryIds, id);
	}
	toggleChannel(channel: string): void {
		this.form.channels = toggled(this.form.channels, channel);
	}

	/**
	 * The `promotion.upsert` arguments: only the kind's own fields; an order-total promotion takes
	 * an amount off when one is typed, else a percent; the end date is included (the promotion
	 * ends at the next midnight). A number that cannot be read is sent as NaN, which the schema
	 * refuses by that field's name.
	 */
	args(): Promotion {
		const f = this.form;
		const k = f.kind;
		const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
		const minor = (s: string) =>
			s.trim() === '' ? undefined : (parseMoney(s, this.digits()) ?? NaN);
		return {
			id: this.#id,
			name: f.name,
			kind: k,
			...(k === 'percent' || (k === 'order_total' && !f.amount.trim())
				? { percent: num(f.percent) }
				: {}),
			...(k === 'amount' || (k === 'order_total' && f.amount.trim())
				? { amount: minor(f.amount) }
				: {}),
			...(k === 'fixed_price' ? { price: minor(f.price) } : {}),
			...(k === 'buy_x_get_y' ? { buyQty: num(f.buyQty), freeQty: num(f.freeQty) } : {}),
			...(k === 'order_total' ? { minTotal: minor(f.minTotal) ?? 0 } : {}),
			productIds: k === 'order_total' ? [] : f.productIds,
			categoryIds: k === 'order_total' ? [] : f.categoryIds,
			channels: f.channels as Promotion['channels'],
			startsAt: startOf(f.starts),
			endsAt: f.ends ? startOf(f.ends)! + DAY : null,
			exclusive: f.exclusive,
			active: true
		} as Promotion;
	}
}
