import { describe, expect, it } from "vitest";
import { loadTestTrust } from "../test-support/trust.ts";
import {
  checkSecurityTxtExpiry,
  expiredSecurityTxtNotice,
  securityTxt,
  securityTxtExpiresSoon,
} from "./security-txt.ts";

const { trust } = loadTestTrust();

describe("security.txt (RFC 9116)", () => {
  it("writes the fixture's fields, one per line, with Canonical under the trust center's URL", () => {
    expect(
      securityTxt(trust),
    ).toBe(`# Security contact of Example Payments <Ltd>; trust center: https://trust.example.com
Contact: mailto:security@example.com
Contact: https://example.com/security/report
Expires: 2027-01-31T00:00:00Z
Encryption: https://example.com/pgp-key.txt
Acknowledgments: https://example.com/security/hall-of-fame
Preferred-Languages: en, de
Canonical: https://trust.example.com/.well-known/security.txt
Policy: https://example.com/security/policy
`);
  });

  it("keeps every line a comment or a field the RFC defines, each single-valued field once", () => {
    const text = securityTxt({ ...trust, company: "Evil\nContact: mailto:attacker@evil.test" });
    const lines = text.trimEnd().split("\n");
    for (const line of lines)
      expect(line).toMatch(
        /^(#.*|(Contact|Expires|Encryption|Acknowledgments|Preferred-Languages|Canonical|Policy|Hiring): \S.*)$/,
      );
    expect(lines.filter((line) => line.startsWith("Contact:"))).toHaveLength(2);
    for (const once of ["Expires", "Preferred-Languages"])
      expect(lines.filter((line) => line.startsWith(`${once}:`))).toHaveLength(1);
  });

  it.each([
    ["a day before it expires", "2027-01-30T00:00:00Z", null],
    ["when it has expired", "2027-01-31T00:00:00Z", "has passed"],
    ["366 days before it expires", "2026-01-30T00:00:00Z", "more than a year ahead"],
    ["364 days before it expires", "2026-02-01T00:00:00Z", null],
  ])("checks Expires at build time: %s", (_case, now, refusal) => {
    const check = () => checkSecurityTxtExpiry(trust, Date.parse(now));
    if (refusal === null) expect(check).not.toThrow();
    else expect(check).toThrow(refusal);
  });

  // Expires is 2027-01-31T00:00:00Z: 30 days before is 2027-01-01T00:00:00Z.
  it.each([
    ["31 days before", "2026-12-31T00:00:00Z", null],
    ["exactly 30 days before", "2027-01-01T00:00:00Z", 30],
    ["10.5 days before (whole days left)", "2027-01-20T12:00:00Z", 10],
    ["an hour before", "2027-01-30T23:00:00Z", 0],
    ["once expired (refused, not warned)", "2027-01-31T00:00:00Z", null],
  ])("warns within 30 days of Expires: %s", (_case, now, days) => {
    expect(securityTxtExpiresSoon(trust, Date.parse(now))).toBe(days);
  });

  it("explains an expired file in plain text, naming the date and the trust center", () => {
    expect(expiredSecurityTxtNotice(trust)).toBe(
      "The security.txt of Example Payments <Ltd> expired on 2027-01-31T00:00:00Z and is not served (RFC 9116 §2.5.5: an expired file should not be trusted).\nSee the trust center for how to reach the security team: https://trust.example.com\n",
    );
  });
});
