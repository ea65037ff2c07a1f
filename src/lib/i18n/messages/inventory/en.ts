/** Warehouse and stock screens (en). The reference: ru and uz have every key. */
export const inventoryEN = {
	'warehouses.title': 'Warehouses',
	'warehouses.add': 'Add warehouse',
	'warehouses.saved': '{name} saved on this device. It is sent when there is a connection.',
	'warehouses.showArchived': 'Show archived',
	'warehouses.empty':
		'No warehouses yet. A manager adds them; they appear here after the next sync.',
	'warehouses.emptyManage':
		'No warehouses yet. Add the branch warehouse first, then a van for each sales rep.',
	'warehouses.name': 'Name',
	'warehouses.kind': 'Kind',
	'warehouses.owner': 'Sales rep',
	'warehouses.status': 'Status',
	'warehouses.archived': 'Archived',
	'warehouses.inUse': 'In use',
	'warehouses.chooseRep': 'Choose a sales rep',
	'warehouses.archiveLabel': 'Archived (no new documents)',
	'warehouses.kind.main': 'Main warehouse',
	'warehouses.kind.branch': 'Branch warehouse',
	'warehouses.kind.van': 'Van',
	'warehouses.kind.store': 'Store at a trade point'
} as const;
