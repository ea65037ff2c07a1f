/**
 * The products a cashier pinned to the till's favourites grid. Kept on this device, per user:
 * the grid is the cashier's own layout, like a home screen, not organization data.
 */
const keyOf = (userId: string) => `optio.favourites.${userId}`;

function load(userId: string): string[] {
	try {
		const ids: unknown = JSON.parse(localStorage.getItem(keyOf(userId)) ?? '[]');
		return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
	} catch {
		return [];
	}
}

export class Pins {
	ids = $state<string[]>([]);
	#userId: string;

	constructor(userId: string) {
		this.#userId = userId;
		this.ids = load(userId);
	}

	has(productId: string): boolean {
		return this.ids.includes(productId);
	}

	toggle(productId: string) {
		this.ids = this.has(productId)
			? this.ids.filter((id) => id !== productId)
			: [...this.ids, productId];
		localStorage.setItem(keyOf(this.#userId), JSON.stringify(this.ids));
	}
}
