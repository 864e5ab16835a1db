import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ExternalIncident } from "../../domains/external-incidents/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { defihacklabs, lossUsd } from "./defihacklabs.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<ExternalIncident>[] = [];
  for await (const item of defihacklabs.parse(input, { timezone: "UTC", file: "README.md" }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("DeFiHackLabs incident list", () => {
  it.each(["defihacklabs-2024.md", "defihacklabs-readme-2026-07-08.md"])("detects %s", (name) => {
    const head = readFileSync(fixture(name), "utf8").slice(0, 4096);
    expect(detectImporter({ name: "README.md", head }).id).toBe("defihacklabs");
  });

  it("reads the README's 26 incidents of July and August 2026, as its table of contents lists them", async () => {
    // `grep -cE '^\[20260[78]' defihacklabs-readme-2026-07-08.md` → 26, the entries' headings likewise.
    const { records, problems } = await parse(createReadStream(fixture("defihacklabs-readme-2026-07-08.md")));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(26);
    expect(records[0]).toMatchObject({
      external_id: "20260820-flashstakev2",
      date: Date.parse("2026-08-20T00:00:00Z"),
      project: "FlashstakeV2",
      attack_type: "Mispriced reward pool, instant upfront reward extraction",
      loss_usd: null, // ~0.5453 WETH: no dollar figure given
    });
    expect(records.find((r) => r.external_id === "20260815-foxlpbondspool")?.loss_usd).toBe(118_700);
    expect(records.find((r) => r.project === "LpdFi (LOOPSDAO)")?.external_id).toBe(
      "20260802-lpdfi-loopsdao",
    );
    expect(records.at(-1)?.external_id).toBe("20260701-edel-xstock");
    expect(records.at(-1)?.links).toEqual(["https://x.com/TenArmorAlert/status/2072130807356129726"]);
  });

  it("reads the 2024 list's 189 entries, the older wordings among them", async () => {
    // `grep -cE '^#{2,4} +[0-9]{8}' defihacklabs-2024.md` → 189 (its "180 incidents included" is behind).
    const { records, problems } = await parse(createReadStream(fixture("defihacklabs-2024.md")));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(189);
    expect(new Set(records.map((r) => r.external_id)).size).toBe(189);
    expect(records.find((r) => r.external_id === "20240924-mara")).toMatchObject({
      project: "MARA",
      attack_type: "price-manipulation",
      loss: "~8.8 WBNB (~5.3K USD)",
      loss_usd: 5_300,
      chain: "bsc", // its link is a bscscan.com transaction
    });
    expect(records.find((r) => r.external_id === "20241026-compoundfork")?.chain).toBe("base");
    expect(records.find((r) => r.external_id === "20241011-p719token")?.loss).toBe("547.18 BNB (~$312K USD)");
  });

  it.each([
    ["$7M", 7_000_000],
    ["$4.75 M", 4_750_000],
    ["~501K US$ (133.7 WETH)", 501_000],
    ["$14,773.35", 14_773.35],
    ["Multiple ERC-20 Tokens (~152M US$)", 152_000_000],
    ["$100 million", 100_000_000],
    ["318.9 k", null],
    ["~70.83 ETH", null],
  ])("reads the dollars of %s", (loss, usd) => {
    expect(lossUsd(loss)).toBe(usd);
  });

  it("names the line of a heading whose date is no day", async () => {
    const text = "# DeFi Hacks Reproduce - Foundry\n\n### 20241332 Nowhere - Logic Flaw\n### Lost: $1\n";
    expect((await parse(Readable.from([text]))).problems).toEqual([
      { line: 3, problem: "the heading's date is not a day (YYYYMMDD)" },
    ]);
  });
});
