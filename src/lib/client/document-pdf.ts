/**
 * Receipts and invoices as PDF, made on the device with no network, to share from the phone.
 *
 * pdfmake (0.3) rather than pdf-lib: a receipt and an invoice are tables that flow and break
 * across pages, which pdfmake lays out from a description while pdf-lib leaves every position to
 * us; and its bundled Roboto writes Cyrillic and the Uzbek ‘ where PDF's standard fonts write
 * neither. It weighs ~1 MB, so it is loaded only when a PDF is asked for, and the service worker
 * keeps it for offline use like every other part of the app.
 */

/** One line as printed: every figure already formatted in the user's language. */
export interface PdfLine {
	name: string;
	qty: string;
	price: string;
	amount: string;
	/** Under the line, e.g. a promotion's discount. */
	note?: string;
}

export interface PdfDocument {
	/** `roll`: an 80 mm receipt of any length; `a4`: an invoice page. */
	paper: 'roll' | 'a4';
	title: string;
	/** Lines under the title: the seller, the number, the date, the customer. */
	header: string[];
	/** Column titles for the A4 table (product, qty, price, amount). */
	columns: [string, string, string, string];
	lines: PdfLine[];
	/** Label and amount; `strong` for the total. */
	totals: { label: string; value: string; strong?: boolean }[];
	footer?: string;
}

/** 80 mm in PDF points (1/72 inch). */
const ROLL_WIDTH = (80 / 25.4) * 72;

/** The document for pdfmake: a plain description, made here so it can be tested without a PDF. */
export function pdfDefinition(d: PdfDocument): Record<string, unknown> {
	const roll = d.paper === 'roll';
	const totals = {
		margin: [0, 6, 0, 0],
		table: {
			widths: ['*', 'auto'],
			body: d.totals.map((x) => [
				{ text: x.label, bold: !!x.strong },
				{ text: x.value, bold: !!x.strong, alignment: 'right' }
			])
		},
		layout: 'noBorders'
	};
	const lines = roll
		? d.lines.flatMap((l) => [
				{ text: l.name, bold: true, margin: [0, 4, 0, 0] },
				{
					columns: [
						{ text: `${l.qty} × ${l.price}`, width: '*' },
						{ text: l.amount, width: 'auto', alignment: 'right' }
					]
				},
				...(l.note ? [{ text: l.note, italics: true }] : [])
			])
		: [
				{
					table: {
						headerRows: 1,
						widths: ['*', 'auto', 'auto', 'auto'],
						body: [
							d.columns.map((c, i) => ({ text: c, bold: true, alignment: i ? 'right' : 'left' })),
							...d.lines.map((l) => [
								l.note ? { stack: [l.name, { text: l.note, italics: true, fontSize: 8 }] } : l.name,
								{ text: l.qty, alignment: 'right' },
								{ text: l.price, alignment: 'right' },
								{ text: l.amount, alignment: 'right' }
							])
						]
					},
					layout: 'lightHorizontalLines'
				}
			];
	return {
		pageSize: roll ? { width: ROLL_WIDTH, height: 'auto' } : 'A4',
		pageMargins: roll ? [8, 8, 8, 8] : [40, 40, 40, 40],
		info: { title: d.title },
		defaultStyle: { font: 'Roboto', fontSize: roll ? 8 : 10 },
		content: [
			{ text: d.title, bold: true, fontSize: roll ? 11 : 16, margin: [0, 0, 0, 4] },
			...d.header.map((h) => ({ text: h })),
			{ text: '', margin: [0, 0, 0, 4] },
			...lines,
			totals,
			...(d.footer ? [{ text: d.footer, alignment: 'center', margin: [0, 8, 0, 0] }] : [])
		]
	};
}

interface PdfMake {
	addVirtualFileSystem(vfs: Record<string, string>): void;
	createPdf(definition: Record<string, unknown>): { getBlob(): Promise<Blob> };
}

let loading: Promise<PdfMake> | null = null;

/** pdfmake and its fonts, fetched at the first PDF (from the service worker's cache offline). */
function pdfMake(): Promise<PdfMake> {
	loading ??= Promise.all([import('pdfmake/build/pdfmake'), import('pdfmake/build/vfs_fonts')])
		.then(([maker, fonts]) => {
			const make = ((maker as { default?: unknown }).default ?? maker) as PdfMake;
			const vfs = ((fonts as { default?: unknown }).default ?? fonts) as Record<string, string>;
			make.addVirtualFileSystem(vfs);
			return make;
		})
		.catch((e: unknown) => {
			loading = null;
			throw e;
		});
	return loading;
}

export async function pdfBlob(d: PdfDocument): Promise<Blob> {
	return (await pdfMake()).createPdf(pdfDefinition(d)).getBlob();
}

/**
 * Hands the PDF to the phone's share sheet (a messenger, mail, files) where the browser can share
 * files, else downloads it.
 */
export async function sharePdf(blob: Blob, name: string): Promise<void> {
	// A provisional number ("SAL-…4F2A9C") makes a file name without its ellipsis.
	const filename = name.replace(/[^\p{L}\p{N}._-]+/gu, '');
	const file = new File([blob], filename, { type: 'application/pdf' });
	if (typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
		try {
			await navigator.share({ files: [file], title: filename });
			return;
		} catch (e) {
			// The user closed the sheet: nothing more to do. Anything else: download instead.
			if (e instanceof DOMException && e.name === 'AbortError') return;
		}
	}
	const url = URL.createObjectURL(blob);
	const a = Object.assign(document.createElement('a'), { href: url, download: filename });
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
