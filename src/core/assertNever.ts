/**
 * The `default:` of a switch that lists every member of a union: `x` is `never` there, so a member
 * added to the union without its own case is a compile error at the call. At run time it is reached
 * only by a value outside the type (unchecked input), and throws.
 */
export function assertNever(x: never): never {
  let shown: string;
  try {
    shown = JSON.stringify(x) ?? String(x);
  } catch {
    shown = String(x);
  }
  throw new Error(`unexpected value ${shown}`);
}
