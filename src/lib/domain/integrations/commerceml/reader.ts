/**
 * A streaming reader of CommerceML 2 files (import.xml, offers.xml, prices/rests, orders) as 1C
 * writes them, 2.03 to 2.10 and 3.1 (the namespace is ignored: elements are matched by local
 * name). Bytes go in as they arrive; records (a group tree, a good, an offer, a price type, a
 * warehouse, a property, an order document) come out one at a time, so memory holds one record,
 * never the file.
 *
 * Parser: saxes (the SAX parser jsdom uses; well kept, strict XML 1.0, no dependencies beyond
 * xmlchars, runs on Workers). It never fetches external entities and knows only the five
 * predefined ones; on top of that any DOCTYPE is refused outright, so neither XXE nor entity
 * expansion ("billion laughs") is possible.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** A refusal of the file: why, and where (1-based line; 0 when not tied to a place). */
export class CmlError extends Error {
	constructor(
		readonly reason: string,
		readonly line = 0
	) {
		super(line ? `Line ${line}: ${reason}` : reason);
		this.name = 'CmlError';
	}
}

/** A small element tree, built only inside one record. */
export interface Node {
	name: string;
	attrs: Record<string, string>;
	children: Node[];
	text: string;
}

export interface CmlGroup {
	id: string;
	name: string;
	parentId: string | null;
}

export interface CmlProperty {
	id: string;
	name: string;
	/** Reference values (Справочник): value id → text. */
	values: Record<string, string>;
}

export interface CmlGood {
	id: string;
	sku: string;
	name: string;
	barcodes: string[];
	unitCode: string | null;
	groupIds: string[];
	images: string[];
	/** Property id → value (a reference value's id is resolved by the caller). */
	properties: { id: string; value: string }[];
	/** Реквизиты: name → value. */
	requisites: Record<string, string>;
	taxRates: { name: string; rate: string }[];
	/** 1C marks a good deleted (Статус "Удален" or ПометкаУдаления). */
	deleted: boolean;
}

export interface CmlPriceType {
	id: string;
	name: string;
	currency: string | null;
}

export interface CmlWarehouse {
	id: string;
	name: string;
}

export interface CmlOffer {
	/** The whole Ид: `<good>` or `<good>#<characteristic>`. */
	id: string;
	goodId: string;
	characteristicId: string | null;
	sku: string;
	name: string;
	barcodes: string[];
	unitCode: string | null;
	/** Characteristic name → value (size, colour). */
	characteristics: { name: string; value: string }[];
	prices: { priceTypeId: string; price: string; currency: string | null }[];
	/** Количество: the total, when given. */
	quantity: string | null;
	/** Per 1C warehouse (Склад ИдСклада/КоличествоНаСкладе, or КоличествоНаСкладе inside). */
	stocks: { warehouseId: string; quantity: string }[];
	deleted: boolean;
}

/** An order document (what Optio sends, and what 1C sends back with its changes). */
export interface CmlDocument {
	id: string;
	number: string;
	date: string;
	time: string;
	operation: string;
	role: string;
	currency: string;
	sum: string;
	comment: string;
	counterparties: { id: string; name: string; role: string }[];
	lines: { id: string; name: string; price: string; quantity: string; sum: string }[];
	requisites: Record<string, string>;
}

export type CmlRecord =
	| { kind: 'root'; version: string | null }
	| { kind: 'catalog'; onlyChanges: boolean }
	| { kind: 'offers'; onlyChanges: boolean }
	| { kind: 'group'; group: CmlGroup }
	| { kind: 'property'; property: CmlProperty }
	| { kind: 'good'; good: CmlGood }
	| { kind: 'priceType'; priceType: CmlPriceType }
	| { kind: 'warehouse'; warehouse: CmlWarehouse }
	| { kind: 'offer'; offer: CmlOffer }
	| { kind: 'document'; document: CmlDocument };

