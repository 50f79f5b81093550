/** Test doubles shared by the worker's unit tests. */
import type { Area } from '../../src/background/tabs';

/** A storage area in memory, with the structured-clone semantics of the real one. */
export function fakeArea(): Area & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (k) => (k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (k) => void delete data[k],
  };
}
