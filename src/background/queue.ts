/** The worker's one queue: every read-modify-write of storage runs here, one at a time, in order. */
import type { Serial } from './tabs';

export function createQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}
