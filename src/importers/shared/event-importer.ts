import type { EventRecord } from "../../model/events.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";

/** The contract narrowed to one `EventRecord` type, so an event parser and its tests see its own records. */
export type EventItem<R extends EventRecord = EventRecord> = RecordItem<R>;

export type EventImporter<R extends EventRecord = EventRecord> = Importer<EventItem<R>>;

/** `ImportContext` (with `fileTime` and `logFormat`), as the log and inventory parsers name it. */
export type EventImportContext = ImportContext;
