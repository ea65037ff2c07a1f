import type { onecEN } from './en';

/** The 1C exchange on the Integrations screen (uz, Latin). */
export const onecUZ: Record<keyof typeof onecEN, string> = {
	'integrations.scope.exchange:1c': '1C bilan almashinuv',
	'audit.action.integration.1c_exchanged': '1C bilan almashinuv',
	'onec.title': '1C bilan almashinuv',
	'onec.hint':
		'1C katalog, narxlar va qoldiqlarni yuboradi va buyurtmalarni CommerceML orqali oladi («Sayt bilan almashinuv»). Quyidagilarni 1C dagi almashinuv sozlamalariga qo‘ying.',
	'onec.url': 'Sayt manzili',
	'onec.user': 'Foydalanuvchi nomi',
	'onec.userAny': 'istalgan, masalan 1c',
	'onec.password': 'Parol',
	'onec.passwordHint': '«1C bilan almashinuv» huquqli API token',
	'onec.createToken': '1C uchun token yaratish',
	'onec.copyUrl': 'Manzilni nusxalash',
	'onec.mapping': 'Omborlar va narxlar',
	'onec.mappingHint':
		'1C omborining qoldiqlari bu yerda tanlangan Optio omboriga inventarizatsiya hujjati bilan tushadi; tanlanmagan ombor qoldiqlari qabul qilinmaydi.',
	'onec.warehouseOf': '1C ombori {name}',
	'onec.notTaken': 'Qabul qilinmasin',
	'onec.noSeen':
		'1C hali takliflarni yubormagan: uning omborlari va narx turlari birinchi almashinuvdan keyin shu yerda chiqadi.',
	'onec.defaultWarehouse': 'Omborsiz qoldiqlar uchun ombor',
	'onec.defaultPriceType': 'Asosiy narxlar ro‘yxati uchun narx turi',
	'onec.firstPriceType': 'Fayldagi birinchisi',
	'onec.encoding': '1C ga yuboriladigan buyurtmalar kodirovkasi',
	'onec.save': 'Sozlamalarni saqlash',
	'onec.saved': 'Sozlamalar saqlandi.',
	'onec.exchanges': 'Oxirgi almashinuvlar',
	'onec.noExchanges': 'Hali almashinuv bo‘lmagan.',
	'onec.when': 'Qachon',
	'onec.what': 'Nima',
	'onec.result': 'Natija',
	'onec.created': 'Yaratildi',
	'onec.changed': 'O‘zgardi',
	'onec.archived': 'Arxivga',
	'onec.refused': 'Rad etildi',
	'onec.type.catalog': 'Katalog',
	'onec.type.sale': 'Buyurtmalar',
	'onec.source.upload': 'qo‘lda',
	'onec.status.open': 'Fayllar qabul qilinmoqda',
	'onec.status.progress': 'Bajarilmoqda',
	'onec.status.success': 'Tayyor',
	'onec.status.failure': 'Xato',
	'onec.manual': 'Qo‘lda almashinuv',
	'onec.manualHint':
		'1C dan saqlangan import.xml, offers.xml yoki ularning zip faylini yuklang. Avval oldindan ko‘ring: «Yuklash»ni bosmaguningizcha hech narsa o‘zgarmaydi.',
	'onec.file': 'CommerceML fayli (.xml yoki .zip)',
	'onec.preview': 'Oldindan ko‘rish',
	'onec.import': 'Yuklash',
	'onec.previewOf': '{name}: {changes} ta o‘zgarish',
	'onec.imported':
		'Yuklandi: yaratildi {created}, o‘zgardi {changed}, arxivga {archived}, rad etildi {refused}.',
	'onec.downloadOrders': '1C uchun buyurtmalarni yuklab olish',
	'onec.downloadHint': '1C hali olmagan buyurtmalar, 1C ga qo‘lda yuklash uchun CommerceML fayli.',
	'onec.problems': 'Izohlar'
};
