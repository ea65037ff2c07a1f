import type { inventoryEN } from './en';

/** Warehouse and stock screens (uz). */
export const inventoryUZ: Record<keyof typeof inventoryEN, string> = {
	'warehouses.title': 'Omborlar',
	'warehouses.add': 'Ombor qo‘shish',
	'warehouses.saved': '«{name}» qurilmada saqlandi. Aloqa bo‘lganda yuboriladi.',
	'warehouses.showArchived': 'Arxivdagilarni ko‘rsatish',
	'warehouses.empty':
		'Hozircha omborlar yo‘q. Ularni menejer qo‘shadi; keyingi sinxronlashdan so‘ng shu yerda paydo bo‘ladi.',
	'warehouses.emptyManage':
		'Hozircha omborlar yo‘q. Avval filial omborini, so‘ng har bir savdo vakili uchun mashina qo‘shing.',
	'warehouses.name': 'Nomi',
	'warehouses.kind': 'Turi',
	'warehouses.owner': 'Savdo vakili',
	'warehouses.status': 'Holati',
	'warehouses.archived': 'Arxivda',
	'warehouses.inUse': 'Foydalanilmoqda',
	'warehouses.chooseRep': 'Savdo vakilini tanlang',
	'warehouses.archiveLabel': 'Arxivda (yangi hujjatlarsiz)',
	'warehouses.kind.main': 'Asosiy ombor',
	'warehouses.kind.branch': 'Filial ombori',
	'warehouses.kind.van': 'Mashina',
	'warehouses.kind.store': 'Savdo nuqtasi ombori'
};
