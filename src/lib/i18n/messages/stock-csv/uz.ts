import type { stockCsvEN } from './en';

/** The stock CSV import and export screen (uz, Latin script). */
export const stockCsvUZ: Record<keyof typeof stockCsvEN, string> = {
	'stockCsv.title': 'Qoldiqlarni import va eksport qilish',
	'stockCsv.notAllowed': 'Mahsulotlarni faqat menejer yoki administrator import qiladi.',
	'stockCsv.import': 'Mahsulotlar va boshlang‘ich qoldiqlarni import qilish',
	'stockCsv.format':
		'Sarlavha qatori bor UTF-8 kodlashdagi CSV fayl. Majburiy ustunlar: sku, name, unit (pcs, pack, box, kg, l, m); ixtiyoriy: barcodes, category, price va qty. Ajratgich — vergul yoki nuqtali vergul.',
	'stockCsv.formatQty':
		'qty — quyida tanlangan ombordagi boshlang‘ich miqdor. U mavjud qoldiqqa qo‘shiladi, shuning uchun miqdorlarni faqat bir marta import qiling.',
	'stockCsv.file': 'CSV fayl',
	'stockCsv.warehouse': 'Boshlang‘ich qoldiqlar uchun ombor',
	'stockCsv.noWarehouse': 'Yo‘q: faqat mahsulotlar va narxlar',
	'stockCsv.checking': 'Fayl tekshirilmoqda…',
	'stockCsv.offlinePreview':
		'Aloqa yo‘q: quyidagi qatorlar faqat shu qurilmada tekshirildi. Import uchun aloqa kerak.',
	'stockCsv.summary':
		'{rows} ta qator: {creates} ta yangi mahsulot, {updates} ta yangilangan, {categories} ta yangi toifa, {balances} ta boshlang‘ich qoldiq.',
	'stockCsv.errorCount':
		'{count} ta qatorda xato bor. Ularni faylda tuzating va faylni qayta tanlang.',
	'stockCsv.noErrors': 'Xato topilmadi. Import qilmaguningizcha hech narsa yozilmaydi.',
	'stockCsv.onlyErrors': 'Faqat xatoli qatorlarni ko‘rsatish',
	'stockCsv.showingFirst': '{total} ta qatordan birinchi {shown} tasi ko‘rsatilmoqda.',
	'stockCsv.row': 'Qator',
	'stockCsv.problems': 'Xatolar',
	'stockCsv.rowOk': 'OK',
	'stockCsv.importAll': 'Hammasini import qilish',
	'stockCsv.importing': 'Import qilinmoqda… Sahifani yopmang.',
	'stockCsv.imported':
		'Import qilindi: {creates} ta yangi mahsulot, {updates} ta yangilangan, {balances} ta boshlang‘ich qoldiq.',
	'stockCsv.documents': 'Kirim hujjatlari: {numbers}.',
	'stockCsv.refused': 'Hech narsa import qilinmadi: faylda xatolar bor (quyida).',
	'stockCsv.export': 'Eksport',
	'stockCsv.exportHint':
		'Siz ko‘ra oladigan omborlar qoldiqlari va tanlangan sanalardagi hujjatlarining barcha qatorlari.',
	'stockCsv.exportWarehouse': 'Ombor',
	'stockCsv.allWarehouses': 'Barcha omborlarim',
	'stockCsv.exportBalances': 'Qoldiqlarni yuklab olish (CSV)',
	'stockCsv.exportDocuments': 'Hujjatlarni yuklab olish (CSV)',
	'stockCsv.column.sku': 'Artikul',
	'stockCsv.column.name': 'Nomi',
	'stockCsv.column.unit': 'O‘lchov birligi',
	'stockCsv.column.barcodes': 'Shtrixkodlar',
	'stockCsv.column.category': 'Toifa',
	'stockCsv.column.price': 'Narx',
	'stockCsv.column.qty': 'Miqdor',
	'stockCsv.column.file': 'Fayl',
	'stockCsv.column.warehouseId': 'Ombor',
	'stockCsv.problem.encoding':
		'Fayl UTF-8 emas (Windows-1251 ga o‘xshaydi). Excelda «Saqlash» → «CSV UTF-8» ni tanlang va qayta urinib ko‘ring.',
	'stockCsv.problem.empty_file': 'Fayl bo‘sh.',
	'stockCsv.problem.malformed': 'Qatorni o‘qib bo‘lmadi: qo‘shtirnoqlarni tekshiring.',
	'stockCsv.problem.too_many_rows': 'Bir faylda ko‘pi bilan {max} ta qator, bu faylda {count} ta.',
	'stockCsv.problem.missing_column': 'Faylda «{name}» ustuni yo‘q.',
	'stockCsv.problem.unknown_column': 'Noma’lum ustun «{name}».',
	'stockCsv.problem.duplicate_column': '«{name}» ustuni ikki marta uchraydi.',
	'stockCsv.problem.required': 'Majburiy maydon',
	'stockCsv.problem.too_long': 'Ko‘pi bilan {max} ta belgi',
	'stockCsv.problem.unknown_unit': 'Noma’lum birlik: {units} dan birini yozing',
	'stockCsv.problem.bad_barcode': 'Shtrixkod noto‘g‘ri: {value}',
	'stockCsv.problem.too_many_barcodes': 'Ko‘pi bilan {max} ta shtrixkod',
	'stockCsv.problem.bad_price':
		'Narx noto‘g‘ri (verguldan keyin ko‘pi bilan {digits} ta raqam, manfiy emas)',
	'stockCsv.problem.duplicate_sku': '{sku} artikuli {first}-qatorda allaqachon bor',
	'stockCsv.problem.qty_negative': 'Manfiy bo‘lishi mumkin emas',
	'stockCsv.problem.qty_not_a_number': 'Son emas',
	'stockCsv.problem.qty_not_positive': 'Noldan katta bo‘lishi kerak',
	'stockCsv.problem.qty_too_many_decimals': 'Verguldan keyin ko‘pi bilan uchta raqam',
	'stockCsv.problem.qty_whole_only': 'Bu birlik uchun faqat butun sonlar',
	'stockCsv.problem.qty_too_large': 'Ko‘pi bilan 1 000 000 000',
	'stockCsv.problem.warehouse_required':
		'{count} ta qatorda miqdor bor: boshlang‘ich qoldiqlar uchun omborni tanlang.',
	'stockCsv.problem.control_chars': 'Ko‘rinmas yoki buzilgan belgilarni olib tashlang'
};
