/**
 * The first screens (sign-in, sign-up and the rep's home, with the shell around a signed-in
 * screen) load only what they draw (issue 15: first-load JavaScript ≤ 120 KiB gzipped). Walked
 * here on the sources, so a new static import that drags a heavy library or the whole message
 * catalog into them fails a unit test, not only the Lighthouse bench. Dynamic `import()`s are
 * not followed: they load after the screen is drawn, or only where they are used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/messages/en';
import { isFirstScreenKey } from '$lib/i18n/first-screen';

const ROOT = resolve(__dirname, '../../..');
const ENTRIES = [
	'src/routes/+layout.svelte',
	'src/routes/+layout.ts',
	'src/routes/+page.svelte',
	'src/routes/login/+page.svelte',
	'src/routes/signup/+page.svelte',
	// The root layout imports it for every signed-in screen, before the screen draws.
	'src/lib/ui/SignedInShell.svelte'
];

/** Static imports only: `import x from`, `import {…} from`, `import '…'`, `export … from`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(ROOT, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null;
	for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
		if (existsSync(candidate) && !candidate.endsWith('/')) {
			try {
				readFileSync(candidate);
				return candidate;
			} catch {
				// a directory
			}
		}
	}
	throw new Error(`cannot resolve ${spec} from ${relative(ROOT, from)}`);
}

function walk(entries = ENTRIES) {
	const modules = new Set<string>();
	const packages = new Map<string, string>();
	const queue = entries.map((e) => join(ROOT, e));
	while (queue.length) {
		const file = queue.pop()!;
		if (modules.has(file)) continue;
		modules.add(file);
		let source = readFileSync(file, 'utf8');
		// A component's imports are in its scripts.
		if (file.endsWith('.svelte'))
			source = [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)]
				.map((m) => m[1])
				.join('\n');
		for (const [, spec] of source.matchAll(STATIC_IMPORT)) {
			if (spec!.startsWith('$app/') || spec!.endsWith('.css')) continue;
			const target = resolveImport(file, spec!);
			if (target) queue.push(target);
			else if (!packages.has(spec!)) packages.set(spec!, relative(ROOT, file));
		}
	}
	return { modules: [...modules].map((m) => relative(ROOT, m)), packages };
}

const HEAVY = ['zod', 'maplibre-gl', 'chart.js', 'pdfmake', 'zxing-wasm', 'papaparse'];
const heavyIn = (packages: Map<string, string>) =>
	[...packages].filter(([p]) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));

describe('the first screens', () => {
	const { modules, packages } = walk();

	it('load no validation library, map, charts, PDF or scanner', () => {
		expect(heavyIn(packages)).toEqual([]);
	});

	it('draw no report dialog: its form, diagnostics and support client load on the first tap', () => {
		expect(
			modules.filter((m) =>
				/ui\/ReportProblemDialog|client\/(support\.service|problem-report)/.test(m)
			)
		).toEqual([]);
	});

	it('load no message catalog: the first-screen subset comes by the i18n layer', () => {
		expect(modules.filter((m) => m.startsWith('src/lib/i18n/messages/'))).toEqual([]);
	});

	it('name only first-screen messages (the rest of the catalog arrives after they draw)', () => {
		const keys = new Set(Object.keys(en));
		const outside: string[] = [];
		for (const file of modules) {
			const source = readFileSync(join(ROOT, file), 'utf8');
			// Every string that is a message key, wherever it is written (a table of keys, a t() call).
			for (const [, s] of source.matchAll(/['"`]([a-zA-Z]+(?:\.[\w-]+)+)['"`]/g))
				if (keys.has(s!) && !isFirstScreenKey(s!)) outside.push(`${file}: ${s}`);
			// Keys built at run time: their written start names the family.
			for (const [, prefix] of source.matchAll(/\bt\(\s*`([a-zA-Z]+\.[\w.-]*)\$\{/g))
				if (!isFirstScreenKey(prefix!)) outside.push(`${file}: ${prefix}…`);
		}
		expect(outside).toEqual([]);
	});
});

// Sync's first round starts as soon as a screen has drawn, still inside the window its blocking
// time is counted in: with nothing queued and nothing pulled it needs no mutation's schema or
// plan, so they (and the validation library) load only when there is work to settle or replay.
describe("sync's round", () => {
	it('loads no validation library or mutation registry until it has work for them', () => {
		const { modules, packages } = walk(['src/lib/client/sync/flush.ts']);
		expect(heavyIn(packages)).toEqual([]);
		expect(
			modules.filter((m) => /domain\/sync\/(registry|plan)\b|sync\/outbox\.ts/.test(m))
		).toEqual([]);
	});
});
