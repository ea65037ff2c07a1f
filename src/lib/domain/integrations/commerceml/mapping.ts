/**
 * What a CommerceML package means for an organization's catalog, as the mutations that make it
 * so: pure, given the records read (reader.ts) and the organization's current rows. Only what
 * differs becomes a mutation, so importing the same files twice plans nothing (no new versions).
 *
 * - Groups → categories (nested), goods → products (the 1C Ид kept in a link), Артикул → SKU,
 *   Штрихкод → barcodes, БазоваяЕдиница's code → unit, the first group → category; the IKPU,
 *   package code, VAT and GTIN where the card carries them (tax-fields.ts).
 * - An offer `<good>#<characteristic>` (a size, a colour) is a product of its own, derived from
 *   its good: Optio has no variants, and a rep orders and a warehouse counts each size apart.
 * - Price types → price lists (the one mapped to the default list, or named in the settings, is
 *   the default), prices in minor units of the organization's currency.
 * - Stock per 1C warehouse → a stocktake (an adjustment document) in the mapped warehouse: the
 *   ledger moves by the difference, balances are never overwritten.
 * - A full catalog (СодержитТолькоИзменения="false") archives the linked products it no longer
 *   lists; a changes-only one touches only what it lists.
 */
import { MAX_ATTRIBUTES, type Unit } from '../../catalog/schemas';
import type { CmlGood, CmlGroup, CmlOffer, CmlPriceType, CmlProperty } from './reader';
import { gtinOf, taxFieldsOf } from './tax-fields';

/** OKEI unit codes 1C uses, to Optio's units. Unknown codes count pieces. */
export const UNIT_BY_CODE: Record<string, Unit> = {
	'796': 'pcs', // штука
	'715': 'pcs', // пара
	'839': 'pcs', // комплект
	'704': 'pcs', // набор
	'778': 'pack', // упаковка
	'728': 'pack', // пачка
	'736': 'pack', // рулон
	'812': 'box', // ящик
	'166': 'kg', // килограмм
	'112': 'l', // литр
	'006': 'm', // метр
	'6': 'm'
};

export const unitOf = (code: string | null): Unit =>
	(code && UNIT_BY_CODE[code.replace(/^0+(?=\d{3})/, '')]) || (code && UNIT_BY_CODE[code]) || 'pcs';

/** Link kinds: what a 1C id names in the organization. */
export type LinkKind = 'group' | 'product' | 'priceType' | 'payment';

export interface Link {
	kind: LinkKind;
	onecId: string;
	optioId: string;
	/** What the product's 1C card says that Optio has no field for (properties, taxes, images). */
	data?: Record<string, unknown>;
}

export interface ProductState {
	id: string;
	sku: string;
	name: string;
	unit: Unit;
	barcodes: string[];
	categoryId: string | null;
	active: boolean;
	/** Its photo (a 1C image from the zip); undefined: not said, the product keeps its own. */
	photoId?: string | null;
	/** Its tax-catalog fields (tax-fields.ts); undefined: not said, the product keeps its own. */
	ikpu?: string | null;
	packageCode?: string | null;
	vatRate?: number | null;
	gtin?: string | null;
	/** Its properties by name (Свойства); undefined: not said, the product keeps its own. */
	attributes?: Record<string, string>;
}

const TAX_FIELDS = ['ikpu', 'packageCode', 'vatRate', 'gtin'] as const;

export interface ExchangeSettings {
	/** 1C warehouse Ид → Optio warehouse id. */
	warehouses: Record<string, string>;
	/** Where a quantity without a warehouse goes. */
	defaultWarehouseId: string | null;
	/** 1C price type Ид → Optio price list id. */
	priceTypes: Record<string, string>;
	/** The 1C price type (Ид or name) that fills the default list. */
	defaultPriceType: string | null;
	/** The encoding of the orders Optio sends. */
	encoding: 'utf-8' | 'windows-1251';
}

export const DEFAULT_SETTINGS: ExchangeSettings = {
	warehouses: {},
	defaultWarehouseId: null,
	priceTypes: {},
	defaultPriceType: null,
	encoding: 'utf-8'
};

