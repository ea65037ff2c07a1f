/** A `.wasm` import: wrangler (and Workers) hand it over as a compiled module. */
declare module '@phi-ag/argon2/argon2.wasm' {
	const module: WebAssembly.Module;
	export default module;
}
