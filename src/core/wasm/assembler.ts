/**
 * A small WebAssembly binary emitter: enough of the MVP instruction set, plus the 128-bit SIMD
 * loads, stores and f64x2 arithmetic, to write the core's kernels in TypeScript as folded
 * expressions (the shape of WAT's folded form) and encode them as a module
 * (WebAssembly Core Specification 2.0, chapter 5 "Binary Format").
 *
 * It only runs when the kernels are regenerated (scripts/build-wasm.ts) and in the test that
 * checks the committed bytes are current; the shipped code carries the bytes, not this emitter.
 */

/** Value types, by their binary encoding. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

/** A branch target; its depth is resolved against the enclosing blocks when emitted. */
export interface Label {
  readonly name: string;
}

/** Emission state: the bytes of the current function and the stack of open blocks. */
interface Sink {
  readonly bytes: number[];
  readonly labels: (Label | null)[];
}

/** An instruction sequence (an expression or a statement), emitted into a sink. */
export type Code = (sink: Sink) => void;

/** A local variable (parameters come first, as in the binary format). */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

// --- encodings (spec 5.2) ---

function unsignedLeb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function signedLeb(value: bigint, out: number[]): void {
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** A name (spec 5.2.4); the kernels use ASCII names only, whose UTF-8 bytes are their char codes. */
function asciiName(name: string, out: number[]): void {
  if (!/^[\x20-\x7e]*$/.test(name)) throw new Error(`name '${name}' is not printable ASCII`);
  unsignedLeb(name.length, out);
  for (let i = 0; i < name.length; i++) out.push(name.charCodeAt(i));
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  unsignedLeb(body.length, out);
  out.push(...body);
}

// --- instruction building blocks ---

/** Emits the operands in order, then the opcode bytes. */
function op(opcode: readonly number[], ...operands: Code[]): Code {
  return (sink) => {
    for (const o of operands) o(sink);
    sink.bytes.push(...opcode);
  };
}

/** A sequence of statements. */
export function seq(...codes: Code[]): Code {
  return (sink) => {
    for (const c of codes) c(sink);
  };
}

/** A 0xfd-prefixed SIMD opcode (its number is LEB-encoded). */
function simd(code: number): number[] {
  const out = [0xfd];
  unsignedLeb(code, out);
  return out;
}

/** A memory instruction: address operand(s), opcode, then memarg {align log2, offset}. */
function memory(opcode: readonly number[], alignLog2: number, operands: Code[], offset: number): Code {
  return (sink) => {
    for (const o of operands) o(sink);
    sink.bytes.push(...opcode);
    unsignedLeb(alignLog2, sink.bytes);
    unsignedLeb(offset, sink.bytes);
  };
}

const unary =
  (opcode: number | readonly number[]) =>
  (a: Code): Code =>
    op(typeof opcode === 'number' ? [opcode] : opcode, a);
const binary =
  (opcode: number | readonly number[]) =>
  (a: Code, b: Code): Code =>
    op(typeof opcode === 'number' ? [opcode] : opcode, a, b);

export function get(local: Local): Code {
  return (sink) => {
    sink.bytes.push(0x20);
    unsignedLeb(local.index, sink.bytes);
  };
}

export function set(local: Local, value: Code): Code {
  return (sink) => {
    value(sink);
    sink.bytes.push(0x21);
    unsignedLeb(local.index, sink.bytes);
  };
}

export function tee(local: Local, value: Code): Code {
  return (sink) => {
    value(sink);
    sink.bytes.push(0x22);
    unsignedLeb(local.index, sink.bytes);
  };
}

/** Calls function `index` (imports are numbered first) with the given arguments. */
export function call(index: number, ...args: Code[]): Code {
  return (sink) => {
    for (const a of args) a(sink);
    sink.bytes.push(0x10);
    unsignedLeb(index, sink.bytes);
  };
}

export function drop(value: Code): Code {
  return op([0x1a], value);
}

export function ret(value?: Code): Code {
  return value ? op([0x0f], value) : op([0x0f]);
}

/** `select`: a if cond is nonzero, else b (both evaluated). */
export function select(a: Code, b: Code, cond: Code): Code {
  return op([0x1b], a, b, cond);
}

export function label(name: string): Label {
  return { name };
}

function structured(opcode: number, target: Label | null, resultType: ValType | null, body: Code[]): Code {
  return (sink) => {
    sink.bytes.push(opcode, resultType ?? 0x40);
    sink.labels.push(target);
    for (const c of body) c(sink);
    sink.labels.pop();
    sink.bytes.push(0x0b);
  };
}

/** `block`: a `br` to its label jumps past its end. */
export function block(target: Label, ...body: Code[]): Code {
  return structured(0x02, target, null, body);
}

/** `loop`: a `br` to its label jumps back to its start. */
export function loop(target: Label, ...body: Code[]): Code {
  return structured(0x03, target, null, body);
}

/** `if cond then … [else …] end` without a result. */
export function ifThen(cond: Code, then: Code[], otherwise?: Code[]): Code {
  return (sink) => {
    cond(sink);
    sink.bytes.push(0x04, 0x40);
    sink.labels.push(null);
    for (const c of then) c(sink);
    if (otherwise) {
      sink.bytes.push(0x05);
      for (const c of otherwise) c(sink);
    }
    sink.labels.pop();
    sink.bytes.push(0x0b);
  };
}

/** `if` with a result of type `type`: `cond ? a : b`, only one side evaluated. */
export function ifElse(type: ValType, cond: Code, a: Code, b: Code): Code {
  return (sink) => {
    cond(sink);
    sink.bytes.push(0x04, type);
    sink.labels.push(null);
    a(sink);
    sink.bytes.push(0x05);
    b(sink);
    sink.labels.pop();
    sink.bytes.push(0x0b);
  };
}

function depthOf(sink: Sink, target: Label): number {
  const i = sink.labels.lastIndexOf(target);
  if (i < 0) throw new Error(`branch to '${target.name}' outside its block`);
  return sink.labels.length - 1 - i;
}

export function br(target: Label): Code {
  return (sink) => {
    sink.bytes.push(0x0c);
    unsignedLeb(depthOf(sink, target), sink.bytes);
  };
}

export function brIf(target: Label, cond: Code): Code {
  return (sink) => {
    cond(sink);
    sink.bytes.push(0x0d);
    unsignedLeb(depthOf(sink, target), sink.bytes);
  };
}

// --- numeric instructions (spec 5.4.7), named as in WAT ---

export const i32 = {
  const:
    (value: number): Code =>
    (sink) => {
      sink.bytes.push(0x41);
      signedLeb(BigInt(value | 0), sink.bytes);
    },
  load: (addr: Code, offset = 0): Code => memory([0x28], 2, [addr], offset),
  store: (addr: Code, value: Code, offset = 0): Code => memory([0x36], 2, [addr, value], offset),
  eqz: unary(0x45),
  eq: binary(0x46),
  ne: binary(0x47),
  ltS: binary(0x48),
  ltU: binary(0x49),
  gtS: binary(0x4a),
  gtU: binary(0x4b),
  leS: binary(0x4c),
  geS: binary(0x4e),
  geU: binary(0x4f),
  add: binary(0x6a),
  sub: binary(0x6b),
  mul: binary(0x6c),
  and: binary(0x71),
  or: binary(0x72),
  xor: binary(0x73),
  shl: binary(0x74),
  shrS: binary(0x75),
  shrU: binary(0x76),
  wrapI64: unary(0xa7),
};

export const i64 = {
  /** A 64-bit constant, given as a BigInt (its low 64 bits, signed or unsigned). */
  const:
    (value: bigint): Code =>
    (sink) => {
      sink.bytes.push(0x42);
      signedLeb(BigInt.asIntN(64, value), sink.bytes);
    },
  load: (addr: Code, offset = 0): Code => memory([0x29], 3, [addr], offset),
  store: (addr: Code, value: Code, offset = 0): Code => memory([0x37], 3, [addr, value], offset),
  eqz: unary(0x50),
  eq: binary(0x51),
  ne: binary(0x52),
  ltU: binary(0x54),
  add: binary(0x7c),
  sub: binary(0x7d),
  mul: binary(0x7e),
  and: binary(0x83),
  or: binary(0x84),
  xor: binary(0x85),
  shl: binary(0x86),
  shrU: binary(0x88),
  rotr: binary(0x8a),
  extendI32U: unary(0xad),
  reinterpretF64: unary(0xbd),
};

export const f32 = {
  load: (addr: Code, offset = 0): Code => memory([0x2a], 2, [addr], offset),
  store: (addr: Code, value: Code, offset = 0): Code => memory([0x38], 2, [addr, value], offset),
  demoteF64: unary(0xb6),
};

export const f64 = {
  const:
    (value: number): Code =>
    (sink) => {
      const bytes = new Uint8Array(new Float64Array([value]).buffer);
      // Float64Array uses the platform's byte order; the binary format is little-endian.
      const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
      sink.bytes.push(0x44, ...(little ? bytes : bytes.reverse()));
    },
  load: (addr: Code, offset = 0): Code => memory([0x2b], 3, [addr], offset),
  store: (addr: Code, value: Code, offset = 0): Code => memory([0x39], 3, [addr, value], offset),
  eq: binary(0x61),
  ne: binary(0x62),
  lt: binary(0x63),
  gt: binary(0x64),
  le: binary(0x65),
  ge: binary(0x66),
  neg: unary(0x9a),
  sqrt: unary(0x9f),
  add: binary(0xa0),
  sub: binary(0xa1),
  mul: binary(0xa2),
  div: binary(0xa3),
  convertI64S: unary(0xb9),
  convertI64U: unary(0xba),
  convertI32U: unary(0xb8),
  reinterpretI64: unary(0xbf),
};

/** 128-bit SIMD (spec 5.4.8): loads, stores and the f32x4 / f64x2 lane-wise arithmetic. */
export const v128 = {
  load: (addr: Code, offset = 0): Code => memory(simd(0x00), 4, [addr], offset),
  /** Loads one f32 (4 bytes) into all four lanes. */
  load32Splat: (addr: Code, offset = 0): Code => memory(simd(0x09), 2, [addr], offset),
  /** Loads one f64 (8 bytes) into both lanes. */
  load64Splat: (addr: Code, offset = 0): Code => memory(simd(0x0a), 3, [addr], offset),
  store: (addr: Code, value: Code, offset = 0): Code => memory(simd(0x0b), 4, [addr, value], offset),
};

export const f64x2 = {
  splat: unary(simd(0x14)),
  extractLane:
    (vector: Code, lane: 0 | 1): Code =>
    (sink) => {
      vector(sink);
      sink.bytes.push(...simd(0x21), lane);
    },
  add: binary(simd(0xf0)),
  sub: binary(simd(0xf1)),
  mul: binary(simd(0xf2)),
};

export const f32x4 = {
  splat: unary(simd(0x13)),
  add: binary(simd(0xe4)),
  mul: binary(simd(0xe6)),
};

/** `for (x = from; x < end; x += step) body`, unsigned i32 (byte addresses, counts). */
export function forRange(x: Local, from: Code, end: Local, step: Code, body: Code[]): Code[] {
  const exit = label('exit');
  const next = label('next');
  return [set(x, from), block(exit, loop(next, brIf(exit, i32.geU(get(x), get(end))), ...body, set(x, i32.add(get(x), step)), br(next)))];
}

// --- functions and modules ---

/** The body of one function: its parameters and locals, then its code. */
export class FunctionBuilder {
  private readonly params: ValType[];
  private readonly extra: ValType[] = [];

  constructor(
    params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {
    this.params = [...params];
  }

  /** The i-th parameter. */
  param(i: number): Local {
    if (i < 0 || i >= this.params.length) throw new Error(`no parameter ${i}`);
    return { index: i, type: this.params[i] };
  }

  /** A new local of type `type` (initialized to zero by the engine). */
  local(type: ValType): Local {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }

  get paramTypes(): readonly ValType[] {
    return this.params;
  }

  /** Function body bytes (spec 5.5.13): local declarations run-length encoded, then the code. */
  encodeBody(body: Code[]): number[] {
    const out: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.extra) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    unsignedLeb(runs.length, out);
    for (const [n, t] of runs) {
      unsignedLeb(n, out);
      out.push(t);
    }
    const sink: Sink = { bytes: out, labels: [] };
    for (const c of body) c(sink);
    out.push(0x0b);
    return out;
  }
}

interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

interface DefinedFunction {
  readonly type: number;
  readonly exportName: string | null;
  readonly body: number[];
}

/** A module: imported functions, one linear memory (defined and exported, or imported), defined functions. */
export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly imports: { module: string; name: string; type: number }[] = [];
  private readonly functions: DefinedFunction[] = [];
  private memoryPages = 0;
  private importedMemory: { module: string; name: string; pages: number } | null = null;

  private typeIndex(params: readonly ValType[], results: readonly ValType[]): number {
    const key = (t: FuncType): string => `${t.params.join(',')}:${t.results.join(',')}`;
    const wanted = key({ params, results });
    const found = this.types.findIndex((t) => key(t) === wanted);
    if (found >= 0) return found;
    this.types.push({ params: [...params], results: [...results] });
    return this.types.length - 1;
  }

  /** Imports a host function; returns its function index. Imports must precede definitions. */
  importFunction(module: string, name: string, params: readonly ValType[], results: readonly ValType[]): number {
    if (this.functions.length > 0) throw new Error('declare imports before functions');
    this.imports.push({ module, name, type: this.typeIndex(params, results) });
    return this.imports.length - 1;
  }

  /** Defines an exported linear memory named "memory" with `pages` initial 64 KiB pages. */
  memory(pages: number): void {
    this.memoryPages = pages;
  }

  /** Imports the linear memory instead (the host sizes it per use); `pages` is its minimum. */
  importMemory(module: string, name: string, pages: number): void {
    this.importedMemory = { module, name, pages };
  }

  /** The index the next defined function will get (for calls between functions). */
  get nextFunctionIndex(): number {
    return this.imports.length + this.functions.length;
  }

  /** Defines a function (exported under `exportName` unless null); returns its index. */
  func(exportName: string | null, params: readonly ValType[], results: readonly ValType[], build: (f: FunctionBuilder) => Code[]): number {
    const f = new FunctionBuilder(params, results);
    const body = f.encodeBody(build(f));
    this.functions.push({ type: this.typeIndex(params, results), exportName, body });
    return this.imports.length + this.functions.length - 1;
  }

  /** The module's bytes. */
  encode(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // 1: types
    const types: number[] = [];
    unsignedLeb(this.types.length, types);
    for (const t of this.types) {
      types.push(0x60);
      unsignedLeb(t.params.length, types);
      types.push(...t.params);
      unsignedLeb(t.results.length, types);
      types.push(...t.results);
    }
    section(1, types, out);
    // 2: imports (functions, then the memory if imported)
    const memoryImport = this.importedMemory;
    if (this.imports.length > 0 || memoryImport) {
      const body: number[] = [];
      unsignedLeb(this.imports.length + (memoryImport ? 1 : 0), body);
      for (const imp of this.imports) {
        asciiName(imp.module, body);
        asciiName(imp.name, body);
        body.push(0x00);
        unsignedLeb(imp.type, body);
      }
      if (memoryImport) {
        asciiName(memoryImport.module, body);
        asciiName(memoryImport.name, body);
        body.push(0x02, 0x00);
        unsignedLeb(memoryImport.pages, body);
      }
      section(2, body, out);
    }
    // 3: function declarations
    const decls: number[] = [];
    unsignedLeb(this.functions.length, decls);
    for (const f of this.functions) unsignedLeb(f.type, decls);
    section(3, decls, out);
    // 5: memory (min pages, no maximum), unless imported
    if (!memoryImport) {
      const mem: number[] = [1, 0x00];
      unsignedLeb(this.memoryPages, mem);
      section(5, mem, out);
    }
    // 7: exports (a defined memory is exported as "memory")
    const exported = this.functions.map((f, i) => ({ f, index: this.imports.length + i })).filter((e) => e.f.exportName !== null);
    const exps: number[] = [];
    unsignedLeb(exported.length + (memoryImport ? 0 : 1), exps);
    if (!memoryImport) {
      asciiName('memory', exps);
      exps.push(0x02, 0x00);
    }
    for (const e of exported) {
      asciiName(e.f.exportName as string, exps);
      exps.push(0x00);
      unsignedLeb(e.index, exps);
    }
    section(7, exps, out);
    // 10: code
    const code: number[] = [];
    unsignedLeb(this.functions.length, code);
    for (const f of this.functions) {
      unsignedLeb(f.body.length, code);
      code.push(...f.body);
    }
    section(10, code, out);
    return new Uint8Array(out);
  }
}
