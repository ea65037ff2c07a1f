/**
 * A product's units, apart from the mutation schemas (catalog/schemas.ts re-exports them): the
 * quantity rules and the first screens read them without loading the validation library.
 */

/** Counted units take whole quantities; measured ones take up to three decimals. */
export const UNITS = ['pcs', 'pack', 'box', 'kg', 'l', 'm'] as const;
export type Unit = (typeof UNITS)[number];
export const COUNTED_UNITS: readonly Unit[] = ['pcs', 'pack', 'box'];
