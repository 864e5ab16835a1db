import type { RecordBounds, Store } from "./store.ts";

/**
 * `store`, with the bounds of some kinds read ahead by `recordBounds`: their
 * `earliestRecord` and `latestRecord` answer from `bounds` without a read,
 * and every other call goes to `store`. For one computation over data that
 * stays as it was read: the bounds are never refreshed.
 */
export function withKnownBounds(store: Store, bounds: ReadonlyMap<string, RecordBounds>): Store {
  const view: Store = Object.create(store);
  view.earliestRecord = (kind) => {
    const known = bounds.get(kind);
    return known ? Promise.resolve(known.earliest) : store.earliestRecord(kind);
  };
  view.latestRecord = (kind) => {
    const known = bounds.get(kind);
    return known ? Promise.resolve(known.latest) : store.latestRecord(kind);
  };
  return view;
}
