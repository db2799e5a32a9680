// The entry of dist/h5wasm.mjs: h5wasm's Node build as one ES module the CLI imports on demand.
export * from 'h5wasm/node';
export { default } from 'h5wasm/node';
