/**
 * The part of h5wasm's API (`h5wasm/node`, ESM-only) the weights writer uses. The package's own
 * types sit behind `exports`, which this project's `moduleResolution: node` does not read.
 */
declare module 'h5wasm/node' {
  export type Status = number;
  export interface Attribute {
    readonly value: unknown;
  }
  export interface Dataset {
    readonly shape: number[] | null;
    readonly dtype: unknown;
    readonly metadata: { readonly type: number; readonly size: number; readonly signed?: boolean };
    readonly value: unknown;
    resize(newShape: number[]): number;
    write_slice(ranges: ([number, number] | [])[], data: ArrayLike<number> | ArrayLike<bigint>): void;
  }
  export interface Group {
    readonly attrs: Record<string, Attribute>;
    create_group(name: string): Group;
    create_attribute(name: string, data: string): void;
    create_dataset(args: {
      name: string;
      data: ArrayLike<number> | ArrayLike<bigint>;
      shape?: number[] | null;
      dtype?: string | null;
      maxshape?: (number | null)[] | null;
      chunks?: number[] | null;
    }): Dataset;
    get(path: string): Group | Dataset | null;
    paths(): string[];
  }
  export class File implements Group {
    constructor(filename: string, mode?: 'r' | 'a' | 'w' | 'x' | 'Sw' | 'Sr', options?: { libver?: string | [string, string] });
    readonly file_id: bigint;
    readonly attrs: Record<string, Attribute>;
    create_group(name: string): Group;
    create_attribute(name: string, data: string): void;
    create_dataset(args: Parameters<Group['create_dataset']>[0]): Dataset;
    get(path: string): Group | Dataset | null;
    paths(): string[];
    close(): Status;
  }
  export const ready: Promise<unknown>;
  const h5wasm: { readonly ready: Promise<unknown>; readonly File: typeof File };
  export default h5wasm;
}
