import type { Histogram } from 'prom-client';
import type { ChatStore } from '../storage/store.js';

/**
 * `store` with every method that returns a promise timed into `histogram` under its name. Only
 * used with metrics on: with them off the server holds the store itself, so no call pays for this.
 * Methods are called on the store itself (`this` is the real store), and wrapped once each.
 */
export function timedStore(store: ChatStore, histogram: Histogram<'method'>): ChatStore {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      let timed = wrapped.get(key);
      if (timed === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        timed = (...args: unknown[]) => {
          const start = performance.now();
          const result = method.apply(target, args);
          if (!(result instanceof Promise)) return result;
          const stop = () => histogram.observe({ method: key }, (performance.now() - start) / 1000);
          result.then(stop, stop);
          return result;
        };
        wrapped.set(key, timed);
      }
      return timed;
    },
  });
}
