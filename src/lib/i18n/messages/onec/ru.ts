import type { onecEN } from './en';

/** The 1C exchange on the Integrations screen (ru). */
export const onecRU: Record<keyof typeof onecEN, string> = {
	'integrations.scope.exchange:1c': 'Обмен с 1С',
	'audit.action.integration.1c_exchanged': 'Обмен с 1С',
	'onec.title': 'Обмен с 1С',
	'onec.hint':
		'1С выгружает каталог, цены и остатки и забирает заказы по CommerceML («Обмен с сайтом»). Вставьте эти данные в настройки обмена в 1С.',
	'onec.url': 'Адрес сайта',
	'onec.user': 'Имя пользователя',
	'onec.userAny': 'любое, например 1c',
	'onec.password': 'Пароль',
	'onec.passwordHint': 'API-токен с правом «Обмен с 1С»',
	'onec.createToken': 'Создать токен для 1С',
	'onec.copyUrl': 'Скопировать адрес',
	'onec.mapping': 'Склады и цены',
	'onec.mappingHint':
		'Остатки склада 1С попадают на выбранный здесь склад Optio документом инвентаризации; остатки невыбранного склада не принимаются.',
	'onec.warehouseOf': 'Склад 1С {name}',
	'onec.notTaken': 'Не принимать',
	'onec.noSeen':
		'1С ещё не присылала предложения: её склады и типы цен появятся здесь после первого обмена.',
	'onec.defaultWarehouse': 'Склад для остатков без склада',
	'onec.defaultPriceType': 'Тип цен для основного прайс-листа',
	'onec.firstPriceType': 'Первый в файле',
	'onec.encoding': 'Кодировка заказов для 1С',
	'onec.save': 'Сохранить настройки',
	'onec.saved': 'Настройки сохранены.',
	'onec.exchanges': 'Последние обмены',
	'onec.noExchanges': 'Обменов ещё не было.',
	'onec.when': 'Когда',
	'onec.what': 'Что',
	'onec.result': 'Итог',
	'onec.created': 'Создано',
	'onec.changed': 'Изменено',
	'onec.archived': 'В архив',
	'onec.refused': 'Отклонено',
	'onec.type.catalog': 'Каталог',
	'onec.type.sale': 'Заказы',
	'onec.source.upload': 'вручную',
	'onec.status.open': 'Приём файлов',
	'onec.status.progress': 'Выполняется',
	'onec.status.success': 'Готово',
	'onec.status.failure': 'Ошибка',
	'onec.manual': 'Обмен вручную',
	'onec.manualHint':
		'Загрузите import.xml, offers.xml или zip с ними, сохранённые из 1С. Сначала предпросмотр: ничего не изменится, пока вы не нажмёте «Загрузить».',
	'onec.file': 'Файл CommerceML (.xml или .zip)',
	'onec.preview': 'Предпросмотр',
	'onec.import': 'Загрузить',
	'onec.previewOf': '{name}: изменений {changes}',
	'onec.imported':
		'Загружено: создано {created}, изменено {changed}, в архив {archived}, отклонено {refused}.',
	'onec.downloadOrders': 'Скачать заказы для 1С',
	'onec.downloadHint':
		'Заказы, которые 1С ещё не забрала, файлом CommerceML для загрузки в 1С вручную.',
	'onec.problems': 'Замечания'
};
