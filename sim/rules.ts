import type { NodeId } from './node.js';

/** Which messages a rule applies to. Every field given must match; an absent field matches all. */
export interface MessageMatch {
  readonly from?: NodeId | readonly NodeId[];
  readonly to?: NodeId | readonly NodeId[];
  readonly kind?: string | readonly string[];
  /** For programmatic use (tests): any further condition on the message body. */
  readonly where?: (msg: { readonly kind: string }) => boolean;
}

/**
 * What happens to a matching message.
 * - drop: it is lost.
 * - hold: it waits in the named bucket until released (in any order) or discarded.
 * - crash-sender / crash-receiver: it travels normally, and the sending (receiving) node crashes
 *   right after the step that sent (handled) it returns, losing its unsynced writes.
 */
export type RuleAction =
  | { readonly kind: 'drop' }
  | { readonly kind: 'hold'; readonly bucket: string }
  | { readonly kind: 'crash-sender' }
  | { readonly kind: 'crash-receiver' };

export interface MessageRule {
  readonly id: string;
  readonly match: MessageMatch;
  readonly action: RuleAction;
  /** How many messages it applies to before it removes itself; absent = until removed. */
  readonly count?: number;
}

function matchesOne(value: string, wanted: string | readonly string[] | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === 'string' ? wanted === value : wanted.includes(value);
}

export function matches(m: MessageMatch, from: NodeId, to: NodeId, msg: { readonly kind: string }): boolean {
  return (
    matchesOne(from, m.from) && matchesOne(to, m.to) && matchesOne(msg.kind, m.kind) && (m.where === undefined || m.where(msg))
  );
}

/** The active rules, in the order added; the first matching rule of a phase wins. */
export class RuleBook {
  private rules: { rule: MessageRule; left: number }[] = [];

  get size(): number {
    return this.rules.length;
  }

  add(rule: MessageRule): void {
    if (this.rules.some((r) => r.rule.id === rule.id)) throw new Error(`a message rule named '${rule.id}' is already active`);
    this.rules.push({ rule, left: rule.count ?? Infinity });
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length !== before;
  }

  /** The first rule of the given phase that matches, consuming one of its uses. */
  take(phase: 'send' | 'receive', from: NodeId, to: NodeId, msg: { readonly kind: string }): MessageRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const entry = this.rules[i]!;
      const isReceive = entry.rule.action.kind === 'crash-receiver';
      if (isReceive !== (phase === 'receive')) continue;
      if (!matches(entry.rule.match, from, to, msg)) continue;
      if (--entry.left <= 0) this.rules.splice(i, 1);
      return entry.rule;
    }
    return undefined;
  }
}
