import { InvalidInputError } from "../../model/errors.ts";
import type { DirectoryFile, DirectorySource } from "../importer.ts";
import { isObject, type Json } from "../shared/fields.ts";
import { readJsonDocument } from "../shared/json.ts";
import type { LocatedContract, SolidityProgram } from "./contract-model.ts";
import type { FoundContract } from "./deployment-files.ts";
import { functionEmissions } from "./event-emission.ts";
import { solcProgram } from "./solc-ast.ts";
import { metadataContract, SourceParseError } from "./solidity-source.ts";

// Matched below any folder, so that `out/` or `artifacts/` itself may be the folder read.
const FOUNDRY_ARTIFACT = /(?:^|\/)([^/]+\.sol)\/[^/]+(?<!\.dbg)\.json$/;
const BUILD_INFO = /(?:^|\/)build-info\/[^/]+\.json$/;

/**
 * The compiler ASTs of a folder: Foundry `out/<File>.sol/<Contract>.json`
 * with an `ast` (Foundry built with `--ast`, or before it left the AST out
 * by default) and Hardhat `artifacts/build-info/*.json` (every source's
 * `output.sources[*].ast` of one compilation). Files are read when a
 * contract is looked up, each once: a Foundry contract's own artifact and
 * those of the sources it imports, then the build-infos.
 */
export class ContractAsts {
  private readonly documents = new Map<string, Promise<unknown>>();
  private readonly foundryByFile = new Map<string, DirectoryFile[]>();
  private readonly buildInfos: DirectoryFile[] = [];
  private buildInfoPrograms: Promise<SolidityProgram[]> | null = null;

  constructor(private readonly folder: DirectorySource) {
    for (const file of folder.files) {
      const artifact = FOUNDRY_ARTIFACT.exec(file.path);
      if (artifact) {
        const source = artifact[1] as string;
        this.foundryByFile.set(source, [...(this.foundryByFile.get(source) ?? []), file]);
      } else if (BUILD_INFO.test(file.path)) this.buildInfos.push(file);
    }
  }

  isEmpty(): boolean {
    return this.foundryByFile.size === 0 && this.buildInfos.length === 0;
  }

  /**
   * Every contract that can be deployed (not an interface, a library or
   * abstract): those a Foundry artifact is named after, then those of each
   * build-info; each (file, name) once.
   */
  async deployable(): Promise<(LocatedContract & { name: string; file: string })[]> {
    const located: (LocatedContract & { name: string; file: string })[] = [];
    const seen = new Set<string>();
    const add = (program: SolidityProgram, names: ReadonlySet<string> | null) => {
      for (const contract of program.contracts.values()) {
        const key = `${contract.file}:${contract.name}`;
        if (contract.kind !== "contract" || contract.abstract || seen.has(key)) continue;
        if (names !== null && !names.has(contract.name)) continue;
        seen.add(key);
        located.push({ program, contract: contract.id, name: contract.name, file: contract.file });
      }
    };
    for (const files of this.foundryByFile.values())
      for (const file of files) {
        const name = (file.path.split("/").at(-1) as string).replace(/\.json$/, "");
        const program = await this.foundryProgram(file);
        if (program) add(program, new Set([name]));
      }
    for (const program of await this.hardhatPrograms()) add(program, null);
    return located;
  }

  /** The contract of that name (in that source file, when known), from the first compilation that has it. */
  async locate(name: string, file: string | null): Promise<LocatedContract | null> {
    const own = [...this.foundryByFile.values()].flat().find((f) => f.path.endsWith(`/${name}.json`));
    const candidates = [own ? await this.foundryProgram(own) : null, ...(await this.hardhatPrograms())];
    for (const program of candidates) {
      if (!program) continue;
      for (const contract of program.contracts.values())
        if (contract.name === name && (file === null || contract.file === file))
          return { program, contract: contract.id };
    }
    return null;
  }

  /** An artifact's source unit and every source it imports, transitively: one compilation. */
  private async foundryProgram(own: DirectoryFile): Promise<SolidityProgram | null> {
    const first = sourceUnitOf(await this.read(own));
    if (!first) return null;
    const units = new Map<string, Json>([[String(first.absolutePath), first]]);
    const pending = [...importsOf(first)];
    while (pending.length > 0) {
      const path = pending.pop() as string;
      if (units.has(path)) continue;
      const unit = await this.foundrySourceUnit(path);
      if (!unit) continue;
      units.set(path, unit);
      pending.push(...importsOf(unit));
    }
    return solcProgram([...units.values()]);
  }

  /** Any artifact of `out/<File>.sol/` holds the source unit of that file. */
  private async foundrySourceUnit(path: string): Promise<Json | null> {
    for (const file of this.foundryByFile.get(path.split("/").at(-1) ?? "") ?? []) {
      const unit = sourceUnitOf(await this.read(file));
      if (unit?.absolutePath === path) return unit;
    }
    return null;
  }

  private hardhatPrograms(): Promise<SolidityProgram[]> {
    this.buildInfoPrograms ??= Promise.all(
      this.buildInfos.map(async (file) => {
        const sources = (await this.read(file)) as Json;
        const output =
          isObject(sources.output) && isObject(sources.output.sources) ? sources.output.sources : {};
        return solcProgram(Object.values(output).map((source) => (isObject(source) ? source.ast : null)));
      }),
    );
    return this.buildInfoPrograms;
  }

  private read(file: DirectoryFile): Promise<unknown> {
    let document = this.documents.get(file.path);
    if (!document) {
      document = readJsonDocument(file.open(), `${this.folder.name}/${file.path}`);
      this.documents.set(file.path, document);
    }
    return document;
  }
}

function sourceUnitOf(artifact: unknown): Json | null {
  return isObject(artifact) && isObject(artifact.ast) && artifact.ast.nodeType === "SourceUnit"
    ? artifact.ast
    : null;
}

function importsOf(unit: Json): string[] {
  const nodes = Array.isArray(unit.nodes) ? unit.nodes.filter(isObject) : [];
  return nodes.flatMap((node) =>
    node.nodeType === "ImportDirective" && typeof node.absolutePath === "string" ? [node.absolutePath] : [],
  );
}

/**
 * Each named contract's state-changing functions and what they emit, from
 * the first compiler AST of the folder that declares it, else from the
 * sources its hardhat-deploy file's metadata embeds (`metadata`, by
 * deployment file). A contract with neither keeps `functions` and
 * `analysis` null. An embedded source the parser cannot read stops the
 * import, naming the deployment file, the source and the line.
 */
export async function addEmissions(
  found: FoundContract[],
  folder: DirectorySource,
  metadata: ReadonlyMap<string, unknown>,
): Promise<void> {
  const asts = new ContractAsts(folder);
  for (const contract of found) {
    if (contract.name === null) continue;
    const located = asts.isEmpty() ? null : await asts.locate(contract.name, contract.contract_file);
    if (located) {
      contract.functions = functionEmissions(located.program, located.contract);
      contract.analysis = "ast";
      continue;
    }
    const fromSource = sourceContract(
      metadata.get(contract.source_file),
      `${folder.name}/${contract.source_file}`,
    );
    if (!fromSource) continue;
    contract.functions = functionEmissions(fromSource.program, fromSource.contract);
    contract.analysis = "source";
  }
}

function sourceContract(metadata: unknown, file: string): LocatedContract | null {
  if (metadata === undefined) return null;
  try {
    return metadataContract(metadata);
  } catch (error) {
    if (!(error instanceof SourceParseError)) throw error;
    throw new InvalidInputError(file, [{ line: 1, reason: `metadata source ${error.message}` }]);
  }
}
