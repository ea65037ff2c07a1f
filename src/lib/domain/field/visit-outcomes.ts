/**
 * How a visit ends, apart from the visit mutations' schemas (visits.ts re-exports them): route
 * plans and the rep's home read these without loading the validation library.
 */

export const VISIT_OUTCOMES = ['sale', 'order', 'payment', 'no_sale'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
/** Why nothing was sold, from a list so a manager can count them. */
export const NO_SALE_REASONS = ['closed', 'no_need', 'no_money', 'owner_absent', 'other'] as const;

/**
 * The mark on a visit that was never checked out: its rep checked in somewhere else first. It
 * stands where the outcome would be, so a manager sees it (and never counts it as visited).
 */
export const NOT_CHECKED_OUT = 'not_checked_out';
