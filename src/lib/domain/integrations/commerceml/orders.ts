/**
 * Orders out to 1C as one CommerceML document (`type=sale&mode=query`), and what 1C sends back
 * about them (`type=sale&mode=file`) read as Optio status changes. Pure.
 */
import { minorToInput } from '../../money';
import type { CmlDocument } from './reader';

export interface OrderOut {
	id: string;
	number: string;
	orderedAt: number;
	status: string;
	total: number;
	comment: string | null;
	counterparty: { id: string; name: string; taxId: string | null } | null;
	tradePoint: { id: string; name: string; address: string | null };
	lines: {
		/** The 1C Ид when the product came from 1C, else Optio's id. */
		id: string;
		name: string;
		sku: string;
		unit: string;
		unitPrice: number;
		qty: number;
		net: number;
	}[];
}

const OKEI: Record<string, { code: string; name: string; short: string }> = {
	pcs: { code: '796', name: 'Штука', short: 'шт' },
	pack: { code: '778', name: 'Упаковка', short: 'упак' },
	box: { code: '812', name: 'Ящик', short: 'ящ' },
	kg: { code: '166', name: 'Килограмм', short: 'кг' },
	l: { code: '112', name: 'Литр', short: 'л' },
	m: { code: '006', name: 'Метр', short: 'м' }
};

export const escapeXml = (s: string) =>
	s.replace(/[<>&"']/g, (c) =>
		c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;'
	);

/** Local date and time of an instant in a time zone, as 1C writes them. */
function dateTime(at: number, timeZone: string): { date: string; time: string } {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(new Date(at));
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
	return {
		date: `${get('year')}-${get('month')}-${get('day')}`,
		time: `${get('hour')}:${get('minute')}:${get('second')}`
	};
}

const STATUS_RU: Record<string, string> = {
	new: 'Новый',
	confirmed: 'Подтвержден',
	shipped: 'Отгружен',
	delivered: 'Доставлен',
	cancelled: 'Отменен'
};

/**
 * The orders as one КоммерческаяИнформация, schema 2.08 as 1C's site exchange reads it.
 * Money in the currency's units with its decimals; quantities to three decimals at most.
 */
export function ordersDocument(
	orders: readonly OrderOut[],
	o: { currency: string; digits: number; timezone: string; encoding: string; now: number }
): string {
	const money = (minor: number) => minorToInput(minor, o.digits);
	const qty = (q: number) => String(Math.round(q * 1000) / 1000);
	const x = escapeXml;
	const stamp = dateTime(o.now, o.timezone);
	const out: string[] = [
		`<?xml version="1.0" encoding="${o.encoding === 'windows-1251' ? 'windows-1251' : 'UTF-8'}"?>`,
		`<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08" ДатаФормирования="${stamp.date}T${stamp.time}">`
	];
	for (const order of orders) {
		const at = dateTime(order.orderedAt, o.timezone);
		const buyer = order.counterparty ?? {
			id: order.tradePoint.id,
			name: order.tradePoint.name,
			taxId: null
		};
		out.push(
			'\t<Документ>',
			`\t\t<Ид>${x(order.id)}</Ид>`,
			`\t\t<Номер>${x(order.number)}</Номер>`,
			`\t\t<Дата>${at.date}</Дата>`,
			`\t\t<Время>${at.time}</Время>`,
			'\t\t<ХозОперация>Заказ товара</ХозОперация>',
			'\t\t<Роль>Продавец</Роль>',
			`\t\t<Валюта>${x(o.currency)}</Валюта>`,
			'\t\t<Курс>1</Курс>',
			`\t\t<Сумма>${money(order.total)}</Сумма>`,
			'\t\t<Контрагенты>',
			'\t\t\t<Контрагент>',
			`\t\t\t\t<Ид>${x(buyer.id)}</Ид>`,
			`\t\t\t\t<Наименование>${x(buyer.name)}</Наименование>`,
			`\t\t\t\t<ПолноеНаименование>${x(buyer.name)}</ПолноеНаименование>`,
			'\t\t\t\t<Роль>Покупатель</Роль>',
			...(buyer.taxId ? [`\t\t\t\t<ИНН>${x(buyer.taxId)}</ИНН>`] : []),
			...(order.tradePoint.address
				? [`\t\t\t\t<Адрес><Представление>${x(order.tradePoint.address)}</Представление></Адрес>`]
				: []),
			'\t\t\t</Контрагент>',
			'\t\t</Контрагенты>',
			`\t\t<Комментарий>${x(order.comment ?? '')}</Комментарий>`,
			'\t\t<Товары>'
		);
		for (const l of order.lines) {
			const unit = OKEI[l.unit] ?? OKEI.pcs!;
			out.push(
				'\t\t\t<Товар>',
				`\t\t\t\t<Ид>${x(l.id)}</Ид>`,
				`\t\t\t\t<Артикул>${x(l.sku)}</Артикул>`,
				`\t\t\t\t<Наименование>${x(l.name)}</Наименование>`,
				`\t\t\t\t<БазоваяЕдиница Код="${unit.code}" НаименованиеПолное="${unit.name}">${unit.short}</БазоваяЕдиница>`,
				`\t\t\t\t<ЦенаЗаЕдиницу>${money(l.unitPrice)}</ЦенаЗаЕдиницу>`,
				`\t\t\t\t<Количество>${qty(l.qty)}</Количество>`,
				`\t\t\t\t<Сумма>${money(l.net)}</Сумма>`,
				'\t\t\t\t<ЗначенияРеквизитов>',
				'\t\t\t\t\t<ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита>',
				'\t\t\t\t\t<ЗначениеРеквизита><Наименование>ТипНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита>',
				'\t\t\t\t</ЗначенияРеквизитов>',
				'\t\t\t</Товар>'
			);
		}
		out.push(
			'\t\t</Товары>',
			'\t\t<ЗначенияРеквизитов>',
			`\t\t\t<ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>${STATUS_RU[order.status] ?? order.status}</Значение></ЗначениеРеквизита>`,
			`\t\t\t<ЗначениеРеквизита><Наименование>Отменен</Наименование><Значение>${order.status === 'cancelled'}</Значение></ЗначениеРеквизита>`,
			`\t\t\t<ЗначениеРеквизита><Наименование>Торговая точка</Наименование><Значение>${x(order.tradePoint.name)}</Значение></ЗначениеРеквизита>`,
			'\t\t</ЗначенияРеквизитов>',
			'\t</Документ>'
		);
	}
	out.push('</КоммерческаяИнформация>', '');
	return out.join('\n');
}

let cp1251: Map<string, number> | null = null;

/**
 * Text as bytes in the exchange's encoding. windows-1251 has no encoder in TextEncoder, so its
 * table is read back from TextDecoder; a character it lacks becomes a character reference
 * (valid in XML text and attribute values alike).
 */
export function encodeText(text: string, encoding: 'utf-8' | 'windows-1251'): Uint8Array {
	if (encoding === 'utf-8') return new TextEncoder().encode(text);
	if (!cp1251) {
		cp1251 = new Map();
		const decoder = new TextDecoder('windows-1251');
		for (let b = 0x80; b <= 0xff; b++) cp1251.set(decoder.decode(new Uint8Array([b])), b);
	}
	const out: number[] = [];
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		if (c < 0x80) out.push(c);
		else {
			const b = cp1251.get(ch);
			if (b !== undefined) out.push(b);
			else for (const r of `&#${c};`) out.push(r.charCodeAt(0));
		}
	}
	return Uint8Array.from(out);
}

