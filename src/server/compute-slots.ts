/**
 * Runs at most `size` tasks at once; the others start in the order they were
 * given, each as a running one ends. Distinct KPI computations take turns
 * here: started all at once they would share the store's connections, hold
 * all their rows in memory together and all finish late together; taking
 * turns, each finishes in its own time and memory stays flat.
 */
export class ComputeSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`compute slots: ${size} is not a positive integer`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the first in line, so a later caller cannot take it first.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
