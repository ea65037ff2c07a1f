import type { tillEN } from './en';

/** The tablet till, receipts and invoices as PDF, how sums are written (uz, Latin). */
export const tillUZ: Record<keyof typeof tillEN, string> = {
	'till.favourites': 'Sevimlilar',
	'till.bestSellers': 'Ko‘p sotiladiganlar',
	'till.addOne': 'Bitta qo‘shish: {name}',
	'till.pin': '{name} mahsulotini sevimlilarga qo‘shish',
	'till.unpin': '{name} mahsulotini sevimlilardan olib tashlash',
	'till.quickCash': 'Naqd olindi',
	'till.exact': 'Qaytimsiz',
	'receipt.received': 'Naqd olindi',
	'receipt.change': 'Qaytim',
	'receipt.pdf': 'PDF',
	'receipt.pdfBusy': 'PDF tayyorlanmoqda…',
	'receipt.pdfFailed': 'PDF tayyorlab bo‘lmadi: {reason}',
	'invoice.title': 'Yuk xati',
	'invoice.pdf': 'Yuk xati PDF',
	'invoice.number': 'Yuk xati №',
	'invoice.buyer': 'Xaridor',
	'invoice.seller': 'Sotuvchi',
	'invoice.product': 'Mahsulot',
	'invoice.qty': 'Miqdor',
	'invoice.price': 'Narx',
	'invoice.amount': 'Summa',
	'invoice.delivery': 'Yetkazish',
	'settings.moneyFractions': 'Ekranda va cheklarda summalar',
	'settings.moneyFractions.auto': 'Valyutada odatdagidek ({example})',
	'settings.moneyFractions.always': 'Doim tiyinlari bilan ({example})',
	'settings.moneyFractions.when_needed': 'Butun summalar tiyinsiz ({example})'
};
