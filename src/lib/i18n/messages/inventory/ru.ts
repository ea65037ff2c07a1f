import type { inventoryEN } from './en';

/** Warehouse and stock screens (ru). */
export const inventoryRU: Record<keyof typeof inventoryEN, string> = {
	'warehouses.title': 'Склады',
	'warehouses.add': 'Добавить склад',
	'warehouses.saved': '«{name}» сохранён на устройстве и отправится, когда появится связь.',
	'warehouses.showArchived': 'Показать архивные',
	'warehouses.empty':
		'Складов пока нет. Их добавляет менеджер; они появятся здесь после следующей синхронизации.',
	'warehouses.emptyManage':
		'Складов пока нет. Сначала добавьте склад филиала, затем машину для каждого торгового представителя.',
	'warehouses.name': 'Название',
	'warehouses.kind': 'Тип',
	'warehouses.owner': 'Торговый представитель',
	'warehouses.status': 'Состояние',
	'warehouses.archived': 'В архиве',
	'warehouses.inUse': 'Используется',
	'warehouses.chooseRep': 'Выберите торгового представителя',
	'warehouses.archiveLabel': 'В архиве (без новых документов)',
	'warehouses.kind.main': 'Основной склад',
	'warehouses.kind.branch': 'Склад филиала',
	'warehouses.kind.van': 'Машина',
	'warehouses.kind.store': 'Склад торговой точки'
};
