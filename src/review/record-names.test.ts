import { describe, expect, it } from "vitest";
import { buildDrillRow as row } from "../test-support/drill-rows.ts";
import { actionOn, recordRef } from "./record-names.ts";

const AT = Date.parse("2026-11-01T00:00:00Z");

describe("recordRef and actionOn", () => {
  it("names a drifted check by its rule and asset, not by its identity", () => {
    const drifted = row(
      "check_result",
      "web-2|xccdf_org.ssgproject.content_rule_sshd_set_idle_timeout|1791165609000",
      {
        at: "2026-10-05T03:00:09.000Z",
        asset: "web-2",
        check_id: "xccdf_org.ssgproject.content_rule_sshd_set_idle_timeout",
        result: "fail",
        severity: "medium",
        passed_at: "2026-09-05T03:00:09.000Z",
      },
    );
    const ref = recordRef(drifted, AT);
    expect(ref.label).toBe("sshd_set_idle_timeout on web-2");
    expect(ref.detail).toBe("fail, medium, passed 2026-09-05, checked 2026-10-05");
    expect(actionOn([ref])).toBe("Fix sshd_set_idle_timeout on web-2");
  });

  it("keeps a check id that is not an SCAP rule id as it is", () => {
    const check = row("check_result", "x", {
      at: "2026-10-05T00:00:00.000Z",
      asset: "node-1",
      check_id: "1.2.3",
    });
    expect(recordRef(check, AT).label).toBe("1.2.3 on node-1");
  });

  it("names an audit finding with its source, control and how far past due", () => {
    const finding = row("audit_finding", "AF-2026-05", {
      at: "2026-10-31T23:00:00.000Z",
      source: "regulator",
      control: "PCI DSS 10.5.1",
      severity: "high",
      due_at: "2026-10-08T00:00:00.000Z",
    });
    const ref = recordRef(finding, AT);
    // Oct 8 00:00 → Nov 1 00:00 = 24 days.
    expect(ref.detail).toBe("high, regulator audit, control PCI DSS 10.5.1, 24 days past its due date");
    expect(ref.days_overdue).toBe(24);
    expect(actionOn([ref])).toBe("Close audit finding AF-2026-05");
  });

  it("names an expired exception with its owner and expiry", () => {
    const expired = row("exception", "EXC-102", {
      at: "2026-10-01T00:00:00.000Z",
      title: "Legacy TLS on the payments gateway",
      owner: "payments",
      expires_at: "2026-09-30T00:00:00.000Z",
    });
    const ref = recordRef(expired, AT);
    expect(ref.detail).toBe("Legacy TLS on the payments gateway, owned by payments, expires 2026-09-30");
    expect(actionOn([ref])).toBe("Renew or close exception EXC-102");
  });

  it("names a SAMM answer below target by its scope and question, not by its identity", () => {
    const answer = row("maturity_answer", "payments|2026-10-14T00:00:00.000Z|D-TA-1-B", {
      at: "2026-10-14T00:00:00.000Z",
      scope: "payments",
      question: "D-TA-1-B",
      answer: 0.5,
    });
    const ref = recordRef(answer, AT);
    expect(ref.detail).toBe("answered 0.5, assessed 2026-10-14");
    expect(actionOn([ref])).toBe("Raise payments D-TA-1-B");
  });
});
