import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../model/errors.ts";
import { findTrust, parseTrust } from "./trust-load.ts";

const MINIMAL = `company: Example
url: https://trust.example.com
contact:
  email: security@example.com
security_txt:
  contact: [mailto:security@example.com]
  expires: 2027-01-31
`;
const anyMetric = () => true;

describe("the trust file", () => {
  it("reads a minimal file with the defaults", () => {
    const trust = parseTrust(MINIMAL, "trust.yaml");
    expect(trust).toMatchObject({ certifications: [], documents: [], metrics: [], nda: { link_days: 14 } });
    expect(trust.security_txt.expires).toBe(Date.parse("2027-01-31T00:00:00Z"));
  });

  it("names the file, the line and the reason of every problem at once", () => {
    const text = `${MINIMAL}documents:
  - id: Report One
    title: Report
    file: report.pdf
    visibility: secret
certifications:
  - framework: SOC 2
    status: attested
    report: missing-doc
metrics:
  - id: no_such_metric
    wording: Something
`;
    let error: unknown;
    try {
      parseTrust(text, "trust.yaml", (id) => id !== "no_such_metric");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const message = (error as Error).message;
    expect(message).toContain("trust.yaml:9: documents.0.id: use lowercase letters, digits and dashes");
    expect(message).toContain("trust.yaml:12: documents.0.visibility:");
    expect(message).toContain(
      "trust.yaml:14: certifications.0: an attested certification needs valid_from and valid_until",
    );
  });

  it("checks the published metric ids against the catalog once the file is otherwise valid", () => {
    const text = `${MINIMAL}metrics:\n  - id: no_such_metric\n    wording: Something\n`;
    expect(() => parseTrust(text, "trust.yaml", (id) => id !== "no_such_metric")).toThrow(
      'trust.yaml:9: metrics.0.id: no metric "no_such_metric"',
    );
  });

  it("refuses a YAML syntax error at its line", () => {
    expect(() => parseTrust(`${MINIMAL}faqs: [\n`, "trust.yaml")).toThrow(/^trust\.yaml:9: /);
  });

  it("is found beside the config, is optional there, and required when named", () => {
    const dir = mkdtempSync(join(tmpdir(), "secmetrics-trust-"));
    expect(findTrust(undefined, join(dir, "secmetrics.yaml"), anyMetric)).toBeUndefined();
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "trust.yaml"), MINIMAL);
    expect(findTrust(undefined, join(dir, "secmetrics.yaml"), anyMetric)).toMatchObject({
      file: join(dir, "trust.yaml"),
      dir,
      trust: { company: "Example" },
    });
    expect(() => findTrust(join(dir, "other.yaml"), undefined, anyMetric)).toThrow("no such trust file");
  });
});
