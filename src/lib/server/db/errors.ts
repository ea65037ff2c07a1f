/** True for a UNIQUE constraint failure from libSQL (native or remote client). */
export function isUniqueViolation(err: unknown): boolean {
	for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
		const { code, message } = e as { code?: string; message?: string };
		if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
		if (message?.includes('UNIQUE constraint failed')) return true;
	}
	return false;
}
