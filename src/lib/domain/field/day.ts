/**
 * The start of the device's local day, for "today's visits".
 * @example startOfDay(Date.parse('2026-11-25T15:30:00')) // 2026-11-25T00:00 local
 */
export function startOfDay(at: number): number {
	const d = new Date(at);
	d.setHours(0, 0, 0, 0);
	return d.getTime();
}
