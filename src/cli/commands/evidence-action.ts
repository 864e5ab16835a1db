import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Command } from "commander";
import { SecmetricsError } from "../../model/errors.ts";
import { buildEvidencePack } from "../../report/evidence/build-evidence-pack.ts";
import { unzipFiles } from "../../report/evidence/deterministic-zip.ts";
import { evidencePackPath } from "../../report/evidence/read-evidence-pack.ts";
import { type PackDifference, verifyPack } from "../../report/evidence/verify-pack.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, withStore } from "../context.ts";
import { json } from "../output.ts";

export async function runEvidenceBuild(
  name: string,
  options: { out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const packFile = evidencePackPath(name);
  const pack = await withStore(ctx, (store) => buildEvidencePack(store, packFile, ctx.config));
  const out = options.out ?? `${basename(packFile).replace(/\.ya?ml$/, "")}.zip`;
  // Written whole to a temporary file then renamed: a failure never leaves a zip that looks complete.
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.partial`, pack.zip);
  renameSync(`${out}.partial`, out);
  process.stderr.write(
    `${terminalText(pack.name)} (${pack.periodId}): ${pack.files.length} files, ${pack.zip.length} bytes\nwrote ${out}\n`,
  );
}

export async function runEvidenceVerify(zip: string, options: { format: string }): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(zip);
  } catch {
    throw new SecmetricsError("not_found", `no evidence pack ${zip}`);
  }
  const result = verifyPack(unzipFiles(bytes, zip), zip);
  if (options.format === "json")
    process.stdout.write(json({ file: zip, checked: result.checked, differences: result.differences }));
  else {
    const lines = result.differences.map(differenceLine);
    process.stdout.write(
      `${terminalText(zip)}: ${result.checked} files in the manifest, ${result.differences.length} differences\n${lines.join("")}`,
    );
  }
  if (result.differences.length > 0)
    throw new SecmetricsError(
      "invalid_input",
      `${zip}: ${result.differences.length} file${result.differences.length === 1 ? "" : "s"} differ from the manifest`,
    );
}

function differenceLine(difference: PackDifference): string {
  const path = terminalText(difference.path);
  switch (difference.kind) {
    case "changed":
      return `changed  ${path}: sha256 ${difference.actual.sha256}, ${difference.actual.size} bytes (manifest: ${difference.expected.sha256}, ${difference.expected.size} bytes)\n`;
    case "missing":
      return `missing  ${path}: in the manifest, not in the zip\n`;
    case "added":
      return `added    ${path}: in the zip, not in the manifest (${difference.actual.size} bytes)\n`;
  }
}
