import type { Command } from "commander";
import { SecmetricsError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { type CliContext, cliContext, withStore } from "../context.ts";

/**
 * What a web3 command reads: the imported registry (`--registry`, through
 * the store) and the paths named, at the command's now; refused with
 * `nothing` when neither is given.
 */
export async function readRegistryOrPaths<T>(
  paths: string[],
  registry: boolean | undefined,
  command: Command,
  nothing: { message: string; hint: string },
  read: (request: { at: number; paths: string[]; store?: Store }, ctx: CliContext) => Promise<T>,
): Promise<T> {
  if (!registry && paths.length === 0)
    throw new SecmetricsError("invalid_argument", nothing.message, nothing.hint);
  const ctx = cliContext(command);
  const request = { at: ctx.now, paths };
  return registry ? withStore(ctx, (store) => read({ ...request, store }, ctx)) : read(request, ctx);
}
