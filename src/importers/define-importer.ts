import type { Readable } from "node:stream";
import type {
  AnyImporter,
  DirectoryImporter,
  DirectorySource,
  IdentityOption,
  ImportContext,
  Importer,
  InputSample,
  NearMatch,
  ParsedItem,
} from "./importer.ts";

type Detect = (sample: InputSample) => boolean;
type Near = (sample: InputSample) => NearMatch | undefined;

/** How an importer reads one file: built by a reader of `shared/readers.ts` (lines, JSON, CSV, ...). */
export interface FileReader<Item extends ParsedItem> {
  input: "file";
  /** Set by readers that can tell their own inputs apart (a table by its columns). */
  detect?: Detect;
  /** Set by readers that can say how near a sample comes (a table: its known and missing columns). */
  near?: Near;
  parse(input: Readable, ctx: ImportContext): AsyncIterable<Item>;
}

/** How an importer reads a whole directory as one import. */
export interface DirectoryReader<Item extends ParsedItem> {
  input: "directory";
  detect?: Detect;
  parse(input: DirectorySource, ctx: ImportContext): AsyncIterable<Item>;
}

interface Definition<Reader> {
  /** The `--format` name. */
  id: string;
  title: string;
  /** Identity namespace of the records; the id when not given. */
  feed?: string;
  /** Every kind of record (or "scan") the importer yields, and no other. */
  kinds: readonly string[];
  /** Options that supply what the input lacks, part of the import's identity (see `ImporterInfo`); none when not given. */
  identityOptions?: readonly IdentityOption[];
  /** True when the sample is unmistakably this format; optional when the reader detects. */
  detect?: Detect;
  /** How near an unclaimed sample comes; the reader's (a table's columns) when not given. */
  near?: Near;
  read: Reader;
}

/** The one way to define an importer: what it is, and a reader for the shape of its input. */
export function defineImporter<Item extends ParsedItem>(
  definition: Definition<FileReader<Item>>,
): Importer<Item>;
export function defineImporter<Item extends ParsedItem>(
  definition: Definition<DirectoryReader<Item>>,
): DirectoryImporter<Item>;
export function defineImporter(
  definition: Definition<FileReader<ParsedItem> | DirectoryReader<ParsedItem>>,
): AnyImporter {
  const { id, title, kinds, read } = definition;
  const detect = definition.detect ?? read.detect;
  if (!detect) throw new Error(`importer ${id}: give it a detect, its reader has none`);
  const near = definition.near ?? ("near" in read ? read.near : undefined);
  const info = {
    id,
    title,
    feed: definition.feed ?? id,
    kinds,
    identityOptions: definition.identityOptions ?? [],
    detect,
    ...(near ? { near } : {}),
  };
  return read.input === "file"
    ? { ...info, input: "file", parse: read.parse }
    : { ...info, input: "directory", parse: read.parse };
}
