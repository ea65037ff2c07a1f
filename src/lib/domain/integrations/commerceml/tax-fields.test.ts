import { describe, expect, it } from 'vitest';
import { isGtin } from '../../marking/check-digit';
import { gtinOf, taxFieldsOf } from './tax-fields';

const good = (over: Partial<Parameters<typeof taxFieldsOf>[0]> = {}) => ({
	requisites: {},
	taxRates: [],
	barcodes: [],
	...over
});

describe('the tax fields a 1C card carries', () => {
	it('reads the IKPU and package code among the requisites, under the names configurations use', () => {
		expect(
			taxFieldsOf(
				good({
					requisites: {
						'Вид номенклатуры': 'Товар',
						'Код ИКПУ': '02202001001000000',
						'Код упаковки': '1209779'
					}
				})
			)
		).toEqual({ ikpu: '02202001001000000', packageCode: '1209779' });
		expect(taxFieldsOf(good({ requisites: { МХИК: '02202 001 001 000 000' } }))).toEqual({
			ikpu: '02202001001000000'
		});
	});

	it('says nothing of a field whose value the product would refuse', () => {
		expect(
			taxFieldsOf(
				good({
					requisites: { ИКПУ: '0220200100', 'Код упаковки': 'штука' },
					taxRates: [{ name: 'НДС', rate: 'Без НДС' }],
					barcodes: ['4006381333932']
				})
			)
		).toEqual({});
	});

	it('reads the VAT as a whole percent, and only the VAT', () => {
		expect(taxFieldsOf(good({ taxRates: [{ name: 'НДС', rate: '12' }] }))).toEqual({ vatRate: 12 });
		expect(taxFieldsOf(good({ taxRates: [{ name: ' НДС ', rate: '12.00%' }] }))).toEqual({
			vatRate: 12
		});
		expect(taxFieldsOf(good({ taxRates: [{ name: 'Акциз', rate: '20' }] }))).toEqual({});
		expect(taxFieldsOf(good({ taxRates: [{ name: 'НДС', rate: '12,5' }] }))).toEqual({});
	});

	it('takes the first barcode that is a global GTIN, never a shop’s own number', () => {
		// 2000018987155 is 1C's in-house barcode (prefix 2: restricted circulation).
		expect(gtinOf(['2000018987155', '4006381333931'])).toBe('4006381333931');
		expect(isGtin('2000018987155')).toBe(true);
		expect(gtinOf(['2000018987155'])).toBeUndefined();
		expect(gtinOf(['04006381333931'])).toBe('04006381333931');
		expect(gtinOf(['012345678905'])).toBe('012345678905');
		expect(isGtin('212345678909')).toBe(true);
		expect(gtinOf(['212345678909'])).toBeUndefined();
		expect(taxFieldsOf(good({ barcodes: ['4006381333931'] }))).toEqual({ gtin: '4006381333931' });
	});
});