export interface CatalogState {
	/** Minor digits of the organization's currency. */
	digits: number;
	currency: string;
	/** `${kind}:${onecId}` → Optio id. */
	links: Map<string, string>;
	products: Map<string, ProductState>;
	categories: Map<string, { id: string; name: string; parentId: string | null }>;
	priceLists: { id: string; name: string; isDefault: boolean }[];
	/** `${priceListId}:${productId}` → minor units. */
	prices: Map<string, number>;
	/** `${warehouseId}:${productId}` → thousandths. */
	balances: Map<string, number>;
	/** Warehouses one may write stock to. */
	warehouseIds: Set<string>;
	settings: ExchangeSettings;
	newId: () => string;
}

export type Step =
	| { name: 'category.upsert'; args: { id: string; name: string; parentId: string | null } }
	| {
			name: 'product.upsert';
			args: ProductState;
	  }
	| { name: 'priceList.upsert'; args: { id: string; name: string } }
	| { name: 'price.set'; args: { productId: string; price: number; priceListId?: string } }
	| {
			name: 'document.save';
			args: {
				id: string;
				type: 'stocktake';
				warehouseId: string;
				reason: string;
				comment: string;
				lines: { productId: string; qty: number }[];
			};
	  }
	| { name: 'document.post'; args: { id: string } };

export interface Counts {
	created: number;
	changed: number;
	archived: number;
	refused: number;
}

export interface Problem {
	/** The 1C Ид (or the warehouse's) the problem is about. */
	id: string;
	reason: string;
}

export interface ImportPlan {
	links: Link[];
	steps: Step[];
	counts: Counts;
	problems: Problem[];
}

const key = (kind: LinkKind, id: string) => `${kind}:${id}`;
const MAX_DOCUMENT_LINES = 1000;

/** Text as the catalog takes it: one line, trimmed, cut to `max`. */
export const clean = (s: string, max: number) =>
	s
		// eslint-disable-next-line no-control-regex
		.replace(/[\s\u0000-\u001f\u007f]+/g, ' ')
		.trim()
		.slice(0, max)
		.trim();

const BARCODE = /^[0-9A-Za-z-]{4,32}$/;

/**
 * A decimal from 1C ("1 719,50", "9335.42") in minor units, rounded half up; null if not one.
 * @example toMinor('1719', 2) // 171900
 */
export function toMinor(text: string, digits: number): number | null {
	const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
	const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
	if (!m) return null;
	const frac = (m[2] ?? '').padEnd(digits + 1, '0');
	let minor = Number(`${m[1]}${frac.slice(0, digits)}`);
	if (Number(frac[digits]) >= 5) minor += 1;
	return Number.isSafeInteger(minor) ? minor : null;
}

/** A quantity in thousandths (negative stock in 1C counts as zero); null if not a number. */
export function toMilli(text: string): number | null {
	const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d*)?$/.test(t)) return null;
	return Math.max(0, Math.round(Number(t) * 1000));
}

const sameList = (a: string[], b: string[]) =>
	a.length === b.length && a.every((x, i) => x === b[i]);

/** Groups parents first, so each category's parent exists when it is written. */
function parentsFirst(groups: CmlGroup[]): CmlGroup[] {
	const byId = new Map(groups.map((g) => [g.id, g]));
	const out: CmlGroup[] = [];
	const done = new Set<string>();
	const visit = (g: CmlGroup, depth: number) => {
		if (done.has(g.id) || depth > 64) return;
		const parent = g.parentId ? byId.get(g.parentId) : undefined;
		if (parent) visit(parent, depth + 1);
		done.add(g.id);
		out.push(g);
	};
	for (const g of groups) visit(g, 0);
	return out;
}

class Planner {
	links: Link[] = [];
	steps: Step[] = [];
	counts: Counts = { created: 0, changed: 0, archived: 0, refused: 0 };
	problems: Problem[] = [];
	/** SKU → product id, as the plan goes (taken SKUs). */
	skus = new Map<string, string>();
	/** Products this plan writes, as it leaves them. */
	touched = new Map<string, ProductState>();
	linkedProducts = new Set<string>();

