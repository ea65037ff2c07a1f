import type { fieldEN } from './en';

/** Visits and location choices (ru). */
export const fieldRU: Record<keyof typeof fieldEN, string> = {
	'nav.visits': 'Визиты',
	'account.privacy': 'Местоположение',
	'account.noLocation': 'Не использовать моё местоположение',
	'account.noLocationHint':
		'Тогда приложение никогда не запрашивает ваше местоположение. При отметке визита или сохранении места вы вводите координаты или продолжаете без них.',
	'visit.title': 'Визит',
	'visit.list': 'Визиты',
	'visit.noPoint': 'Этой торговой точки нет на устройстве.',
	'visit.noPoints':
		'Торговых точек пока нет. Их добавляет менеджер; они появятся после синхронизации.',
	'visit.directions': 'Маршрут',
	'visit.app.geo': 'Приложение карт',
	'visit.app.google': 'Google Карты',
	'visit.app.yandex': 'Яндекс Карты',
	'visit.app.2gis': '2ГИС',
	'visit.checkIn': 'Отметиться',
	'visit.checkInHere': 'Отметиться здесь',
	'visit.locating': 'Определяем, где вы…',
	'visit.locationOnce':
		'Местоположение читается один раз, сейчас, чтобы измерить расстояние до точки.',
	'visit.typeInstead': 'Ввести координаты',
	'visit.why.off':
		'Вы решили не использовать местоположение: введите координаты или отметьтесь без них.',
	'visit.why.denied':
		'Доступ к местоположению запрещён на устройстве: введите координаты или отметьтесь без них.',
	'visit.why.unavailable':
		'Не удалось определить местоположение: введите координаты или отметьтесь без них.',
	'visit.lat': 'Широта',
	'visit.lng': 'Долгота',
	'visit.checkInTyped': 'Отметиться по этим координатам',
	'visit.checkInWithout': 'Отметиться без местоположения',
	'visit.checkedIn': 'Отметка в {at}',
	'visit.distance': '{m} м от торговой точки.',
	'visit.flagged': 'Дальше допустимого: менеджер это увидит.',
	'visit.noPlace': 'Отметка без местоположения.',
	'visit.sell': 'Продать',
	'visit.order': 'Принять заказ',
	'visit.outcome': 'Результат',
	'visit.outcome.sale': 'Продажа',
	'visit.outcome.order': 'Заказ принят',
	'visit.outcome.payment': 'Получена оплата',
	'visit.outcome.no_sale': 'Без продажи',
	'visit.reason': 'Почему без продажи',
	'visit.chooseReason': 'Выберите причину',
	'visit.reason.closed': 'Закрыто',
	'visit.reason.no_need': 'Товара достаточно',
	'visit.reason.no_money': 'Нет денег',
	'visit.reason.owner_absent': 'Нет владельца',
	'visit.reason.other': 'Другое',
	'visit.note': 'Заметка (необязательно)',
	'visit.checkOut': 'Завершить визит',
	'visit.notYet': 'Сегодня не посещена',
	'visit.inProgress': 'Идёт с {at}'
};
