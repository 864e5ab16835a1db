/** What a key is for: the roles a protocol's keys hold, as a key inventory and its policy name them. */
export const KEY_PURPOSES = [
  "treasury",
  "admin",
  "upgrade",
  "operator",
  "oracle",
  "deployer",
  "guardian",
  "other",
] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/**
 * How a key is held: a hardware wallet or HSM, a multisig (a Safe), an MPC
 * (threshold signature) wallet, or a hot key (software, on a server or laptop).
 */
export const KEY_CUSTODIES = ["hardware", "multisig", "mpc", "hot"] as const;
export type KeyCustody = (typeof KEY_CUSTODIES)[number];

/** M signatures of N signers: `3-of-5`. A single key is 1 of 1. */
export interface SigningThreshold {
  threshold: number;
  signers: number;
}

/**
 * `3-of-5`, `3 of 5` or `3/5` as a threshold; undefined for anything else,
 * a zero, or more signatures than signers.
 */
export function parseSigningThreshold(text: string): SigningThreshold | undefined {
  const match = /^(\d+)\s*(?:-\s*of\s*-|of|\/)\s*(\d+)$/i.exec(text.trim());
  if (!match) return undefined;
  const [threshold, signers] = [Number(match[1]), Number(match[2])];
  return threshold >= 1 && threshold <= signers ? { threshold, signers } : undefined;
}

export function formatSigningThreshold({ threshold, signers }: SigningThreshold): string {
  return `${threshold}-of-${signers}`;
}
