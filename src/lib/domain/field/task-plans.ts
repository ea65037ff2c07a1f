/**
 * Store work, written once (domain/field/tasks.ts). A manager's template names products, trade
 * points and routes: each must be the organization's own (a trade point or route of the
 * manager's branch, any for an administrator). A rep's submission names their own visit, a
 * template and products of its list; its answers are checked against the template by the same
 * rule the device used (`checkAnswers`). Photos are named by id only: they travel by their own
 * queue and may reach the server after the answers.
 */
import { AppError, fieldError, type FieldErrors } from '../errors';
import type { Need, PlanContext, Planned, View } from '../sync/plan';
import { mustAllExist, orgWide, referenced, tradePointOf } from '../sync/plan-steps';
import type { ArgsOf } from '../sync/registry';
import { checkAnswers, photoIdsOf, taskScore } from './tasks';

const notFound = (field: string, what: string) =>
	new AppError('not_found', `No such ${what}.`, { [field]: fieldError('not_found', 'Not found') });

export const taskPlans = {
	'taskTemplate.upsert': {
		reads: (a: ArgsOf<'taskTemplate.upsert'>): Need[] => [
			{ table: 'taskTemplates', by: 'id', value: a.id },
			...a.productIds.map((value): Need => ({ table: 'products', by: 'id', value })),
			...a.tradePointIds.map((value): Need => ({ table: 'tradePoints', by: 'id', value })),
			...a.routeIds.map((value): Need => ({ table: 'routes', by: 'id', value }))
		],
		plan(view: View, a: ArgsOf<'taskTemplate.upsert'>, ctx: PlanContext): Planned {
			const old = view.get('taskTemplates', a.id);
			view.prefetch([
				...a.productIds.map((value): Need => ({ table: 'products', by: 'id', value })),
				...a.tradePointIds.map((value): Need => ({ table: 'tradePoints', by: 'id', value })),
				...a.routeIds.map((value): Need => ({ table: 'routes', by: 'id', value }))
			]);
			// The device has the rows a manager picked from; what it has not synced, the server judges.
			if (!ctx.device) {
				mustAllExist(view, 'products', a.productIds, 'productIds');
				a.tradePointIds.forEach((id, i) => tradePointOf(view, ctx, id, `tradePointIds.${i}`));
				const fields: FieldErrors = {};
				a.routeIds.forEach((id, i) => {
					const route = view.get('routes', id);
					if (!route || (!orgWide(ctx) && route.branchId !== ctx.branchId)) {
						fields[`routeIds.${i}`] = fieldError('not_found', 'Not found');
					}
				});
				if (Object.keys(fields).length) throw new AppError('not_found', 'No such route.', fields);
			}
			return {
				writes: [
					{
						put: 'taskTemplates',
						row: {
							id: a.id,
							version: old?.version ?? 0,
							updatedAt: ctx.now,
							name: a.name,
							questions: a.questions,
							productIds: a.productIds,
							channels: a.channels,
							tradePointIds: a.tradePointIds,
							routeIds: a.routeIds,
							period: a.period,
							weight: a.weight,
							required: a.required,
							archived: a.archived
						}
					}
				],
				result: { id: a.id },
				versioned: true
			};
		}
	},

	'visitTask.submit': {
		reads: (a: ArgsOf<'visitTask.submit'>): Need[] => [
			{ table: 'visitTasks', by: 'id', value: a.id },
			{ table: 'visitTasks', by: 'visitId', value: a.visitId },
			{ table: 'visits', by: 'id', value: a.visitId },
			{ table: 'taskTemplates', by: 'id', value: a.templateId },
			...a.products.map((r): Need => ({ table: 'products', by: 'id', value: r.productId }))
		],
		plan(view: View, a: ArgsOf<'visitTask.submit'>, ctx: PlanContext): Planned {
			const visit = view.get('visits', a.visitId);
			// Another rep's visit (or another organization's) answers exactly like a missing one.
			if (!visit || visit.authorId !== ctx.userId) throw notFound('visitId', 'visit');
			const old = view.get('visitTasks', a.id);
			if (old && old.authorId !== ctx.userId) throw notFound('id', 'task');
			if (old && (old.visitId !== a.visitId || old.templateId !== a.templateId)) {
				throw new AppError('validation', 'This task was sent for another visit or template.', {
					[old.visitId !== a.visitId ? 'visitId' : 'templateId']: fieldError(
						'cannot_change',
						'Cannot change'
					)
				});
			}
			const template = referenced(view, ctx, 'taskTemplates', a.templateId, 'templateId');
			if (!template) {
				// The device has not synced it: the visit shows it sent; the server decides.
				return { writes: [], result: { id: a.id } };
			}
			if (template.archived && !old) {
				throw new AppError('validation', 'This task is archived.', {
					templateId: fieldError('archived', 'Archived')
				});
			}
			const twice = view
				.where('visitTasks', 'visitId', a.visitId)
				.some((t) => t.templateId === a.templateId && t.id !== a.id);
			if (twice) {
				throw new AppError('conflict', 'This task is already done at this visit.', {
					templateId: fieldError('taken', 'Already done')
				});
			}
			const fields = checkAnswers(template, a);
			if (Object.keys(fields).length) {
				throw new AppError('validation', 'Some answers are missing or wrong.', fields);
			}
			if (!ctx.device) {
				view.prefetch(a.products.map((r) => ({ table: 'products', by: 'id', value: r.productId })));
				mustAllExist(
					view,
					'products',
					a.products.map((r) => r.productId),
					'products'
				);
			}
			return {
				writes: [
					{
						put: 'visitTasks',
						row: {
							id: a.id,
							version: old?.version ?? 0,
							updatedAt: ctx.now,
							branchId: visit.branchId,
							visitId: a.visitId,
							templateId: a.templateId,
							tradePointId: visit.tradePointId,
							authorId: ctx.userId,
							answers: a.answers,
							products: a.products,
							photoIds: photoIdsOf(a.answers),
							score: taskScore(template, a),
							weight: template.weight,
							submittedAt: a.at
						}
					}
				],
				result: { id: a.id },
				versioned: true
			};
		}
	}
};