	constructor(readonly s: CatalogState) {
		for (const p of s.products.values()) this.skus.set(p.sku, p.id);
		for (const [k, v] of s.links) if (k.startsWith('product:')) this.linkedProducts.add(v);
	}

	link(kind: LinkKind, onecId: string, optioId: string, data?: Record<string, unknown>) {
		this.s.links.set(key(kind, onecId), optioId);
		if (kind === 'product') this.linkedProducts.add(optioId);
		this.links.push({ kind, onecId, optioId, ...(data ? { data } : {}) });
	}

	refuse(id: string, reason: string) {
		this.counts.refused++;
		this.problems.push({ id, reason });
	}

	category(g: CmlGroup) {
		const name = clean(g.name, 120);
		if (!g.id || !name) return this.refuse(g.id, 'A group without an Ид or a name.');
		let id = this.s.links.get(key('group', g.id));
		const parentId = g.parentId ? (this.s.links.get(key('group', g.parentId)) ?? null) : null;
		const old = id ? this.s.categories.get(id) : undefined;
		if (!id) {
			id = this.s.newId();
			this.link('group', g.id, id);
		}
		if (old && old.name === name && old.parentId === parentId) return;
		this.steps.push({ name: 'category.upsert', args: { id, name, parentId } });
		this.s.categories.set(id, { id, name, parentId });
		if (old) this.counts.changed++;
		else this.counts.created++;
	}

	/** The SKU a 1C good gets: its Артикул, else its Ид; another product's keeps ours apart. */
	skuFor(wanted: string, onecId: string, productId: string | undefined): string {
		const base = clean(wanted, 64) || clean(onecId, 64);
		const holder = this.skus.get(base);
		if (!holder || holder === productId) return base;
		const current = productId
			? (this.touched.get(productId) ?? this.s.products.get(productId))
			: undefined;
		// Keep a suffix chosen before, so the SKU does not move on every import.
		if (current?.sku.startsWith(`${base.slice(0, 55)}~`)) return current.sku;
		return `${base.slice(0, 55)}~${onecId.replace(/[^0-9A-Za-z]/g, '').slice(0, 8)}`;
	}

	product(
		onecId: string,
		want: Omit<ProductState, 'id' | 'sku'> & { sku: string },
		data?: Record<string, unknown>
	): string | null {
		if (!want.name) {
			this.refuse(onecId, 'A good without a name.');
			return null;
		}
		let id = this.s.links.get(key('product', onecId));
		let adopted = false;
		if (!id) {
			// A product already in Optio with this SKU and no 1C good of its own becomes this one.
			const holder = this.skus.get(clean(want.sku, 64));
			if (holder && !this.linkedProducts.has(holder)) {
				id = holder;
				adopted = true;
			}
		}
		const isNew = !id;
		id ??= this.s.newId();
		if (isNew || adopted || data) this.link('product', onecId, id, data);
		const old = this.touched.get(id) ?? this.s.products.get(id);
		const sku = this.skuFor(want.sku, onecId, id);
		const next: ProductState = { ...want, id, sku };
		if (
			old &&
			old.sku === next.sku &&
			old.name === next.name &&
			old.unit === next.unit &&
			sameList(old.barcodes, next.barcodes) &&
			old.categoryId === next.categoryId &&
			old.active === next.active &&
			(next.photoId === undefined || (old.photoId ?? null) === next.photoId) &&
			TAX_FIELDS.every((f) => next[f] === undefined || (old[f] ?? null) === next[f]) &&
			(next.attributes === undefined || sameAttributes(old.attributes ?? {}, next.attributes))
		) {
			return id;
		}
		if (old && old.sku !== sku) this.skus.delete(old.sku);
		this.skus.set(sku, id);
		this.touched.set(id, next);
		this.steps.push({ name: 'product.upsert', args: next });
		if (!old) this.counts.created++;
		else if (old.active && !next.active) this.counts.archived++;
		else this.counts.changed++;
		return id;
	}

