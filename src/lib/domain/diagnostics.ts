/** Client error reports: their shape and how many a user may send. */
import { z } from 'zod';
import { plainMultilineText, plainText } from './validation';

/** Per user and hour, so a device stuck in an error loop cannot flood the log. */
export const CLIENT_ERRORS_PER_HOUR = 120;
export const CLIENT_ERRORS_PER_BATCH = 20;

export const clientErrorReport = z.strictObject({
	errors: z
		.array(
			z.strictObject({
				at: z.number().int().nonnegative(),
				message: plainMultilineText().min(1).max(500),
				stack: plainMultilineText().max(4000).optional(),
				url: plainText().max(500).optional(),
				appVersion: plainText().max(100).optional()
			})
		)
		.min(1)
		.max(CLIENT_ERRORS_PER_BATCH)
});
