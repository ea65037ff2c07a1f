import { describe, expect, it } from 'vitest';
import { didoxFactura, stateOfDidox, type EsfInput } from './didox';

// A van sale of marked water to a shop: 6 bottles scanned one by one and one shrink pack of 6
// (a group code with the pack's own GTIN), delivered on a pallet with its SSCC.
const seller = {
	tin: '305123456',
	name: 'OOO Toza Suv Distribution',
	vatRegCode: '326060012345',
	account: '20208000900123456001',
	bankId: '00873',
	address: 'Tashkent, Amir Temur 1'
};
const buyer = {
	tin: '301987654',
	name: 'Registon market',
	vatRegCode: '',
	account: '',
	bankId: '',
	address: 'Samarkand, Registan 5'
};
const units = Array.from(
	{ length: 6 },
	(_, i) => `0104780000054321215Zx!9Ab${String(i).padStart(6, '0')}\u001d93dGh${i}`
);
const pack = '(01)14780000054328(21)PK0000000001A(93)Zz11';
const pallet = '(00)147800000000000011';

const input: EsfInput = {
	number: 'SAL-TAS-2026-00042',
	date: '2026-11-30',
	seller,
	buyer,
	minorPerUnit: 100,
	lines: [
		{
			name: 'Still water 0.5 l',
			ikpu: '02201001001000000',
			packageCode: '1209779',
			packageName: 'dona',
			qty: 12,
			net: 6_720_000,
			vatRate: 12,
			gtin: '4780000054321',
			marks: [...units, pack, pallet, 'not a code'],
			markType: 6
		}
	]
};

describe('didoxFactura', () => {
	it('makes the ESF of a van sale of marked water in Didox’s shape, field by field', () => {
		expect(didoxFactura(input)).toEqual({
			Version: 1,
			FacturaType: 0,
			FacturaDoc: { FacturaNo: 'SAL-TAS-2026-00042', FacturaDate: '2026-11-30' },
			ContractDoc: { ContractNo: '', ContractDate: '' },
			SellerTin: '305123456',
			Seller: {
				Name: 'OOO Toza Suv Distribution',
				VatRegCode: '326060012345',
				Account: '20208000900123456001',
				BankId: '00873',
				Address: 'Tashkent, Amir Temur 1'
			},
			BuyerTin: '301987654',
			Buyer: {
				Name: 'Registon market',
				VatRegCode: '',
				Account: '',
				BankId: '',
				Address: 'Samarkand, Registan 5'
			},
			ProductList: {
				Tin: '305123456',
				HasVat: true,
				HasExcise: false,
				HasLgota: false,
				HasCommittent: false,
				Products: [
					{
						OrdNo: 1,
						Name: 'Still water 0.5 l',
						CatalogCode: '02201001001000000',
						PackageCode: '1209779',
						PackageName: 'dona',
						Count: 12,
						// 67,200.00 with VAT: 7,200.00 VAT at 12 %, 60,000.00 without, 5,000.00 each.
						Summa: 5000,
						DeliverySum: 60000,
						VatRate: 12,
						VatSum: 7200,
						DeliverySumWithVat: 67200,
						WithoutVat: false,
						Origin: 2,
						Marks: {
							ProductType: 6,
							KIZ: units.map((u) => u.slice(0, 2 + 14 + 2 + 13)),
							NomUpak: ['011478000005432821PK0000000001A'],
							IdentTransUpak: ['00147800000000000011']
						}
					}
				]
			}
		});
	});

	it('leaves Marks out for goods that are not marked, and marks a 0 % line as without VAT', () => {
		const plain = didoxFactura({
			...input,
			lines: [{ ...input.lines[0]!, vatRate: 0, marks: [], markType: undefined }]
		});
		const line = plain.ProductList.Products[0]!;
		expect(line.Marks).toBeUndefined();
		expect(line).toMatchObject({ VatSum: 0, WithoutVat: true, DeliverySum: 67200 });
		expect(plain.ProductList.HasVat).toBe(false);
	});
});

describe('stateOfDidox', () => {
	it('reads the operator’s status as the app’s state', () => {
		expect([0, 1, 2, 3, 4].map((s) => stateOfDidox(s, 'draft'))).toEqual([
			'sent',
			'signed',
			'accepted',
			'rejected',
			'rejected'
		]);
		expect(stateOfDidox(99, 'signed')).toBe('signed');
	});
});