	archive(id: string) {
		const old = this.touched.get(id) ?? this.s.products.get(id);
		if (!old || !old.active) return;
		const next = { ...old, active: false };
		this.touched.set(id, next);
		this.steps.push({ name: 'product.upsert', args: next });
		this.counts.archived++;
	}
}

/** The same properties with the same values, in any order. */
const sameAttributes = (a: Record<string, string>, b: Record<string, string>) =>
	Object.keys(a).length === Object.keys(b).length &&
	Object.entries(b).every(([name, value]) => a[name] === value);

const barcodes = (list: string[]) =>
	[...new Set(list.map((b) => b.trim()).filter((b) => BARCODE.test(b)))].slice(0, 20);

export interface CatalogFile {
	onlyChanges: boolean;
	groups: CmlGroup[];
	properties: CmlProperty[];
	goods: CmlGood[];
	/** 1C good Ид → the photo its first image in this exchange became (stored already). */
	photos?: Map<string, string>;
}

/**
 * A good's properties by name, as a product keeps them; undefined (the product keeps its own)
 * where the good lists none or names a property this file does not describe (a changes-only
 * package may leave the classifier out): a name cannot be guessed, and a partial list would
 * drop the rest.
 */
function attributesOf(
	g: CmlGood,
	props: Map<string, CmlProperty>
): Record<string, string> | undefined {
	if (!g.properties.length) return undefined;
	const attributes: Record<string, string> = {};
	for (const v of g.properties) {
		const prop = props.get(v.id);
		if (!prop) return undefined;
		const name = clean(prop.name, 100);
		const value = clean(prop.values[v.value] ?? v.value, 500);
		if (name && value && Object.keys(attributes).length < MAX_ATTRIBUTES) attributes[name] = value;
	}
	return attributes;
}

/** What import.xml (groups, properties, goods) changes. */
export function planCatalog(file: CatalogFile, state: CatalogState): ImportPlan {
	const p = new Planner(state);
	for (const g of parentsFirst(file.groups)) p.category(g);
	const props = new Map(file.properties.map((x) => [x.id, x]));
	const listed = new Set<string>();
	for (const g of file.goods) {
		if (!g.id) {
			p.refuse('', 'A good without an Ид.');
			continue;
		}
		listed.add(g.id);
		const categoryId = g.groupIds.length
			? (state.links.get(key('group', g.groupIds[0]!)) ?? null)
			: null;
		const attributes = attributesOf(g, props);
		const existing = state.links.get(key('product', g.id));
		const old = existing ? state.products.get(existing) : undefined;
		p.product(
			g.id,
			{
				sku: g.sku,
				name: clean(g.name, 200),
				unit: unitOf(g.unitCode),
				barcodes: barcodes(g.barcodes),
				categoryId: g.groupIds.length ? categoryId : (old?.categoryId ?? null),
				active: !g.deleted,
				attributes,
				...taxFieldsOf(g),
				...(file.photos?.has(g.id) ? { photoId: file.photos.get(g.id)! } : {})
			},
			{
				requisites: g.requisites,
				taxRates: g.taxRates,
				images: g.images
			}
		);
	}
	if (!file.onlyChanges) {
		// A full catalog: what 1C no longer lists (a good, or a size of one) is archived.
		for (const [k, id] of state.links) {
			if (!k.startsWith('product:')) continue;
			const onecId = k.slice('product:'.length);
			const goodId = onecId.split('#')[0]!;
			if (!listed.has(goodId)) p.archive(id);
		}
	}
	return { links: p.links, steps: p.steps, counts: p.counts, problems: p.problems };
}

export interface OffersFile {
	onlyChanges: boolean;
	priceTypes: CmlPriceType[];
	offers: CmlOffer[];
}

