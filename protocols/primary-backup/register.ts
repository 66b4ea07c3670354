/**
 * The example protocol's state machine: a map of registers with read, write and compare-and-set,
 * in the vocabulary of Jepsen's register tests (so the checker's cas-register model reads its
 * history per key).
 */
export type RegisterOp =
  | { readonly f: 'read'; readonly key: string }
  | { readonly f: 'write'; readonly key: string; readonly value: number }
  | { readonly f: 'cas'; readonly key: string; readonly value: readonly [number, number] };

export type RegisterResult = { readonly type: 'ok' | 'fail'; readonly value: unknown };

export class Registers {
  private readonly values = new Map<string, number>();

  apply(op: RegisterOp): RegisterResult {
    switch (op.f) {
      case 'read':
        return { type: 'ok', value: this.values.get(op.key) ?? null };
      case 'write':
        this.values.set(op.key, op.value);
        return { type: 'ok', value: op.value };
      case 'cas': {
        const [from, to] = op.value;
        if ((this.values.get(op.key) ?? null) !== from) return { type: 'fail', value: op.value };
        this.values.set(op.key, to);
        return { type: 'ok', value: op.value };
      }
    }
  }

  get size(): number {
    return this.values.size;
  }
}

export function isRegisterOp(op: unknown): op is RegisterOp {
  if (typeof op !== 'object' || op === null) return false;
  const o = op as { f?: unknown; key?: unknown; value?: unknown };
  if (typeof o.key !== 'string') return false;
  if (o.f === 'read') return true;
  if (o.f === 'write') return typeof o.value === 'number';
  if (o.f === 'cas') return Array.isArray(o.value) && o.value.length === 2 && o.value.every((v) => typeof v === 'number');
  return false;
}
