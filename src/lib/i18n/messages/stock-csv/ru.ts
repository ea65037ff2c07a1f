import type { stockCsvEN } from './en';

/** The stock CSV import and export screen (ru). */
export const stockCsvRU: Record<keyof typeof stockCsvEN, string> = {
	'stockCsv.title': 'Импорт и экспорт остатков',
	'stockCsv.notAllowed': 'Импортировать товары может только менеджер или администратор.',
	'stockCsv.import': 'Импорт товаров и начальных остатков',
	'stockCsv.format':
		'CSV-файл в кодировке UTF-8 со строкой заголовков. Обязательные столбцы: sku, name, unit (pcs, pack, box, kg, l, m); необязательные: barcodes, category, price и qty. Разделитель — запятая или точка с запятой.',
	'stockCsv.formatQty':
		'qty — начальное количество на складе, выбранном ниже. Оно прибавляется к тому, что уже есть, поэтому импортируйте количества только один раз.',
	'stockCsv.file': 'CSV-файл',
	'stockCsv.warehouse': 'Склад для начальных остатков',
	'stockCsv.noWarehouse': 'Нет: только товары и цены',
	'stockCsv.checking': 'Проверяем файл…',
	'stockCsv.offlinePreview':
		'Нет связи: строки ниже проверены только на этом устройстве. Для импорта нужна связь.',
	'stockCsv.summary':
		'Строк: {rows}. Новых товаров: {creates}, обновлённых: {updates}, новых категорий: {categories}, начальных остатков: {balances}.',
	'stockCsv.errorCount': 'Строк с ошибками: {count}. Исправьте их в файле и выберите его снова.',
	'stockCsv.noErrors': 'Ошибок нет. Ничего не записывается, пока вы не нажмёте «Импортировать».',
	'stockCsv.onlyErrors': 'Показывать только строки с ошибками',
	'stockCsv.showingFirst': 'Показаны первые {shown} из {total} строк.',
	'stockCsv.row': 'Строка',
	'stockCsv.problems': 'Ошибки',
	'stockCsv.rowOk': 'OK',
	'stockCsv.importAll': 'Импортировать всё',
	'stockCsv.importing': 'Импортируем… Не закрывайте страницу.',
	'stockCsv.imported':
		'Импортировано. Новых товаров: {creates}, обновлённых: {updates}, начальных остатков: {balances}.',
	'stockCsv.documents': 'Документы прихода: {numbers}.',
	'stockCsv.refused': 'Ничего не импортировано: в файле есть ошибки (см. ниже).',
	'stockCsv.export': 'Экспорт',
	'stockCsv.exportHint':
		'Остатки доступных вам складов и все строки их документов за выбранные даты.',
	'stockCsv.exportWarehouse': 'Склад',
	'stockCsv.allWarehouses': 'Все мои склады',
	'stockCsv.exportBalances': 'Скачать остатки (CSV)',
	'stockCsv.exportDocuments': 'Скачать документы (CSV)',
	'stockCsv.column.sku': 'Артикул',
	'stockCsv.column.name': 'Название',
	'stockCsv.column.unit': 'Ед. изм.',
	'stockCsv.column.barcodes': 'Штрихкоды',
	'stockCsv.column.category': 'Категория',
	'stockCsv.column.price': 'Цена',
	'stockCsv.column.qty': 'Количество',
	'stockCsv.column.file': 'Файл',
	'stockCsv.column.warehouseId': 'Склад',
	'stockCsv.problem.encoding':
		'Файл не в UTF-8 (похоже, Windows-1251). В Excel выберите «Сохранить как» → «CSV UTF-8» и попробуйте снова.',
	'stockCsv.problem.empty_file': 'Файл пуст.',
	'stockCsv.problem.malformed': 'Строку не удаётся прочитать: проверьте кавычки.',
	'stockCsv.problem.too_many_rows': 'Не больше {max} строк в файле, а в этом {count}.',
	'stockCsv.problem.missing_column': 'В файле нет столбца «{name}».',
	'stockCsv.problem.unknown_column': 'Неизвестный столбец «{name}».',
	'stockCsv.problem.duplicate_column': 'Столбец «{name}» встречается дважды.',
	'stockCsv.problem.required': 'Обязательное поле',
	'stockCsv.problem.too_long': 'Не больше {max} символов',
	'stockCsv.problem.unknown_unit': 'Неизвестная единица: используйте одну из {units}',
	'stockCsv.problem.bad_barcode': 'Неверный штрихкод: {value}',
	'stockCsv.problem.too_many_barcodes': 'Не больше {max} штрихкодов',
	'stockCsv.problem.bad_price':
		'Неверная цена (не больше {digits} знаков после запятой, не меньше нуля)',
	'stockCsv.problem.duplicate_sku': 'Артикул {sku} уже есть в строке {first}',
	'stockCsv.problem.qty_negative': 'Не может быть отрицательным',
	'stockCsv.problem.qty_not_a_number': 'Не число',
	'stockCsv.problem.qty_not_positive': 'Должно быть больше нуля',
	'stockCsv.problem.qty_too_many_decimals': 'Не больше трёх знаков после запятой',
	'stockCsv.problem.qty_whole_only': 'Для этой единицы только целые числа',
	'stockCsv.problem.qty_too_large': 'Не больше 1 000 000 000',
	'stockCsv.problem.warehouse_required':
		'Строк с количеством: {count}. Выберите склад для начальных остатков.',
	'stockCsv.problem.control_chars': 'Уберите невидимые или повреждённые символы'
};