/** What 1C says happened to an order, as Optio's status change and payment. */
export interface OrderChange {
	/** Optio's order id (the Ид we sent) or, failing that, its number. */
	id: string;
	number: string;
	status: 'confirmed' | 'shipped' | 'delivered' | 'cancelled' | null;
	paid: boolean;
}

const truthy = (v: string | undefined) => /^(true|да|1)$/i.test(v?.trim() ?? '');

/**
 * 1C's requisites on an order document: Отменен, Проведен, Статус заказа, Отгружен/Дата
 * отгрузки, Заказ оплачен/Дата оплаты. The furthest status wins.
 */
export function orderChangeOf(doc: CmlDocument): OrderChange {
	const r = doc.requisites;
	const statusText = (r['Статус заказа'] ?? '').toLowerCase();
	let status: OrderChange['status'] = null;
	if (truthy(r['Отменен']) || truthy(r['ПометкаУдаления']) || statusText.includes('отмен')) {
		status = 'cancelled';
	} else if (statusText.includes('доставлен') || statusText.includes('выполнен')) {
		status = 'delivered';
	} else if (truthy(r['Отгружен']) || !!r['Дата отгрузки'] || statusText.includes('отгруж')) {
		status = 'shipped';
	} else if (
		truthy(r['Проведен']) ||
		statusText.includes('подтвержд') ||
		statusText.includes('в работе')
	) {
		status = 'confirmed';
	}
	return {
		id: doc.id,
		number: doc.number,
		status,
		paid: truthy(r['Заказ оплачен']) || truthy(r['Оплачен'])
	};
}
