import { describe, expect, it } from "vitest";
import { SecmetricsError } from "../../model/errors.ts";
import { awsCredentialsFrom, sigV4Headers } from "./aws-sigv4.ts";

/**
 * AWS's Signature Version 4 test suite (AWS General Reference, "Signature
 * Version 4 test suite"): the example identity, region us-east-1, service
 * "service", signed at 2015-08-30T12:36:00Z; the expected signatures are the
 * suite's `get-vanilla.authz` and `post-vanilla.authz`.
 */
const SUITE = {
  region: "us-east-1",
  service: "service",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  at: Date.parse("2015-08-30T12:36:00Z"),
};
const SCOPE = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date";

describe("sigV4Headers", () => {
  it("reproduces the test suite's get-vanilla and post-vanilla signatures", async () => {
    const get = await sigV4Headers({ ...SUITE, method: "GET", url: "https://example.amazonaws.com/" });
    expect(get).toEqual({
      "x-amz-date": "20150830T123600Z",
      authorization: `AWS4-HMAC-SHA256 ${SCOPE}, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    });
    const post = await sigV4Headers({ ...SUITE, method: "POST", url: "https://example.amazonaws.com/" });
    expect(post.authorization).toBe(
      `AWS4-HMAC-SHA256 ${SCOPE}, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
    );
  });

  it("signs the session token of temporary credentials", async () => {
    const headers = await sigV4Headers({
      ...SUITE,
      credentials: { ...SUITE.credentials, sessionToken: "session-token" },
      method: "POST",
      url: "https://securityhub.us-east-1.amazonaws.com/findings",
      body: "{}",
    });
    expect(headers["x-amz-security-token"]).toBe("session-token");
    expect(headers.authorization).toContain("SignedHeaders=host;x-amz-date;x-amz-security-token,");
  });
});

describe("awsCredentialsFrom", () => {
  it("reads the standard variables and names the missing ones", () => {
    expect(awsCredentialsFrom({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" })).toEqual({
      accessKeyId: "AKID",
      secretAccessKey: "secret",
    });
    const error = (() => {
      try {
        return awsCredentialsFrom({ AWS_SECRET_ACCESS_KEY: "secret" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SecmetricsError);
    expect((error as Error).message).toBe("AWS credentials: AWS_ACCESS_KEY_ID not set");
  });
});
