/** Catalog, counterparty and trade point screens (ru). */
export const catalogRU = {} as const;
