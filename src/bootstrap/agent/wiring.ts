import { type Container, ContainerModule, decorate, inject, injectable, type interfaces } from 'inversify';
import type { Token } from '../../application/shared/ports/token';

/** A constructor's parameter types as the tokens that provide them, in order. */
type Tokens<A extends readonly unknown[]> = { readonly [K in keyof A]: Token<A[K]> };

const wired = new WeakSet<object>();

/**
 * Lets inversify construct a class that carries no decorators (every class
 * of the core, which knows no DI container): its constructor's tokens are
 * declared here, once, and the compiler checks each against its parameter.
 */
function injected<A extends unknown[], T>(Class: new (...args: A) => T, tokens: Tokens<A>): new (...args: A) => T {
  if (!wired.has(Class)) {
    decorate(injectable(), Class);
    tokens.forEach((t, i) => decorate(inject(t), Class, i));
    wired.add(Class);
  }
  return Class;
}

/** Reads a bound port, typed by its token. */
export type Get = <T>(token: Token<T>) => T;

/** The typed face of a ContainerModule: every binding names its token, and its value must fit the token's type. */
export interface Binder {
  /** A value made outside the container (the configuration, an opened database). */
  constant<T>(token: Token<T>, value: T): void;
  /** One instance of a class, its constructor's ports injected by token. */
  singleton<T, A extends unknown[]>(token: Token<T>, Class: new (...args: A) => T, ...deps: Tokens<A>): void;
  /** One instance made by a function, for constructors that take options rather than ports. */
  factory<T>(token: Token<T>, make: (get: Get) => T): void;
  /** A fresh instance for every class that asks (something with state of its own per user, e.g. a timer). */
  perUser<T, A extends unknown[]>(token: Token<T>, Class: new (...args: A) => T, ...deps: Tokens<A>): void;
  perUserFactory<T>(token: Token<T>, make: (get: Get) => T): void;
}

export function containerModule(register: (bind: Binder) => void): ContainerModule {
  return new ContainerModule((bind: interfaces.Bind) => {
    register({
      constant: (token, value) => void bind(token).toConstantValue(value),
      singleton: (token, Class, ...deps) => void bind(token).to(injected(Class, deps)).inSingletonScope(),
      factory: (token, make) => void bind(token).toDynamicValue(({ container }) => make((t) => container.get(t))).inSingletonScope(),
      perUser: (token, Class, ...deps) => void bind(token).to(injected(Class, deps)).inTransientScope(),
      perUserFactory: (token, make) => void bind(token).toDynamicValue(({ container }) => make((t) => container.get(t))).inTransientScope(),
    });
  });
}

/** A typed read of the finished container, for the composition root's own use. */
export function resolve<T>(container: Container, token: Token<T>): T {
  return container.get(token);
}
