/**
 * A page of one of an organization's resources (products, stock, receipts …) as the read API
 * serves it, to API tokens and to support staff under a grant alike.
 */
import { z } from 'zod';
import { TABLE_OF_RESOURCE, type ReadResource } from '../../domain/integrations/tokens';
import type { Db } from '../db/client';
import { organizationRows } from '../sync/pull';

export const pageQuery = z.strictObject({
	cursor: z.coerce.number().int().min(0).optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(200),
	updatedSince: z.coerce.number().int().min(0).optional()
});
export type PageQuery = z.output<typeof pageQuery>;

/** `nextCursor` is null on the last page. */
export async function resourcePage(
	db: Db,
	organizationId: string,
	resource: ReadResource,
	q: Omit<PageQuery, 'updatedSince'> & { updatedSince?: number }
) {
	const page = await organizationRows(
		db,
		organizationId,
		TABLE_OF_RESOURCE[resource],
		q.cursor ?? 0,
		q.updatedSince,
		q.limit
	);
	return { items: page.items, nextCursor: page.items.length === q.limit ? page.last : null };
}
