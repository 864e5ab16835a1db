import { describe, expect, it } from "vitest";
import type { RiskException } from "../domains/exceptions/records.ts";
import { buildException } from "../test-support/records.ts";
import { decideException, type ExceptionAction, nextExceptionId, samePerson } from "./exception-rules.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 2, 8);
const context = (actor: string) => ({ actor, now: NOW, feed: "dashboard", snapshotAt: NOW });
const entry = (fields: Partial<RiskException> & { external_id: string }) =>
  buildException({
    feed: "dashboard",
    snapshot_at: NOW - DAY,
    expires_at: null,
    requested_by: "alice",
    ...fields,
  });

const REQUEST: ExceptionAction = {
  action: "request",
  request: {
    type: "risk",
    title: "  Legacy TLS on the payroll host ",
    decision: "accept",
    scope: { controls: ["SC-8", " "], checks: [], assets: ["payroll-1", "payroll-1"], findings: [] },
    owner: "payroll team",
    compensating_controls: ["IP allow-list"],
    expires_at: NOW + 90 * DAY,
    ticket: "",
  },
};

describe("decideException", () => {
  it("files a request under the next id, by whoever asks, with its scope cleaned", () => {
    const register = [entry({ external_id: "DASH-0007", status: "rejected" })];
    const { before, after } = decideException(register, REQUEST, context("alice"));
    expect(before).toBeNull();
    expect(after).toMatchObject({
      external_id: "DASH-0008",
      status: "requested",
      title: "Legacy TLS on the payroll host",
      scope: { controls: ["SC-8"], checks: [], assets: ["payroll-1"], findings: [] },
      requested_by: "alice",
      approved_by: null,
      expires_at: NOW + 90 * DAY,
      ticket: null,
    });
  });

  it.each([
    ["no scope", { scope: { controls: [], checks: [], assets: [], findings: [] } }, /needs a scope/],
    ["an unknown type", { type: "whim" }, /type must be one of risk, compliance, policy/],
    ["a past expiry", { expires_at: NOW - DAY }, /expiry in the future/],
    ["an empty title", { title: " " }, /needs a title/],
  ])("refuses a request with %s", (_case, fields, message) => {
    const action = { action: "request", request: { ...(REQUEST as { request: object }).request, ...fields } };
    expect(() => decideException([], action as ExceptionAction, context("alice"))).toThrow(message);
  });

  it("approves a request of someone else, from the expiry asked for unless the approver sets one", () => {
    const register = [entry({ external_id: "DASH-0001", status: "requested", expires_at: NOW + 10 * DAY })];
    const asked = decideException(register, { action: "approve", id: "DASH-0001" }, context("bob"));
    expect(asked.after).toMatchObject({
      status: "approved",
      approved_by: "bob",
      approved_at: NOW,
      expires_at: NOW + 10 * DAY,
    });
    const set = decideException(
      register,
      { action: "approve", id: "DASH-0001", expires_at: NOW + 20 * DAY },
      context("bob"),
    );
    expect(set.after.expires_at).toBe(NOW + 20 * DAY);
    expect(set.before?.status).toBe("requested");
  });

  it("refuses one's own approval, under the dashboard or the CLI name alike", () => {
    const register = [entry({ external_id: "DASH-0001", status: "requested", expires_at: NOW + DAY })];
    for (const actor of ["alice", "cli:alice", "Alice"])
      expect(() => decideException(register, { action: "approve", id: "DASH-0001" }, context(actor))).toThrow(
        expect.objectContaining({
          code: "forbidden",
          message: expect.stringContaining("may not approve it"),
        }),
      );
  });

  it("refuses an approval with no expiry", () => {
    const register = [entry({ external_id: "DASH-0001", status: "requested", expires_at: null })];
    expect(() => decideException(register, { action: "approve", id: "DASH-0001" }, context("bob"))).toThrow(
      expect.objectContaining({
        code: "invalid_argument",
        message: expect.stringContaining("needs an expiry"),
      }),
    );
  });

  it("rejects a request (its requester may withdraw it) and revokes an approved one", () => {
    const register = [
      entry({ external_id: "DASH-0001", status: "requested" }),
      entry({ external_id: "DASH-0002", status: "approved", expires_at: NOW + DAY }),
    ];
    expect(
      decideException(register, { action: "reject", id: "DASH-0001" }, context("alice")).after.status,
    ).toBe("rejected");
    expect(
      decideException(register, { action: "revoke", id: "DASH-0002" }, context("bob")).after.status,
    ).toBe("revoked");
    expect(() => decideException(register, { action: "revoke", id: "DASH-0001" }, context("bob"))).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
  });

  it("renews an approved one, expired or not, to a later expiry, by someone other than its requester", () => {
    const expired = entry({
      external_id: "DASH-0002",
      status: "approved",
      expires_at: NOW - DAY,
      approved_by: "bob",
    });
    const renewed = decideException(
      [expired],
      { action: "renew", id: "DASH-0002", expires_at: NOW + 30 * DAY },
      context("carol"),
    );
    expect(renewed.after).toMatchObject({
      status: "approved",
      approved_by: "carol",
      approved_at: NOW,
      expires_at: NOW + 30 * DAY,
      attributes: { renewed_from: new Date(NOW - DAY).toISOString() },
    });
    expect(() =>
      decideException(
        [expired],
        { action: "renew", id: "DASH-0002", expires_at: NOW + DAY },
        context("alice"),
      ),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() =>
      decideException([expired], { action: "renew", id: "DASH-0002", expires_at: null }, context("carol")),
    ).toThrow(/needs an expiry/);
  });

  it("refuses to renew a revoked, rejected or requested one, or to an earlier expiry", () => {
    for (const status of ["revoked", "rejected", "requested"] as const) {
      const register = [entry({ external_id: "DASH-0003", status, expires_at: NOW + DAY })];
      expect(() =>
        decideException(
          register,
          { action: "renew", id: "DASH-0003", expires_at: NOW + 9 * DAY },
          context("bob"),
        ),
      ).toThrow(
        expect.objectContaining({ code: "conflict", message: expect.stringContaining(`is ${status}`) }),
      );
    }
    const approved = [entry({ external_id: "DASH-0004", status: "approved", expires_at: NOW + 9 * DAY })];
    expect(() =>
      decideException(
        approved,
        { action: "renew", id: "DASH-0004", expires_at: NOW + 2 * DAY },
        context("bob"),
      ),
    ).toThrow(/later than/);
  });

  it("names an unknown id", () => {
    expect(() => decideException([], { action: "revoke", id: "DASH-0404" }, context("bob"))).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });
});

describe("nextExceptionId and samePerson", () => {
  it("counts on from the highest id of the feed, ignoring other ids", () => {
    expect(nextExceptionId([], "dashboard")).toBe("DASH-0001");
    expect(
      nextExceptionId([entry({ external_id: "DASH-0009" }), entry({ external_id: "EX-99" })], "dashboard"),
    ).toBe("DASH-0010");
  });

  it("takes the CLI's cli:NAME for the person NAME, and no one for an unknown requester", () => {
    expect(samePerson("cli:bob", "bob")).toBe(true);
    expect(samePerson("bob", null)).toBe(false);
    expect(samePerson("token:ci#3", "bob")).toBe(false);
  });
});
