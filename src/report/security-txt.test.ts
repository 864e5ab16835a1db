import { describe, expect, it } from "vitest";
import { loadTestTrust } from "../test-support/trust.ts";
import { checkSecurityTxtExpiry, securityTxt } from "./security-txt.ts";

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
});
