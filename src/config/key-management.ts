import { z } from "zod";
import { KEY_PURPOSES, parseSigningThreshold, type SigningThreshold } from "../model/key-custody.ts";
import { duration } from "./duration.ts";

const purpose = z.enum(KEY_PURPOSES);

const signingThreshold = z
  .string()
  .describe('The fewest signatures of the fewest signers: "3-of-5".')
  .transform((text, ctx): SigningThreshold => {
    const parsed = parseSigningThreshold(text);
    if (parsed === undefined) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a threshold (e.g. 3-of-5)` });
      return z.NEVER;
    }
    return parsed;
  });

const DAY = 86_400;

/**
 * A treasury spends only with three of five signers; an admin or upgrade
 * key is never hot (one leaked laptop would own the protocol); bots' keys
 * rotate every quarter; the signer sets of the keys that can move funds or
 * change code are reviewed in a ceremony every year.
 */
export const DEFAULT_KEY_POLICY = {
  min_threshold: { treasury: { threshold: 3, signers: 5 } },
  no_hot_keys: ["treasury", "admin", "upgrade"] as (typeof KEY_PURPOSES)[number][],
  rotation: { operator: 90 * DAY, oracle: 90 * DAY },
  ceremony: { treasury: 365 * DAY, admin: 365 * DAY, upgrade: 365 * DAY },
};

/** The key management policy key_management_compliance judges each key of the inventory against. */
export const keyManagementSchema = z
  .object({
    min_threshold: z
      .partialRecord(purpose, signingThreshold)
      .default(DEFAULT_KEY_POLICY.min_threshold)
      .describe(
        'Per purpose, the least M-of-N a key may have: at least M signatures and N signers (default treasury "3-of-5"); a single key is 1-of-1.',
      ),
    no_hot_keys: z
      .array(purpose)
      .default(DEFAULT_KEY_POLICY.no_hot_keys)
      .describe("Purposes whose keys may not be held hot (default treasury, admin, upgrade)."),
    rotation: z
      .partialRecord(purpose, duration)
      .default(DEFAULT_KEY_POLICY.rotation)
      .describe(
        "Per purpose, the longest since a key's last rotation (or its creation) (default operator and oracle 90d).",
      ),
    ceremony: z
      .partialRecord(purpose, duration)
      .default(DEFAULT_KEY_POLICY.ceremony)
      .describe(
        "Per purpose, the longest since a key's last ceremony: generation or signer-set review (default treasury, admin, upgrade 365d).",
      ),
  })
  .strict()
  .default(DEFAULT_KEY_POLICY)
  .describe("Web3 key management policy: thresholds, custody, rotation and ceremonies per key purpose.");

export type KeyPolicy = z.output<typeof keyManagementSchema>;
