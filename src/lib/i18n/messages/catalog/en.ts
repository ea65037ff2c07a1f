/** Catalog, counterparty and trade point screens (en). */
export const catalogEN = {} as const;
