import type pg from "pg";
import { describe, expect, it } from "vitest";
import { SharedConnection } from "./held-connection.ts";

/** A client that answers each statement after a tick, in the order it received them, and logs them. */
function fakeClient() {
  const received: string[] = [];
  const client = {
    query: (text: string) => {
      received.push(text);
      return new Promise((resolve) => setImmediate(() => resolve({ rows: [] })));
    },
  } as unknown as pg.ClientBase;
  return { client, received };
}

describe("SharedConnection", () => {
  it("sends a statement straight to the client while no one has the connection to itself", () => {
    const { client, received } = fakeClient();
    void new SharedConnection(client).query("select 1", []);
    expect(received).toEqual(["select 1"]);
  });

  it("holds the statements sent during a turn until the turns asked for before them end, then sends them in the order they came", async () => {
    const { client, received } = fakeClient();
    const connection = new SharedConnection(client);
    const before = connection.query("before", []);
    const turn = connection.alone(async (alone) => {
      await alone.query("savepoint s");
      void connection.query("during 1", []);
      await alone.query("copy");
      void connection.query("during 2", []);
      await alone.query("release savepoint s");
    });
    const next = connection.alone(async (alone) => {
      await alone.query("next turn");
    });
    const after = connection.query("after", []);
    await Promise.all([before, turn, next, after]);
    expect(received).toEqual([
      "before",
      "savepoint s",
      "copy",
      "release savepoint s",
      "next turn",
      "after",
      "during 1",
      "during 2",
    ]);
  });

  it("ends a turn that fails: the statements held for it go on, and the failure is the turn's", async () => {
    const { client, received } = fakeClient();
    const connection = new SharedConnection(client);
    const turn = connection.alone(async (alone) => {
      await alone.query("copy");
      throw new Error("refused");
    });
    const after = connection.query("after", []);
    await expect(turn).rejects.toThrow("refused");
    await after;
    expect(received).toEqual(["copy", "after"]);
    void connection.query("later", []);
    expect(received).toEqual(["copy", "after", "later"]);
  });
});
