import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError, logError } from './log';
import { createHarness, type Harness } from './testing/harness';

let h: Harness | undefined;
afterEach(async () => {
	vi.restoreAllMocks();
	await h?.deps.close();
	h = undefined;
});

describe('error logging', () => {
	it('keeps a failed statement’s SQL and drops the values bound to it', async () => {
		h = await createHarness();
		const secret = 'session-id-that-must-not-be-logged';
		let thrown: unknown;
		try {
			// A real drizzle query, failing at the real database with the secret bound to it.
			await h.deps.db.run(sql`SELECT * FROM no_such_table WHERE id = ${secret}`);
		} catch (err) {
			thrown = err;
		}
		// drizzle's own message carries the values: what a plain console.error used to print.
		expect(String(thrown)).toContain(secret);

		const described = describeError(thrown);
		expect(described.sql).toBe('SELECT * FROM no_such_table WHERE id = ?');
		expect(JSON.stringify(described)).toContain('no such table');
		expect(JSON.stringify(described)).not.toContain(secret);

		const lines: string[] = [];
		vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
			lines.push(args.map(String).join(' '));
		});
		logError('unhandled', thrown, { reqId: 'r1' });
		expect(lines).toHaveLength(1);
		expect(lines[0]).not.toContain(secret);
		expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'unhandled', reqId: 'r1' });
	});

	it('logs a thrown value that is not an Error without printing it', () => {
		expect(JSON.stringify(describeError({ token: 'abc.def' }))).not.toContain('abc.def');
	});
});
