import type { Command } from "commander";
import { findPostmortem, publicPostmortem, type Removed } from "../../app/public-postmortem.ts";
import { directorySource, isDirectory } from "../../importers/file-source.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { cliContext } from "../context.ts";
import { emit } from "../output.ts";

export async function runPostmortemPublish(
  id: string,
  options: { from: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  if (!isDirectory(options.from))
    throw new SecmetricsError(
      "not_found",
      `${options.from} is not a folder`,
      "give the post-mortems folder with --from",
    );
  const { name, text } = await findPostmortem(directorySource(options.from), id);
  const { markdown, removed } = publicPostmortem(text, name, ctx.config.public_postmortems);
  emit(markdown, options.out);
  process.stderr.write(`${removedNote(id, removed)}\n`);
}

/** "INC-101: removed 2 front-matter fields (actions, authors), 1 internal section, …". */
function removedNote(id: string, removed: Removed): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const fields = removed.fields.length > 0 ? ` (${removed.fields.join(", ")})` : "";
  return `${id}: removed ${count(removed.fields.length, "front-matter field")}${fields}, ${count(removed.sections, "internal section")}, ${count(removed.blocks, "internal block")}, ${count(removed.comments, "comment")}; ${count(removed.redactions, "name")} redacted`;
}
