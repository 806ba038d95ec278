/**
 * A port's injection token that carries the port's type, so a composition
 * root cannot hand a Clock where a Registry is asked for: the compiler
 * checks every binding and every constructor's list of tokens. It is still
 * a plain symbol at run time; the core knows no DI container.
 */
export type Token<T> = symbol & { readonly __port?: T };

export function token<T>(name: string): Token<T> {
  return Symbol.for(name) as Token<T>;
}