const local = (name: string) => {
	const colon = name.indexOf(':');
	return colon < 0 ? name : name.slice(colon + 1);
};

const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const children = (n: Node | undefined, name: string) =>
	n ? n.children.filter((c) => c.name === name) : [];
const textOf = (n: Node | undefined, name: string) => child(n ?? EMPTY, name)?.text.trim() ?? '';
const EMPTY: Node = { name: '', attrs: {}, children: [], text: '' };

const isTrue = (v: string | undefined) => v?.trim().toLowerCase() === 'true';

/**
 * The encoding the bytes declare: a BOM, else the XML declaration's `encoding`, else UTF-8.
 * Only what TextDecoder knows is accepted (windows-1251 is among them on Node 20 and Workers).
 */
export function sniffEncoding(head: Uint8Array): { encoding: string; skip: number } {
	if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
		return { encoding: 'utf-8', skip: 3 };
	if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
	if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
	let ascii = '';
	for (let i = 0; i < Math.min(head.length, 200); i++) ascii += String.fromCharCode(head[i]!);
	const declared = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(ascii)?.[1];
	const encoding = (declared ?? 'utf-8').toLowerCase();
	try {
		new TextDecoder(encoding);
	} catch {
		throw new CmlError(`Unsupported encoding ${declared}.`, 1);
	}
	return { encoding, skip: 0 };
}

/** Where a record starts: its local name and its parent's. */
function recordKind(name: string, parent: string | undefined, grand: string | undefined) {
	switch (name) {
		case 'Группы':
			// The classifier's whole group tree is one record: nesting gives each group's parent.
			return parent === 'Классификатор' ? 'groups' : null;
		case 'Свойство':
			return parent === 'Свойства' && grand === 'Классификатор' ? 'property' : null;
		case 'Товар':
			return parent === 'Товары' && grand === 'Каталог' ? 'good' : null;
		case 'ТипЦены':
			return parent === 'ТипыЦен' ? 'priceType' : null;
		case 'Склад':
			return parent === 'Склады' ? 'warehouse' : null;
		case 'Предложение':
			return parent === 'Предложения' ? 'offer' : null;
		case 'Документ':
			return parent === 'КоммерческаяИнформация' ? 'document' : null;
		default:
			return null;
	}
}

function groupsOf(n: Node, parentId: string | null, out: CmlGroup[]) {
	for (const g of children(n, 'Группа')) {
		const id = textOf(g, 'Ид');
		out.push({ id, name: textOf(g, 'Наименование'), parentId });
		const sub = child(g, 'Группы');
		if (sub) groupsOf(sub, id, out);
	}
	return out;
}

function requisitesOf(n: Node): Record<string, string> {
	const out: Record<string, string> = {};
	for (const r of children(child(n, 'ЗначенияРеквизитов'), 'ЗначениеРеквизита')) {
		out[textOf(r, 'Наименование')] = textOf(r, 'Значение');
	}
	return out;
}

const barcodesOf = (n: Node) =>
	[...children(n, 'Штрихкод'), ...children(child(n, 'Штрихкоды'), 'Штрихкод')]
		.map((b) => b.text.trim())
		.filter(Boolean);

const deletedOf = (n: Node) =>
	n.attrs['Статус'] === 'Удален' ||
	textOf(n, 'Статус') === 'Удален' ||
	isTrue(textOf(n, 'ПометкаУдаления'));

