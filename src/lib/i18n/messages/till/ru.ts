import type { tillEN } from './en';

/** The tablet till, receipts and invoices as PDF, how sums are written (ru). */
export const tillRU: Record<keyof typeof tillEN, string> = {
	'till.favourites': 'Избранное',
	'till.bestSellers': 'Чаще всего продаются',
	'till.addOne': 'Добавить одну единицу: {name}',
	'till.pin': 'Добавить {name} в избранное',
	'till.unpin': 'Убрать {name} из избранного',
	'till.quickCash': 'Получено наличными',
	'till.exact': 'Без сдачи',
	'receipt.received': 'Получено наличными',
	'receipt.change': 'Сдача',
	'receipt.pdf': 'PDF',
	'receipt.pdfBusy': 'Готовим PDF…',
	'receipt.pdfFailed': 'Не удалось сделать PDF: {reason}',
	'invoice.title': 'Накладная',
	'invoice.pdf': 'Накладная PDF',
	'invoice.number': 'Накладная №',
	'invoice.buyer': 'Покупатель',
	'invoice.seller': 'Продавец',
	'invoice.product': 'Товар',
	'invoice.qty': 'Кол-во',
	'invoice.price': 'Цена',
	'invoice.amount': 'Сумма',
	'invoice.delivery': 'Доставка',
	'settings.moneyFractions': 'Суммы на экране и в чеках',
	'settings.moneyFractions.auto': 'Как принято для валюты ({example})',
	'settings.moneyFractions.always': 'Всегда с копейками ({example})',
	'settings.moneyFractions.when_needed': 'Целые суммы без копеек ({example})'
};