/** The list a 1C price type fills: mapped, linked, the default, or a new one. */
function priceListFor(p: Planner, state: CatalogState, t: CmlPriceType, first: boolean) {
	const mapped = state.settings.priceTypes[t.id];
	if (mapped && state.priceLists.some((l) => l.id === mapped)) return mapped;
	const wanted = state.settings.defaultPriceType;
	const isDefault = wanted ? wanted === t.id || wanted === t.name : first;
	const defaultList = state.priceLists.find((l) => l.isDefault);
	if (isDefault && defaultList) return defaultList.id;
	const linked = state.links.get(key('priceType', t.id));
	if (linked && state.priceLists.some((l) => l.id === linked)) return linked;
	const id = state.newId();
	const name = clean(t.name, 120) || t.id.slice(0, 120);
	p.link('priceType', t.id, id);
	p.steps.push({ name: 'priceList.upsert', args: { id, name } });
	state.priceLists.push({ id, name, isDefault: false });
	return id;
}

/**
 * What offers.xml (or prices/rests) changes: variants, prices, stock by warehouse. A file
 * planned a part of its offers at a time passes the same `reported` to each part, so what is
 * said of the whole file (an unmapped warehouse, a foreign currency, the default price type) is
 * said, and counted, once.
 */
export function planOffers(
	file: OffersFile,
	state: CatalogState,
	label = 'offers.xml',
	reported = new Set<string>()
): ImportPlan {
	const p = new Planner(state);
	const once = (k: string) => !reported.has(k) && !!reported.add(k);
	const lists = new Map<string, string>();
	file.priceTypes.forEach((t, i) => lists.set(t.id, priceListFor(p, state, t, i === 0)));
	if (
		state.settings.defaultPriceType === null &&
		file.priceTypes.length > 1 &&
		once('defaultPriceType')
	) {
		// Several types and none named: the first went to the default list; say which.
		p.problems.push({
			id: file.priceTypes[0]!.id,
			reason: `Price type ${file.priceTypes[0]!.name} fills the default list; choose another in the 1C settings.`
		});
	}
	const currencies = new Set<string>();
	/** Optio warehouse → product → counted thousandths. */
	const counted = new Map<string, Map<string, number>>();
	const unmapped = new Set<string>();
	const count = (warehouseId: string, productId: string, milli: number) => {
		const m = counted.get(warehouseId) ?? new Map<string, number>();
		counted.set(warehouseId, m);
		m.set(productId, (m.get(productId) ?? 0) + milli);
	};

	for (const o of file.offers) {
		let productId = state.links.get(key('product', o.id)) ?? null;
		if (o.characteristicId) {
			// A size or a colour of a good: a product of its own, made from its good.
			const baseId = state.links.get(key('product', o.goodId));
			const base = baseId ? (p.touched.get(baseId) ?? state.products.get(baseId)) : undefined;
			if (!base && !productId) {
				p.refuse(o.id, 'An offer of a good that is not in the catalog.');
				continue;
			}
			const suffix =
				o.characteristics.map((c) => c.value).join(' ') || o.characteristicId.slice(0, 8);
			const name = clean(o.name, 200) || clean(`${base?.name ?? ''} (${suffix})`, 200);
			const current = productId
				? (p.touched.get(productId) ?? state.products.get(productId))
				: undefined;
			productId = p.product(
				o.id,
				{
					sku: `${clean(o.sku || base?.sku || o.goodId, 55)}/${o.characteristicId.replace(/[^0-9A-Za-z]/g, '').slice(0, 8)}`,
					name,
					unit: o.unitCode ? unitOf(o.unitCode) : (base?.unit ?? current?.unit ?? 'pcs'),
					barcodes: o.barcodes.length ? barcodes(o.barcodes) : (current?.barcodes ?? []),
					categoryId: base?.categoryId ?? current?.categoryId ?? null,
					active: !o.deleted && (base?.active ?? true),
					// A size shares its good's IKPU, package and VAT; its GTIN is its own barcode's.
					...(base?.ikpu ? { ikpu: base.ikpu } : {}),
					...(base?.packageCode ? { packageCode: base.packageCode } : {}),
					...(base?.vatRate != null ? { vatRate: base.vatRate } : {}),
					...(gtinOf(o.barcodes) ? { gtin: gtinOf(o.barcodes) } : {})
				},
				{ characteristics: o.characteristics }
			);
			if (!productId) continue;
		} else if (!productId) {
			p.refuse(o.id, 'An offer of a good that is not in the catalog.');
			continue;
		}
		for (const price of o.prices) {
			const listId = lists.get(price.priceTypeId) ?? state.settings.priceTypes[price.priceTypeId];
			if (!listId) {
				p.refuse(o.id, `Price type ${price.priceTypeId} is not in the package.`);
				continue;
			}
			const minor = toMinor(price.price, state.digits);
			if (minor === null) {
				p.refuse(o.id, `Price "${price.price}" is not a number.`);
				continue;
			}
			if (price.currency) currencies.add(price.currency);
			const k = `${listId}:${productId}`;
			if (state.prices.get(k) === minor) continue;
			const isDefault = state.priceLists.find((l) => l.id === listId)?.isDefault;
			p.steps.push({
				name: 'price.set',
				args: { productId, price: minor, ...(isDefault ? {} : { priceListId: listId }) }
			});
			if (state.prices.has(k)) p.counts.changed++;
			else p.counts.created++;
			state.prices.set(k, minor);
		}
		const stocks = o.stocks.length
			? o.stocks
			: o.quantity !== null
				? [{ warehouseId: '', quantity: o.quantity }]
				: [];
		for (const s of stocks) {
			const warehouseId = s.warehouseId
				? state.settings.warehouses[s.warehouseId]
				: state.settings.defaultWarehouseId;
			if (!warehouseId || !state.warehouseIds.has(warehouseId)) {
				unmapped.add(s.warehouseId);
				continue;
			}
			const milli = toMilli(s.quantity);
			if (milli === null) {
				p.refuse(o.id, `Quantity "${s.quantity}" is not a number.`);
				continue;
			}
			count(warehouseId, productId, milli);
		}
	}
	for (const w of unmapped) {
		if (!once(`warehouse:${w}`)) continue;
		p.refuse(
			w,
			w
				? `1C warehouse ${w} is not mapped to an Optio warehouse: its stock was not taken.`
				: 'No default warehouse for quantities without a warehouse: they were not taken.'
		);
	}
	for (const c of currencies) {
		const code = /^(руб|руб\.|643)$/i.test(c) ? 'RUB' : c.toUpperCase();
		if (code !== state.currency && once(`currency:${c}`)) {
			p.problems.push({
				id: c,
				reason: `Prices are in ${c}, the organization counts in ${state.currency}: taken as they are.`
			});
		}
	}
	// One stocktake per warehouse with the lines that differ: posting moves the ledger by the
	// difference, and an unchanged warehouse gets no document at all.
	for (const [warehouseId, products] of counted) {
		const lines: { productId: string; qty: number }[] = [];
		for (const [productId, milli] of products) {
			if ((state.balances.get(`${warehouseId}:${productId}`) ?? 0) === milli) continue;
			lines.push({ productId, qty: milli / 1000 });
			p.counts.changed++;
			state.balances.set(`${warehouseId}:${productId}`, milli);
		}
		for (let i = 0; i < lines.length; i += MAX_DOCUMENT_LINES) {
			const id = state.newId();
			p.steps.push({
				name: 'document.save',
				args: {
					id,
					type: 'stocktake',
					warehouseId,
					reason: 'Stock from 1C',
					comment: `1C exchange: ${label}`,
					lines: lines.slice(i, i + MAX_DOCUMENT_LINES)
				}
			});
			p.steps.push({ name: 'document.post', args: { id } });
		}
	}
	return { links: p.links, steps: p.steps, counts: p.counts, problems: p.problems };
}

/**
 * A full catalog's last part: the linked products 1C no longer lists (found by the caller),
 * archived unless already archived.
 */
export function planArchive(state: CatalogState, productIds: readonly string[]): ImportPlan {
	const p = new Planner(state);
	for (const id of productIds) p.archive(id);
	return { links: p.links, steps: p.steps, counts: p.counts, problems: p.problems };
}

/** Counts as a user reads them: stock lines count as changes. */
export function addCounts(a: Counts, b: Counts): Counts {
	return {
		created: a.created + b.created,
		changed: a.changed + b.changed,
		archived: a.archived + b.archived,
		refused: a.refused + b.refused
	};
}