function goodOf(n: Node): CmlGood {
	return {
		id: textOf(n, 'Ид'),
		sku: textOf(n, 'Артикул'),
		name: textOf(n, 'Наименование'),
		barcodes: barcodesOf(n),
		unitCode: child(n, 'БазоваяЕдиница')?.attrs['Код']?.trim() || null,
		groupIds: children(child(n, 'Группы'), 'Ид').map((g) => g.text.trim()),
		images: children(n, 'Картинка')
			.map((i) => i.text.trim())
			.filter(Boolean),
		properties: children(child(n, 'ЗначенияСвойств'), 'ЗначенияСвойства').map((p) => ({
			id: textOf(p, 'Ид'),
			value: textOf(p, 'Значение')
		})),
		requisites: requisitesOf(n),
		taxRates: children(child(n, 'СтавкиНалогов'), 'СтавкаНалога').map((t) => ({
			name: textOf(t, 'Наименование'),
			rate: textOf(t, 'Ставка')
		})),
		deleted: deletedOf(n)
	};
}

function offerOf(n: Node): CmlOffer {
	const id = textOf(n, 'Ид');
	const hash = id.indexOf('#');
	const stocks: CmlOffer['stocks'] = [];
	for (const s of children(n, 'Склад')) {
		const warehouseId = s.attrs['ИдСклада']?.trim();
		const quantity = s.attrs['КоличествоНаСкладе']?.trim();
		if (warehouseId && quantity !== undefined) stocks.push({ warehouseId, quantity });
	}
	// 2.08+: <Остатки><Остаток><Склад><Ид/><Количество/></Склад></Остаток></Остатки>
	for (const r of children(child(n, 'Остатки'), 'Остаток')) {
		for (const s of children(r, 'Склад')) {
			stocks.push({ warehouseId: textOf(s, 'Ид'), quantity: textOf(s, 'Количество') });
		}
		const total = textOf(r, 'Количество');
		if (total && !children(r, 'Склад').length) stocks.push({ warehouseId: '', quantity: total });
	}
	const quantity = child(n, 'Количество')?.text.trim() ?? null;
	return {
		id,
		goodId: hash < 0 ? id : id.slice(0, hash),
		characteristicId: hash < 0 || hash === id.length - 1 ? null : id.slice(hash + 1),
		sku: textOf(n, 'Артикул'),
		name: textOf(n, 'Наименование'),
		barcodes: barcodesOf(n),
		unitCode: child(n, 'БазоваяЕдиница')?.attrs['Код']?.trim() || null,
		characteristics: children(child(n, 'ХарактеристикиТовара'), 'ХарактеристикаТовара').map(
			(c) => ({ name: textOf(c, 'Наименование'), value: textOf(c, 'Значение') })
		),
		prices: children(child(n, 'Цены'), 'Цена').map((p) => ({
			priceTypeId: textOf(p, 'ИдТипаЦены'),
			price: textOf(p, 'ЦенаЗаЕдиницу'),
			currency: textOf(p, 'Валюта') || null
		})),
		quantity: quantity || null,
		stocks,
		deleted: deletedOf(n)
	};
}

function documentOf(n: Node): CmlDocument {
	return {
		id: textOf(n, 'Ид'),
		number: textOf(n, 'Номер'),
		date: textOf(n, 'Дата'),
		time: textOf(n, 'Время'),
		operation: textOf(n, 'ХозОперация'),
		role: textOf(n, 'Роль'),
		currency: textOf(n, 'Валюта'),
		sum: textOf(n, 'Сумма'),
		comment: textOf(n, 'Комментарий'),
		counterparties: children(child(n, 'Контрагенты'), 'Контрагент').map((c) => ({
			id: textOf(c, 'Ид'),
			name: textOf(c, 'Наименование'),
			role: textOf(c, 'Роль')
		})),
		lines: children(child(n, 'Товары'), 'Товар').map((t) => ({
			id: textOf(t, 'Ид'),
			name: textOf(t, 'Наименование'),
			price: textOf(t, 'ЦенаЗаЕдиницу'),
			quantity: textOf(t, 'Количество'),
			sum: textOf(t, 'Сумма')
		})),
		requisites: requisitesOf(n)
	};
}

