import { describe, expect, it } from "vitest";
import { type Gate, gate } from "../test-support/gate.ts";
import { ComputeSlots } from "./compute-slots.ts";
import { SharedComputations } from "./shared-computations.ts";

/** Lets every pending callback run, a computation's wait for the event loop's next turn included. */
async function settle() {
  for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Computations that each wait for their own gate, numbered as they begin. */
function heldComputations(slots = 4) {
  const shared = new SharedComputations<string>(new ComputeSlots(slots));
  const began: string[] = [];
  const gates: Gate[] = [];
  const ask = (key: string, asked = shared.ask()) =>
    shared.run(key, asked, async () => {
      const n = began.push(key);
      const g = gate();
      gates.push(g);
      await g.opened;
      if (key === "failing") throw new Error(`computation ${n} failed`);
      return `${key} #${n}`;
    });
  return { shared, began, gates, ask };
}

describe("SharedComputations", () => {
  it("gives callers that asked before a computation began that one computation", async () => {
    const { began, gates, ask, shared } = heldComputations();
    // Each asks, then reads what its key is made of (here: nothing) before it runs.
    const asked = [shared.ask(), shared.ask(), shared.ask()];
    const first = ask("2026-09", asked[0]);
    await settle();
    const late = [ask("2026-09", asked[1]), ask("2026-09", asked[2])];
    expect(began).toEqual(["2026-09"]);
    gates[0]?.open();
    expect(await Promise.all([first, ...late])).toEqual(["2026-09 #1", "2026-09 #1", "2026-09 #1"]);
  });

  it("gives a caller that asked after the computation began the next one, begun after it ends and shared", async () => {
    const { began, gates, ask } = heldComputations();
    const first = ask("2026-09");
    await settle();
    const second = [ask("2026-09"), ask("2026-09")];
    await settle();
    expect(began).toEqual(["2026-09"]);
    gates[0]?.open();
    expect(await first).toBe("2026-09 #1");
    await settle();
    expect(began).toEqual(["2026-09", "2026-09"]);
    gates[1]?.open();
    expect(await Promise.all(second)).toEqual(["2026-09 #2", "2026-09 #2"]);
  });

  it("begins a computation on the event loop's next turn, so a request already received joins it", async () => {
    const { began, gates, ask } = heldComputations();
    const first = ask("2026-09");
    // As the next request read from a socket: an I/O callback of this turn, before the computation's turn.
    const received = new Promise<string>((resolve) => setImmediate(() => resolve(ask("2026-09"))));
    await settle();
    expect(began).toEqual(["2026-09"]);
    gates[0]?.open();
    expect(await Promise.all([first, received])).toEqual(["2026-09 #1", "2026-09 #1"]);
  });

  it("keeps nothing once a computation ends: the next caller computes again", async () => {
    const { gates, ask } = heldComputations();
    const first = ask("2026-09");
    await settle();
    gates[0]?.open();
    expect(await first).toBe("2026-09 #1");
    const again = ask("2026-09");
    await settle();
    gates[1]?.open();
    expect(await again).toBe("2026-09 #2");
  });

  it("fails every caller of a failing computation, and the next caller computes again", async () => {
    const { began, gates, ask } = heldComputations();
    const failing = [ask("failing"), ask("failing"), ask("failing")];
    await settle();
    gates[0]?.open();
    const outcomes = await Promise.allSettled(failing);
    expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : o.value))).toEqual([
      "computation 1 failed",
      "computation 1 failed",
      "computation 1 failed",
    ]);
    const again = ask("failing");
    await settle();
    expect(began).toEqual(["failing", "failing"]);
    gates[1]?.open();
    await expect(again).rejects.toThrow("computation 2 failed");
  });

  it("runs distinct keys at most the slots' number at once, the others in the order asked", async () => {
    const { began, gates, ask } = heldComputations(2);
    const results = ["2026-05", "2026-06", "2026-07", "2026-08"].map((key) => ask(key));
    await settle();
    expect(began).toEqual(["2026-05", "2026-06"]);
    gates[1]?.open();
    await settle();
    expect(began).toEqual(["2026-05", "2026-06", "2026-07"]);
    gates[0]?.open();
    await settle();
    expect(began).toEqual(["2026-05", "2026-06", "2026-07", "2026-08"]);
    gates[2]?.open();
    gates[3]?.open();
    expect(await Promise.all(results)).toEqual(["2026-05 #1", "2026-06 #2", "2026-07 #3", "2026-08 #4"]);
  });
});
