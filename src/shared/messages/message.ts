import type { MessageFormat } from './format.js';

/**
 * A text in several languages carried as a parameter (a product's names): the renderer picks the
 * reader's language, so the error can be thrown without knowing who will read it.
 */
export class Localized {
  constructor(
    readonly text: Partial<Record<string, string>>,
    readonly fallback = '',
  ) {}

  /** Stored (an idempotent refusal) as `{ $localized, fallback }`; see `reviveMessages`. */
  toJSON(): { $localized: Partial<Record<string, string>>; fallback: string } {
    return { $localized: this.text, fallback: this.fallback };
  }
}

/** A product's (or any catalog entry's) names as a message parameter. */
export function localized(text: Partial<Record<string, string>>, fallback = ''): Localized {
  return new Localized(text, fallback);
}

/** A template: named parameters in, one sentence out, in the language of its catalog. */
// `never` makes every template assignable here whatever its parameters are.
export type Template = (params: never, format: MessageFormat) => string;

/** A message still to be rendered: which sentence, and its parameters. */
export class Message<Id extends string = string> {
  constructor(
    readonly id: Id,
    readonly params: Readonly<Record<string, unknown>>,
  ) {}

  /** Stored as `{ $message, params }`, so a replayed refusal is still rendered for its reader. */
  toJSON(): { $message: string; params: Readonly<Record<string, unknown>> } {
    return { $message: this.id, params: this.params };
  }
}

/** What a caller may pass for a parameter the template reads as V. */
export type ParamInput<V> = V extends string
  ? V | Localized | Message
  : V extends readonly (infer E)[]
    ? readonly ParamInput<E>[]
    : V;

export type ParamsInput<P> = { [K in keyof P]: ParamInput<P[K]> };

/** The arguments of a message builder: none when the template takes no parameters. */
export type BuilderArgs<T> = T extends (params: infer P, ...rest: never[]) => string
  ? unknown extends P
    ? []
    : [params: ParamsInput<P>]
  : never;

/** Messages and localized texts back from their JSON form, anywhere in a stored value. */
export function reviveMessages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveMessages);
  if (value === null || typeof value !== 'object' || value instanceof Message || value instanceof Localized) {
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$message === 'string') {
    return new Message(record.$message, reviveMessages(record.params ?? {}) as Record<string, unknown>);
  }
  if (record.$localized && typeof record.$localized === 'object') {
    return new Localized(record.$localized as Record<string, string>, String(record.fallback ?? ''));
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reviveMessages(v)]));
}
