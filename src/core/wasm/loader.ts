/**
 * Compiling the core's embedded WebAssembly modules, where the host allows it. Every kernel has
 * a JavaScript twin that produces the same bits, so a host without WebAssembly (or a webview
 * whose CSP lacks 'wasm-unsafe-eval') only runs slower.
 */

/** The part of the WebAssembly JS API the core uses (ES2022 typings do not declare it). */
export interface WasmModuleHandle {
  readonly __brand?: 'WebAssembly.Module';
}

export interface WasmInstanceHandle {
  readonly exports: Record<string, unknown>;
}

/** A linear memory created by the host (`WebAssembly.Memory`). */
export interface WasmMemoryHandle {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  readonly Memory: new (descriptor: { initial: number }) => WasmMemoryHandle;
  readonly Module: new (bytes: Uint8Array) => WasmModuleHandle;
  readonly Instance: new (module: WasmModuleHandle, imports: Record<string, Record<string, unknown>>) => WasmInstanceHandle;
}

const api: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Wasm memory is little-endian; the typed-array views over it use the platform's order. */
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

let enabled = true;

/**
 * Turns the WebAssembly fast paths on or off (they are on by default wherever WebAssembly
 * compiles). The results are the same either way; tests use this to compare both paths.
 */
export function setWebAssemblyEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the fast paths may be used now (enabled, and the host has WebAssembly). */
export function webAssemblyUsable(): boolean {
  return enabled && api !== undefined && littleEndian;
}

/** Decodes standard base64 (RFC 4648 §4, with padding) without atob or Buffer. */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? value[code] : -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * A lazily compiled module: `get()` compiles the bytes on first use and returns the module, or
 * undefined when WebAssembly is unavailable, disabled, or refused by the host (a CSP without
 * 'wasm-unsafe-eval' throws here); a refusal is remembered so it costs one attempt.
 */
export function lazyModule(base64: string): { get(): WasmModuleHandle | undefined } {
  let compiled: WasmModuleHandle | null | undefined;
  return {
    get(): WasmModuleHandle | undefined {
      if (!webAssemblyUsable() || api === undefined) return undefined;
      if (compiled === undefined) {
        try {
          compiled = new api.Module(decodeBase64(base64));
        } catch {
          compiled = null;
        }
      }
      return compiled ?? undefined;
    },
  };
}

/** Instantiates a compiled module; undefined if the host refuses. */
export function instantiate(module: WasmModuleHandle, imports: Record<string, Record<string, unknown>>): WasmInstanceHandle | undefined {
  if (api === undefined) return undefined;
  try {
    return new api.Instance(module, imports);
  } catch {
    return undefined;
  }
}

/**
 * A memory of `bytes` bytes (rounded up to 64 KiB pages), or undefined when the host cannot
 * give that much (wasm32 memories stop at 4 GiB; engines may cap lower).
 */
export function createMemory(bytes: number): WasmMemoryHandle | undefined {
  if (api === undefined) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) return undefined;
  try {
    return new api.Memory({ initial: pages });
  } catch {
    return undefined;
  }
}

/** The ArrayBuffer behind an instance's exported memory. */
export function memoryBuffer(instance: WasmInstanceHandle): ArrayBuffer {
  return (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
}
