/**
 * TEST DOUBLE — a fake of Multikassa's local fiscal driver (normally `http://localhost:8080`),
 * following its published API (docs-virtual-kassa.multibank.uz): `POST /api/v1/operations`
 * (`module_operation_type` 3 sale, 4 refund with `RefundInfo`), `GET /api/v1/unsentCount`,
 * `POST /api/v1/resendUnsent`. It signs nothing: its fiscal signs are made up. It checks each
 * request as the real driver would refuse it (IKPU of 17 digits, a package code, VAT, sums
 * that add up, a label per marked unit) and keeps every request for the test to read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReceipt {
	TerminalID: string;
	ReceiptSeq: string;
	DateTime: string;
	FiscalSign: string;
	AppletVersion: string;
	QRCodeURL: string;
}

export interface FakeMultikassa {
	url: string;
	/** Every operation posted, as parsed JSON, in order. */
	operations: Record<string, unknown>[];
	/** What it answered to each accepted operation. */
	receipts: FakeReceipt[];
	/** While true, receipts are signed but queued (no network to the tax operator). */
	offline: boolean;
	unsent: number;
	close(): Promise<void>;
}

const TERMINAL = 'UZ170703100400';

/** Why the driver refuses an operation, or null. */
function refusal(op: Record<string, unknown>): string | null {
	const type = op.module_operation_type;
	if (type !== '3' && type !== '4') return 'module_operation_type must be "3" or "4"';
	const items = op.items;
	if (!Array.isArray(items) || items.length === 0) return 'items are required';
	let sum = 0;
	for (const [i, item] of (items as Record<string, unknown>[]).entries()) {
		if (!/^\d{17}$/.test(String(item.classifier_class_code)))
			return `items[${i}]: IKPU of 17 digits`;
		if (!item.product_package) return `items[${i}]: product_package is required`;
		if (typeof item.product_vat_percent !== 'number') return `items[${i}]: VAT percent`;
		if (typeof item.product_price !== 'number' || typeof item.count !== 'number') {
			return `items[${i}]: price and count are numbers`;
		}
		if (item.product_mark === true && (!item.product_label || item.count !== 1)) {
			return `items[${i}]: a marked unit has its label and a count of 1`;
		}
		if (String(item.product_label ?? '').length > 63)
			return `items[${i}]: label over 63 characters`;
		sum += Math.round(item.product_price * item.count) - Number(item.product_discount ?? 0);
	}
	if (sum !== op.receipt_sum)
		return `receipt_sum ${String(op.receipt_sum)} is not the items' ${sum}`;
	const paid = Number(op.receipt_gnk_receivedcash) + Number(op.receipt_gnk_receivedcard);
	if (!(paid <= sum)) return 'paid more than the receipt';
	if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(op.receipt_gnk_time))) {
		return 'receipt_gnk_time is YYYY-MM-DD HH:mm:ss';
	}
	if (type === '4') {
		const r = op.RefundInfo as Record<string, unknown> | undefined;
		if (!r?.TerminalID || !r.ReceiptSeq || !r.DateTime || !/^\d{12}$/.test(String(r.FiscalSign))) {
			return 'a refund cites the original receipt in RefundInfo';
		}
	}
	return null;
}

function send(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, {
		'content-type': 'application/json',
		// The till's page calls the driver from its own origin, as with the real driver.
		'access-control-allow-origin': '*',
		'access-control-allow-headers': 'content-type, accept',
		'access-control-allow-methods': 'GET, POST, OPTIONS'
	});
	res.end(JSON.stringify(body));
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

/** Starts the fake driver on a free port of localhost. */
export async function startFakeMultikassa(): Promise<FakeMultikassa> {
	let seq = 1040;
	const fake: Omit<FakeMultikassa, 'url' | 'close'> = {
		operations: [],
		receipts: [],
		offline: false,
		unsent: 0
	};
	const server: Server = createServer((req, res) => {
		void (async () => {
			if (req.method === 'OPTIONS') return send(res, 204, {});
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (req.method === 'POST' && path === '/api/v1/operations') {
				const op = await json(req);
				fake.operations.push(op);
				const why = refusal(op);
				if (why) return send(res, 400, { success: false, message: why });
				seq += 1;
				const time = String(op.receipt_gnk_time);
				const sign = String(100_000_000_000 + seq * 7919).slice(0, 12);
				const receipt: FakeReceipt = {
					TerminalID: TERMINAL,
					ReceiptSeq: String(seq),
					DateTime: time,
					FiscalSign: sign,
					AppletVersion: '0300',
					QRCodeURL: `https://ofd.soliq.uz/check?t=${TERMINAL}&r=${seq}&c=${time.replace(/\D/g, '')}&s=${sign}`
				};
				fake.receipts.push(receipt);
				if (fake.offline) fake.unsent += 1;
				return send(res, 200, { success: true, data: { receipt_gnk: receipt } });
			}
			if (req.method === 'GET' && path === '/api/v1/unsentCount') {
				return send(res, 200, { success: true, data: { count: fake.unsent } });
			}
			if (req.method === 'POST' && path === '/api/v1/resendUnsent') {
				if (!fake.offline) fake.unsent = 0;
				return send(res, 200, { success: true, data: { count: fake.unsent } });
			}
			send(res, 404, { success: false, message: 'not found' });
		})();
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return Object.assign(fake, {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((done) => server.close(() => done()))
	}) as FakeMultikassa;
}
