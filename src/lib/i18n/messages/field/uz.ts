import type { fieldEN } from './en';

/** Visits and location choices (uz). */
export const fieldUZ: Record<keyof typeof fieldEN, string> = {
	'nav.visits': 'Tashriflar',
	'account.privacy': 'Joylashuv',
	'account.noLocation': 'Joylashuvimdan foydalanmaslik',
	'account.noLocationHint':
		'Shunda ilova joylashuvingizni hech qachon so‘ramaydi. Tashrifni belgilash yoki joyni saqlashda koordinatalarni yozasiz yoki ularsiz davom etasiz.',
	'visit.title': 'Tashrif',
	'visit.list': 'Tashriflar',
	'visit.noPoint': 'Bu savdo nuqtasi qurilmada yo‘q.',
	'visit.noPoints':
		'Hali savdo nuqtalari yo‘q. Ularni menejer qo‘shadi; sinxronlashdan keyin ko‘rinadi.',
	'visit.directions': 'Yo‘nalish',
	'visit.app.geo': 'Xarita ilovasi',
	'visit.app.google': 'Google Maps',
	'visit.app.yandex': 'Yandex Xaritalar',
	'visit.app.2gis': '2GIS',
	'visit.checkIn': 'Belgilanish',
	'visit.checkInHere': 'Shu yerda belgilanish',
	'visit.locating': 'Qayerdaligingiz aniqlanmoqda…',
	'visit.locationOnce':
		'Joylashuvingiz savdo nuqtasigacha masofani o‘lchash uchun hozir bir marta o‘qiladi.',
	'visit.typeInstead': 'Koordinatalarni yozish',
	'visit.why.off':
		'Siz joylashuvdan foydalanmaslikni tanlagansiz: koordinatalarni yozing yoki ularsiz belgilaning.',
	'visit.why.denied':
		'Qurilmada joylashuvga ruxsat yo‘q: koordinatalarni yozing yoki ularsiz belgilaning.',
	'visit.why.unavailable':
		'Joylashuvni aniqlab bo‘lmadi: koordinatalarni yozing yoki ularsiz belgilaning.',
	'visit.lat': 'Kenglik',
	'visit.lng': 'Uzunlik',
	'visit.checkInTyped': 'Shu koordinatalarda belgilanish',
	'visit.checkInWithout': 'Joylashuvsiz belgilanish',
	'visit.checkedIn': '{at} da belgilangan',
	'visit.distance': 'Savdo nuqtasidan {m} m.',
	'visit.flagged': 'Ruxsat etilgandan uzoq: menejer buni ko‘radi.',
	'visit.noPlace': 'Joylashuvsiz belgilangan.',
	'visit.sell': 'Sotish',
	'visit.order': 'Buyurtma olish',
	'visit.outcome': 'Natija',
	'visit.outcome.sale': 'Sotuv',
	'visit.outcome.order': 'Buyurtma olindi',
	'visit.outcome.payment': 'To‘lov olindi',
	'visit.outcome.no_sale': 'Sotuvsiz',
	'visit.reason': 'Nega sotuvsiz',
	'visit.chooseReason': 'Sababni tanlang',
	'visit.reason.closed': 'Yopiq',
	'visit.reason.no_need': 'Tovar yetarli',
	'visit.reason.no_money': 'Pul yo‘q',
	'visit.reason.owner_absent': 'Egasi yo‘q',
	'visit.reason.other': 'Boshqa',
	'visit.note': 'Izoh (ixtiyoriy)',
	'visit.checkOut': 'Tashrifni yakunlash',
	'visit.notYet': 'Bugun tashrif buyurilmagan',
	'visit.inProgress': '{at} dan beri davom etmoqda'
};
