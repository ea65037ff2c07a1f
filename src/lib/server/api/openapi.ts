/**
 * The OpenAPI description of the API for an organization's own systems (served at
 * /api/openapi.json). Rows have the shapes devices sync (docs/api.md, "Pull").
 */
import { FIELD_ERROR_CODES } from '../../domain/errors';
import { READ_RESOURCES, TOKEN_SCOPES } from '../../domain/integrations/tokens';
import { CATALOG_WRITES } from './routes/read-api';

const error = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string' },
				message: { type: 'string' },
				fields: {
					type: 'object',
					description: 'Field path (`lines.2.qty`) → what is wrong with it.',
					additionalProperties: {
						type: 'object',
						required: ['code', 'message'],
						properties: {
							code: { type: 'string', enum: [...FIELD_ERROR_CODES] },
							message: { type: 'string', description: 'English, for people reading raw answers.' },
							params: {
								type: 'object',
								additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }
							}
						}
					}
				}
			}
		}
	}
};

const DESCRIPTIONS: Record<keyof typeof READ_RESOURCES, string> = {
	products:
		'Products: SKU, name, unit, barcodes, category, active, IKPU, package code, VAT rate, GTIN, marking group.',
	prices: 'Prices by price list and product, in minor units of the currency.',
	stock: 'Stock balances by warehouse and product (`qty` in the product’s unit).',
	documents: 'Stock documents (receipts, transfers, write-offs, stocktakes, returns) with lines.',
	receipts: 'Sales receipts and returns with lines, totals and applied promotions.',
	tradePoints: 'Trade points with address, customer, channel and coordinates.',
	visits: 'Visits with check-in and check-out, place, distance and outcome.'
};

export function openApiDocument(version: string) {
	const paths: Record<string, unknown> = {};
	for (const [resource, scope] of Object.entries(READ_RESOURCES)) {
		paths[`/api/v1/${resource}`] = {
			get: {
				summary: DESCRIPTIONS[resource as keyof typeof READ_RESOURCES],
				description: `Needs the \`${scope}\` scope. Pages in the order of change; pass \`nextCursor\` as \`cursor\` until it is null.`,
				security: [{ token: [scope] }],
				parameters: [
					{ name: 'cursor', in: 'query', schema: { type: 'integer', minimum: 0 } },
					{
						name: 'limit',
						in: 'query',
						schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 }
					},
					{
						name: 'updatedSince',
						in: 'query',
						description: 'Only rows changed after this time (epoch milliseconds).',
						schema: { type: 'integer', minimum: 0 }
					}
				],
				responses: {
					'200': {
						description: 'A page of rows.',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['items', 'nextCursor'],
									properties: {
										items: { type: 'array', items: { type: 'object' } },
										nextCursor: { type: ['integer', 'null'] }
									}
								}
							}
						}
					},
					'401': {
						description: 'No token, or revoked.',
						content: { 'application/json': { schema: error } }
					},
					'403': {
						description: 'The token lacks the scope.',
						content: { 'application/json': { schema: error } }
					}
				}
			}
		};
	}
	paths['/api/v1/catalog'] = {
		post: {
			summary:
				'Write the catalog through the same mutations devices use, each exactly once by its id.',
			description:
				'Needs `catalog:write`. A repeated id answers `duplicate` with the first result.',
			security: [{ token: ['catalog:write'] }],
			requestBody: {
				content: {
					'application/json': {
						schema: {
							type: 'object',
							required: ['mutations'],
							properties: {
								mutations: {
									type: 'array',
									maxItems: 100,
									items: {
										type: 'object',
										required: ['id', 'name', 'args'],
										properties: {
											id: { type: 'string', format: 'uuid' },
											name: { type: 'string', enum: [...CATALOG_WRITES] },
											args: { type: 'object' }
										}
									}
								}
							}
						}
					}
				}
			},
			responses: {
				'200': { description: '`{results: [{id, status, result?, error?}]}`' },
				'400': { description: 'Bad input.', content: { 'application/json': { schema: error } } }
			}
		}
	};
	return {
		openapi: '3.1.0',
		info: {
			title: 'Optio API for integrations',
			version,
			description:
				'Read an organization’s products, prices, stock, documents, receipts, trade points and visits; write its catalog. An administrator creates tokens on the Integrations screen.'
		},
		components: {
			securitySchemes: {
				token: {
					type: 'http',
					scheme: 'bearer',
					description: `An API token (\`opt_…\`). Scopes: ${TOKEN_SCOPES.join(', ')}.`
				}
			}
		},
		paths
	};
}
