import type { ComputeSlots } from "./compute-slots.ts";

interface Flight<T> {
  result: Promise<T>;
  /** The logical instant it began reading, once it has. */
  began?: number;
}

/** Per key: the computation reading now, and the one that will begin after it. */
interface Flights<T> {
  running?: Flight<T>;
  next?: Flight<T>;
}

const ignore = () => {};

/**
 * Resolves after the event loop has read the I/O waiting: the requests
 * already received then ask before a computation begins. On SQLite they
 * could not ask during one: its driver is synchronous, so a computation
 * holds the event loop from its first read to its last.
 */
const afterWaitingIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Computations shared by the callers that ask for the same key, the key
 * naming everything the result depends on. A caller joins a computation
 * that began after it asked, or the one not begun yet; otherwise it starts
 * the next one, which begins when the running one of its key ends (one at
 * a time per key: a second copy would only slow the first) and takes its
 * turn in `slots` with the other keys. Nothing is kept once a computation
 * ends: a cache, if any, is the caller's.
 *
 * Why a shared result is as fresh as the caller's own would be: a computation
 * it joins did all its reading (and, in `compute`, reads its clock) after the
 * caller asked, as the caller's own computation would have. A computation
 * that was already reading when the caller asked may have read state older
 * than the caller's, so the caller never joins it.
 */
export class SharedComputations<T> {
  private clock = 0;
  private readonly flights = new Map<string, Flights<T>>();

  constructor(private readonly slots: ComputeSlots) {}

  /** The logical instant a caller asks at: take it before reading what its key is made of. */
  ask(): number {
    return ++this.clock;
  }

  run(key: string, asked: number, compute: () => Promise<T>): Promise<T> {
    let flights = this.flights.get(key);
    if (!flights) {
      flights = {};
      this.flights.set(key, flights);
    }
    const { running } = flights;
    if (running?.began !== undefined && running.began > asked) return running.result;
    if (flights.next) return flights.next.result;
    const own = flights;
    const previous = running ? running.result.then(ignore, ignore) : Promise.resolve();
    const flight: Flight<T> = {
      result: previous
        .then(afterWaitingIo)
        .then(() =>
          this.slots.run(() => {
            flight.began = ++this.clock;
            own.next = undefined;
            own.running = flight;
            return compute();
          }),
        )
        .finally(() => {
          if (own.running === flight) own.running = undefined;
          if (!own.running && !own.next) this.flights.delete(key);
        }),
    };
    own.next = flight;
    return flight.result;
  }
}
