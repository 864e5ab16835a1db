import { parseTrust } from "../../config/trust-load.ts";
import { canonicalUrl } from "../../config/trust-schema.ts";
import type { SecurityTxtSnapshot } from "../../domains/trust/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { readText } from "../shared/json.ts";
import { stream } from "../shared/readers.ts";

/**
 * secmetrics' trust file (`trust.yaml`): its security.txt, as a snapshot at
 * the time of the import (`--scanned-at`, else now). Identity: the trust
 * center's URL within the feed, so each site keeps its own history and an
 * unchanged file imports nothing new.
 */
export const trustYaml: Importer<RecordItem<SecurityTxtSnapshot>> = defineImporter({
  id: "trust-yaml",
  title: "Trust center file (trust.yaml with a security_txt section)",
  kinds: ["security_txt"],
  detect: (sample) => /\.ya?ml$/i.test(sample.name) && /^security_txt:\s*(#.*)?$/m.test(sample.head),
  read: stream(async function* (input, ctx) {
    const trust = parseTrust(await readText(input, ctx.file), ctx.file);
    const at = ctx.scannedAt ?? ctx.importedAt;
    if (at === undefined)
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: "no time to place the snapshot at" }],
        "pass --scanned-at",
      );
    yield {
      line: 1,
      record: {
        kind: "security_txt",
        feed: "trust",
        external_id: trust.url,
        snapshot_at: at,
        expires_at: trust.security_txt.expires,
        canonical: canonicalUrl(trust),
        contacts: trust.security_txt.contact,
      },
    };
  }),
});
