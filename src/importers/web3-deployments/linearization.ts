/**
 * A contract's C3 linearization as solc computes it: the contract, then its
 * bases most derived first. Solidity lists bases "most base-like" first
 * (`is A, B`: B is the more derived), so they merge in reverse order. A
 * hierarchy solc would reject (a cycle, no consistent order) keeps the bases
 * that could be ordered; the compiler would not have built it.
 */
export function c3Linearization(
  id: number,
  basesOf: (id: number) => readonly number[],
  memo = new Map<number, number[]>(),
  visiting = new Set<number>(),
): number[] {
  const known = memo.get(id);
  if (known) return known;
  if (visiting.has(id)) return [id];
  visiting.add(id);
  const bases = [...basesOf(id)].reverse();
  const sequences = [...bases.map((base) => [...c3Linearization(base, basesOf, memo, visiting)]), bases];
  const result = [id];
  for (;;) {
    const pending = sequences.filter((sequence) => sequence.length > 0);
    if (pending.length === 0) break;
    const head = pending
      .map((sequence) => sequence[0] as number)
      .find((candidate) => pending.every((sequence) => !sequence.slice(1).includes(candidate)));
    if (head === undefined) break;
    result.push(head);
    for (const sequence of pending) if (sequence[0] === head) sequence.shift();
  }
  visiting.delete(id);
  memo.set(id, result);
  return result;
}
