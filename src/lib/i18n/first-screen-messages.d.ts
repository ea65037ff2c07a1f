/** A language's first-screen catalog, made at build time (first-screen-plugin.ts). */
declare module 'virtual:first-screen-messages/*' {
	const messages: Partial<import('./messages/en').Messages>;
	export default messages;
}
