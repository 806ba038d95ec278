/**
 * `target` with some members replaced, as the same type. A Proxy rather than
 * a hand-written wrapper class, so that members the wrapped port or use case
 * grows later pass through untouched (bound to the target).
 */
export function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<string | symbol, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}
