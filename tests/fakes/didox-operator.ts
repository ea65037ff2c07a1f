/**
 * TEST DOUBLE — a fake of the Didox e-invoice operator's partner API (api-docs.didox.uz):
 * `POST /v1/documents/002/create` takes an ESF and answers its id; `GET /v1/documents/{id}`
 * answers its status (0 draft waiting for the seller's signature, 1 signed and sent to the
 * buyer, 2 accepted, 3 rejected). It checks the `Partner-Authorization` header and keeps each
 * document for the test to compare field by field. It signs nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDidox {
	url: string;
	token: string;
	/** Documents created, by id, as posted. */
	documents: Map<string, unknown>;
	/** The headers of each create request. */
	headers: Record<string, string | string[] | undefined>[];
	/** Sets a document's status, as the seller's and buyer's E-IMZO signatures would. */
	setStatus(id: string, status: number): void;
	close(): Promise<void>;
}

export async function startFakeDidox(token = 'partner-token-for-tests'): Promise<FakeDidox> {
	const documents = new Map<string, unknown>();
	const statuses = new Map<string, number>();
	const headers: FakeDidox['headers'] = [];
	let next = 1;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const send = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.headers['partner-authorization'] !== token) {
				return send(401, { message: 'Invalid partner token' });
			}
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (req.method === 'POST' && path === '/v1/documents/002/create') {
				headers.push(req.headers);
				const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
				if (!doc.FacturaDoc || !doc.SellerTin || !doc.BuyerTin || !doc.ProductList) {
					return send(400, { message: 'Not an ESF' });
				}
				const id = `FAKE${String(next++).padStart(28, '0')}`;
				documents.set(id, doc);
				statuses.set(id, 0);
				return send(200, { _id: id });
			}
			const m = /^\/v1\/documents\/([^/]+)$/.exec(path);
			if (req.method === 'GET' && m && statuses.has(m[1]!)) {
				return send(200, { data: { status: statuses.get(m[1]!) } });
			}
			send(404, { message: 'Not found' });
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		token,
		documents,
		headers,
		setStatus: (id, status) => statuses.set(id, status),
		close: () => new Promise<void>((done) => server.close(() => done()))
	};
}
