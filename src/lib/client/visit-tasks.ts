import { dueTasks, type DueTask } from '$lib/domain/field/tasks';
import type { VisitRow } from '$lib/domain/sync/rows';
import { db } from './sync/db';

/**
 * The tasks due at an open visit, from this device's own data (offline too): the templates, the
 * trade point's channel, the rep's routes and what the rep already submitted there.
 */
export async function loadDueTasks(visit: VisitRow, timeZone: string): Promise<DueTask[]> {
	const [templates, point, routes, submissions] = await Promise.all([
		db.taskTemplates.toArray(),
		db.tradePoints.get(visit.tradePointId),
		db.routes.toArray(),
		db.visitTasks.where('tradePointId').equals(visit.tradePointId).toArray()
	]);
	return dueTasks({
		templates,
		point: { id: visit.tradePointId, channel: point?.channel ?? null },
		routes: routes.filter((r) => r.repId === visit.authorId),
		submissions: submissions.filter((s) => s.authorId === visit.authorId),
		visit,
		timeZone
	});
}

/** The subject a task question's photos are kept under on the device (their answer). */
export const taskPhotoSubject = (visitId: string, templateId: string, questionId: string) =>
	`task:${visitId}:${templateId}:${questionId}`;