function* recordsOf(kind: string, n: Node): Generator<CmlRecord> {
	switch (kind) {
		case 'groups':
			for (const group of groupsOf(n, null, [])) yield { kind: 'group', group };
			return;
		case 'property': {
			const values: Record<string, string> = {};
			for (const v of children(child(n, 'ВариантыЗначений'), 'Справочник')) {
				values[textOf(v, 'ИдЗначения')] = textOf(v, 'Значение');
			}
			yield {
				kind: 'property',
				property: { id: textOf(n, 'Ид'), name: textOf(n, 'Наименование'), values }
			};
			return;
		}
		case 'good':
			yield { kind: 'good', good: goodOf(n) };
			return;
		case 'priceType':
			yield {
				kind: 'priceType',
				priceType: {
					id: textOf(n, 'Ид'),
					name: textOf(n, 'Наименование'),
					currency: textOf(n, 'Валюта') || null
				}
			};
			return;
		case 'warehouse':
			yield {
				kind: 'warehouse',
				warehouse: { id: textOf(n, 'Ид'), name: textOf(n, 'Наименование') }
			};
			return;
		case 'offer':
			yield { kind: 'offer', offer: offerOf(n) };
			return;
		case 'document':
			yield { kind: 'document', document: documentOf(n) };
	}
}

/** An element open at a place in the file, as written there (qualified name, raw attributes). */
export interface OpenTag {
	name: string;
	attrs: Record<string, string>;
}

/**
 * A place between two records where reading can stop and a later reader resume: the byte just
 * after the last record read, its line, the elements open there and the file's encoding.
 */
export interface CmlCheckpoint {
	byte: number;
	line: number;
	open: OpenTag[];
	encoding: string;
}

export interface CmlReader {
	/** Feeds the next bytes; answers the records they completed. Throws CmlError. */
	write(bytes: Uint8Array): CmlRecord[];
	/** The end of the file; answers the last records. Throws CmlError when it is incomplete. */
	end(): CmlRecord[];
	/**
	 * Where the last record read so far ends, for `createCmlReader(checkpoint)` to go on from
	 * there with the bytes after it; null before the first record, or for an encoding whose
	 * characters have no fixed relation to bytes (then a file is read in one go).
	 */
	checkpoint(): CmlCheckpoint | null;
}

/** Largest single record (one good, one order) we build in memory. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** Bytes a text takes in an encoding, or null when that is not a count of its characters. */
function byteCounter(
	encoding: string
): ((text: string, from: number, to: number) => number) | null {
	if (encoding === 'utf-8' || encoding === 'utf8') {
		return (text, from, to) => {
			let n = 0;
			for (let i = from; i < to; i++) {
				const c = text.charCodeAt(i);
				// A surrogate pair (4 bytes) is two code units of 2 each.
				n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
			}
			return n;
		};
	}
	if (encoding.startsWith('utf-16')) return (_t, from, to) => 2 * (to - from);
	// Single-byte encodings (1C's windows-1251 among them): a character is a byte.
	if (
		/^(windows-125\d|cp125\d|koi8-[ru]|iso-8859-\d+|ibm866|cp866|x-mac-cyrillic|macintosh|us-ascii|latin1)$/.test(
			encoding
		)
	) {
		return (_t, from, to) => to - from;
	}
	return null;
}

/**
 * How many bytes at the end of `b` begin a UTF-8 character not yet complete (0–3): what a
 * streaming TextDecoder keeps back for the next bytes. `b` holds the last bytes fed, with the
 * ones kept before when the new bytes are fewer than 3.
 */
function utf8Held(b: Uint8Array): number {
	for (let i = 1; i <= Math.min(3, b.length); i++) {
		const c = b[b.length - i]!;
		if ((c & 0xc0) === 0x80) continue;
		const size = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return size > i ? i : 0;
	}
	return 0;
}

const escapeAttr = (v: string) =>
	v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * A reader for one file, or for the rest of one from a checkpoint (the bytes after
 * `from.byte`). Records come out in document order.
 * @example const r = createCmlReader(); const recs = [...r.write(bytes), ...r.end()];
 */
