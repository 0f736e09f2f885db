// Exhaustiveness check for switches over string-literal unions.

export function assertNever(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
