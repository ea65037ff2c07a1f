/** Catalog, counterparty and trade point screens (uz). */
export const catalogUZ = {} as const;
