/** Ethereum's slot time since the Merge: the pace assumed when an export holds a single block. */
const DEFAULT_SECONDS_PER_BLOCK = 12;

/**
 * When a block was (or will be) made, from the blocks of an export whose
 * times are known: the nearest known block's time, moved by the export's
 * average block time. A Governor counts its votes in blocks, and a log
 * carries only its own block's time, so a vote's start and end are
 * estimates, exact when a log falls in that block.
 */
export class BlockClock {
  private readonly blocks: number[];
  private readonly times = new Map<number, number>();
  private readonly secondsPerBlock: number;

  /** `seen`: block number → its Unix time in seconds. */
  constructor(seen: ReadonlyMap<number, number>) {
    this.blocks = [...seen.keys()].sort((a, b) => a - b);
    for (const [block, time] of seen) this.times.set(block, time);
    const first = this.blocks[0];
    const last = this.blocks.at(-1);
    this.secondsPerBlock =
      first !== undefined && last !== undefined && last > first
        ? ((this.times.get(last) ?? 0) - (this.times.get(first) ?? 0)) / (last - first)
        : DEFAULT_SECONDS_PER_BLOCK;
  }

  /** The latest block the export saw; -1 when it holds none. */
  get latestBlock(): number {
    return this.blocks.at(-1) ?? -1;
  }

  /** The latest time the export saw (Unix seconds). */
  get latestTime(): number {
    return this.times.get(this.latestBlock) ?? 0;
  }

  /** The Unix time (seconds, rounded) of a block. */
  timeOf(block: number): number {
    const nearest = this.nearest(block);
    if (nearest === undefined) return 0;
    return Math.round((this.times.get(nearest) ?? 0) + (block - nearest) * this.secondsPerBlock);
  }

  private nearest(block: number): number | undefined {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.blocks[middle] ?? 0) < block) low = middle + 1;
      else high = middle;
    }
    const after = this.blocks[low];
    const before = this.blocks[low - 1];
    if (before === undefined) return after;
    if (after === undefined) return before;
    return block - before <= after - block ? before : after;
  }
}
