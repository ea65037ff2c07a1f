/**
 * A monthly target's working days, a day's share and progress, apart from the target mutation's
 * schema (targets.ts re-exports them): the rep's home reads these without loading the
 * validation library.
 */
import { stopsFor, type PlannedRoute } from '../field/route-days';

/** Every date of a month (YYYY-MM), in order. */
export function datesOf(month: string): string[] {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * The rep's working days of the month: the days one of their routes runs; with no route that
 * month, Monday to Saturday.
 */
export function workDays(month: string, routes: PlannedRoute[], repId: string): string[] {
	const dates = datesOf(month);
	const routed = dates.filter((d) => stopsFor(routes, repId, d).length > 0);
	if (routed.length) return routed;
	return dates.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() !== 0);
}

/**
 * A working day's share of a monthly figure, rounded to `unit`: 1 for visits; for a sales target
 * the currency's whole unit in minor units (100 for UZS), since a share of a target is a guide,
 * not a sum owed (UZS 154,839 a day, not 154,838.71). The same share stands for any day the rep
 * works, routed or not.
 * @example dayShare(480_000_000, 31, 100) // 15_483_900
 */
export function dayShare(monthly: number, days: number, unit = 1): number {
	return days > 0 ? Math.round(monthly / days / unit) * unit : monthly;
}

/** Progress toward a target in percent (null without a target; over 100 when beaten). */
export function progress(actual: number, target: number | null | undefined): number | null {
	if (target === null || target === undefined) return null;
	if (target === 0) return actual > 0 ? 100 : 0;
	return Math.round((actual / target) * 100);
}