export function createCmlReader(from?: CmlCheckpoint): CmlReader {
	const parser = new SaxesParser<object>({ position: true });
	let decoder: TextDecoder | null = null;
	let encoding = '';
	let count: ReturnType<typeof byteCounter> = null;
	let head = new Uint8Array(0);
	let out: CmlRecord[] = [];
	let rootSeen = false;
	/** Local names from the root to the current element. */
	const path: string[] = [];
	/** The elements open, as written (to reopen them when resuming). */
	const open: OpenTag[] = [];
	/** The record being built: its kind and its open elements (the record's root first). */
	let record: { kind: string; stack: Node[]; chars: number } | null = null;
	/** Lines before the resumed part (its reopened elements are written on one line). */
	const lineOffset = from ? from.line - 1 : 0;
	/** The text being parsed: where it starts in characters and in the file's bytes. */
	let text = '';
	let textChar = 0;
	let textByte = from?.byte ?? 0;
	let written = 0;
	/** The last record's end: the character after it, its line and the elements open. */
	let last: {
		char: number;
		line: number;
		open: OpenTag[];
		text: string;
		textChar: number;
		textByte: number;
	} | null = null;

	const fail = (reason: string): never => {
		throw new CmlError(reason, (parser.line || 1) + lineOffset);
	};
	parser.on('error', (err) => {
		// saxes prefixes "line:column: "; the line is kept apart, the reason is the rest.
		fail(err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''));
	});
	parser.on('doctype', () => fail('DOCTYPE is not allowed (no DTDs or entities).'));
	parser.on('processinginstruction', (pi) => {
		if (pi.target.toLowerCase() !== 'xml') fail(`Processing instruction ${pi.target} not allowed.`);
	});
	parser.on('opentag', (tag: SaxesTagPlain) => {
		const name = local(tag.name);
		const attrs: Record<string, string> = {};
		for (const k in tag.attributes) attrs[local(k)] = String(tag.attributes[k]);
		if (record) {
			// Inside a record only its tree is built: `open` and `path` hold the elements around
			// records (where reading can stop), and a record's own are most of a file's.
			const node: Node = { name, attrs, children: [], text: '' };
			record.stack[record.stack.length - 1]!.children.push(node);
			record.stack.push(node);
			return;
		}
		open.push({ name: tag.name, attrs: tag.attributes as Record<string, string> });
		if (!rootSeen) {
			rootSeen = true;
			if (name !== 'КоммерческаяИнформация') fail(`Not CommerceML: the root is <${name}>.`);
			out.push({ kind: 'root', version: attrs['ВерсияСхемы'] ?? null });
		}
		if (name === 'Каталог') {
			out.push({ kind: 'catalog', onlyChanges: isTrue(attrs['СодержитТолькоИзменения']) });
		} else if (name === 'ПакетПредложений' || name === 'ИзмененияПакетаПредложений') {
			out.push({
				kind: 'offers',
				onlyChanges:
					name === 'ИзмененияПакетаПредложений' || isTrue(attrs['СодержитТолькоИзменения'])
			});
		}
		const kind = recordKind(name, path[path.length - 1], path[path.length - 2]);
		if (kind) record = { kind, stack: [{ name, attrs, children: [], text: '' }], chars: 0 };
		path.push(name);
	});
	const onText = (t: string) => {
		if (!record) return;
		record.chars += t.length;
		if (record.chars > MAX_RECORD_CHARS) fail('A single element is too large.');
		record.stack[record.stack.length - 1]!.text += t;
	};
	parser.on('text', onText);
	parser.on('cdata', onText);
	parser.on('closetag', () => {
		const node = record?.stack.pop();
		// An element inside a record was never in `path` or `open` (see opentag).
		if (record?.stack.length) return;
		path.pop();
		open.pop();
		if (record && node) {
			const kind = record.kind;
			record = null;
			for (const r of recordsOf(kind, node)) out.push(r);
			last = {
				char: parser.position,
				line: parser.line + lineOffset,
				open: open.slice(),
				text,
				textChar,
				textByte
			};
		}
	});

	const take = () => {
		const r = out;
		out = [];
		return r;
	};
	/** `bytes`: how many bytes of the file the text is (null when not known, see byteCounter). */
	const parse = (t: string, bytes: number | null) => {
		text = t;
		textChar = written;
		written += t.length;
		parser.write(t);
		if (bytes !== null) textByte += bytes;
	};
	/** Bytes fed to a UTF-8 decoder that it keeps for the next ones, and the last of them. */
	let held = 0;
	let heldBytes = new Uint8Array(0);
	/**
	 * How many bytes of the file a decoded text is. UTF-8 is counted from the bytes fed, less
	 * what the decoder keeps back, not a character at a time (that loop was a third of reading).
	 */
	const bytesOf = (decoded: string, bytes: Uint8Array, last: boolean): number | null => {
		if (!count) return null;
		if (encoding !== 'utf-8' && encoding !== 'utf8') return count(decoded, 0, decoded.length);
		let tail = 0;
		if (!last) {
			const end =
				bytes.length >= 3
					? bytes.subarray(bytes.length - 3)
					: new Uint8Array([...heldBytes, ...bytes]);
			tail = utf8Held(end);
			heldBytes = end.slice(end.length - tail);
		}
		const n = held + bytes.length - tail;
		held = tail;
		return n;
	};
	if (from) {
		// Resuming: the elements open at the checkpoint are opened again, then the rest follows.
		encoding = from.encoding;
		count = byteCounter(encoding);
		decoder = new TextDecoder(encoding, { fatal: true });
		const prefix = from.open
			.map(
				(t) =>
					`<${t.name}${Object.entries(t.attrs)
						.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
						.join('')}>`
			)
			.join('');
		written = prefix.length;
		parser.write(prefix);
	}
	const feed = (bytes: Uint8Array, last: boolean) => {
		try {
			if (!decoder) {
				// Enough bytes to see the BOM and the declaration.
				const joined = new Uint8Array(head.length + bytes.length);
				joined.set(head);
				joined.set(bytes, head.length);
				if (joined.length < 200 && !last) {
					head = joined;
					return;
				}
				const sniffed = sniffEncoding(joined);
				encoding = sniffed.encoding;
				count = byteCounter(encoding);
				textByte = sniffed.skip;
				decoder = new TextDecoder(encoding, { fatal: true });
				bytes = joined.subarray(sniffed.skip);
			}
			const decoded = decoder.decode(bytes, { stream: !last });
			const n = bytesOf(decoded, bytes, last);
			if (decoded) parse(decoded, n);
			if (last) parser.close();
		} catch (err) {
			if (err instanceof CmlError) throw err;
			if (err instanceof TypeError)
				throw new CmlError(
					'The bytes are not valid text in the declared encoding.',
					(parser.line || 1) + lineOffset
				);
			throw err;
		}
	};
	return {
		write(bytes) {
			feed(bytes, false);
			return take();
		},
		end() {
			if (!decoder && !head.length) throw new CmlError('The file is empty.', 1);
			feed(new Uint8Array(0), true);
			if (!rootSeen) throw new CmlError('The file is empty.', 1);
			return take();
		},
		checkpoint() {
			if (!last || !count) return null;
			const byte = last.textByte + count(last.text, 0, last.char - last.textChar);
			return { byte, line: last.line, open: last.open, encoding };
		}
	};
}

/** Every record of a whole file (for files already in memory: tests, previews). */
export function readCml(bytes: Uint8Array): CmlRecord[] {
	const r = createCmlReader();
	return [...r.write(bytes), ...r.end()];
}
