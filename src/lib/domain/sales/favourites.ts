/**
 * The till's favourites grid: the products a cashier reaches for, one tap each. The cashier's own
 * pins come first, in the order pinned; the rest of the grid is filled by what this till sells
 * most often, so a new till is useful before anyone pins anything.
 */

/** Most tiles a tablet shows without scrolling (4 × 3 at 1024×768). */
export const FAVOURITES_SHOWN = 12;

/**
 * Product ids for the grid: pinned ones that can still be sold, then the best sellers by how many
 * receipts carried them (a bulk sale of one product counts once), ties in the order first sold.
 * @example favouriteIds(['b'], [['a', 'c'], ['a']], (id) => true) // ['b', 'a', 'c']
 */
export function favouriteIds(
	pinned: readonly string[],
	receipts: readonly (readonly string[])[],
	sellable: (productId: string) => boolean,
	limit = FAVOURITES_SHOWN
): string[] {
	const chosen = new Set(pinned.filter(sellable));
	const counts = new Map<string, number>();
	for (const lines of receipts) {
		for (const id of new Set(lines)) counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	const best = [...counts]
		.filter(([id]) => !chosen.has(id) && sellable(id))
		.sort((a, b) => b[1] - a[1]);
	return [...chosen, ...best.map(([id]) => id)].slice(0, limit);
}
