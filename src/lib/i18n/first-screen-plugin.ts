/**
 * Build step (vite.config.ts): `virtual:first-screen-messages/<locale>` is that language's
 * catalog cut to the first-screen keys (first-screen.ts). The catalogs stay as they are written
 * (one file per area, every key typed); the cut is made from them at build time, so no key is
 * written twice. Node only: it bundles the catalog with esbuild and evaluates it.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { LOCALES } from '../domain/locales';
import { isFirstScreenKey } from './first-screen';

const PREFIX = 'virtual:first-screen-messages/';

export function firstScreenMessages(): Plugin {
	let root = process.cwd();
	return {
		name: 'optio:first-screen-messages',
		configResolved(config) {
			root = config.root;
		},
		resolveId(id) {
			return id.startsWith(PREFIX) ? `\0${id}` : undefined;
		},
		async load(id) {
			if (!id.startsWith(`\0${PREFIX}`)) return;
			const locale = id.slice(PREFIX.length + 1);
			if (!(LOCALES as readonly string[]).includes(locale)) throw new Error(`no locale ${locale}`);
			const out = await build({
				entryPoints: [resolve(root, `src/lib/i18n/messages/${locale}.ts`)],
				absWorkingDir: root,
				bundle: true,
				write: false,
				format: 'esm',
				platform: 'neutral',
				metafile: true,
				logLevel: 'silent'
			});
			for (const input of Object.keys(out.metafile.inputs)) this.addWatchFile(resolve(root, input));
			const code = Buffer.from(out.outputFiles[0]!.text).toString('base64');
			const catalog = (await import(`data:text/javascript;base64,${code}`)) as Record<
				string,
				Record<string, string>
			>;
			const subset = Object.fromEntries(
				Object.entries(catalog[locale]!).filter(([key]) => isFirstScreenKey(key))
			);
			return `export default ${JSON.stringify(subset)};`;
		}
	};
}
