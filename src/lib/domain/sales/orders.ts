/**
 * An order's life: taken (new), confirmed by the office, shipped from a warehouse (the stock
 * leaves then), delivered; or cancelled before it ships. Goods that left are brought back by a
 * return, never by cancelling.
 */
import type { OrderStatus } from './schemas';

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
	new: ['confirmed', 'cancelled'],
	confirmed: ['shipped', 'cancelled'],
	shipped: ['delivered'],
	delivered: [],
	cancelled: []
};

/**
 * Whether an order in `from` may move to `to`, or why not.
 * @example orderTransition('new', 'shipped') // { refused: 'Confirm it first' }
 */
export function orderTransition(
	from: OrderStatus,
	to: OrderStatus
): { ok: true } | { refused: string } {
	if (NEXT[from].includes(to)) return { ok: true };
	if (from === to) return { refused: `Already ${from}` };
	if (to === 'shipped' && from === 'new') return { refused: 'Confirm it first' };
	if (to === 'cancelled') return { refused: 'It has shipped; make a return instead' };
	return { refused: `A ${from} order cannot become ${to}` };
}

/** Statuses a person may still act on (the office's working list). */
export const isOpenOrder = (status: OrderStatus) => NEXT[status].length > 0;
