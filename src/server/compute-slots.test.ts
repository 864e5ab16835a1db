import { describe, expect, it } from "vitest";
import { type Gate, gate } from "../test-support/gate.ts";
import { ComputeSlots } from "./compute-slots.ts";

/** Runs `count` held tasks through `slots`; says which began, in order, and opens each on demand. */
function heldTasks(slots: ComputeSlots, count: number) {
  const began: number[] = [];
  const gates: Gate[] = Array.from({ length: count }, () => gate());
  const results = gates.map((g, index) =>
    slots.run(async () => {
      began.push(index);
      await g.opened;
      if (index === 1) throw new Error("task 1 failed");
      return index;
    }),
  );
  return { began, gates, results: results.map((r) => r.catch((error: Error) => error.message)) };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ComputeSlots", () => {
  it("runs at most its size at once and starts the others in the order given, a failure freeing its slot", async () => {
    const slots = new ComputeSlots(2);
    const { began, gates, results } = heldTasks(slots, 5);
    await settle();
    expect(began).toEqual([0, 1]);
    gates[3]?.open();
    await settle();
    expect(began).toEqual([0, 1]);
    gates[1]?.open();
    await settle();
    expect(began).toEqual([0, 1, 2]);
    gates[0]?.open();
    await settle();
    // 3 was opened before it began: it ends at once, and 4 takes its slot.
    expect(began).toEqual([0, 1, 2, 3, 4]);
    gates[2]?.open();
    gates[4]?.open();
    expect(await Promise.all(results)).toEqual([0, "task 1 failed", 2, 3, 4]);
  });

  it("starts a task given after the others ended at once", async () => {
    const slots = new ComputeSlots(1);
    expect(await slots.run(async () => "first")).toBe("first");
    expect(await slots.run(async () => "second")).toBe("second");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a size of %s", (size) => {
    expect(() => new ComputeSlots(size)).toThrow(RangeError);
  });
});
