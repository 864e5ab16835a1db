import type { SourceConfig, SourceKind } from "../../config/sources.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { createConnectorCursorStore } from "../../store/connector-cursor-store.ts";
import { apiRequest } from "../http/api-http.ts";
import { configuredImport, importFile } from "../import-file.ts";
import type { Connector, PulledDocument } from "./connector.ts";
import { describeInputError } from "./input-error.ts";
import type { SourceReader, SourceReading } from "./source-reader.ts";

/**
 * The reader of any connector's sources: imports each document the
 * connector pulls as a file of its format would be (atomic, and unchanged
 * when the same bytes come again), and stores a stream's cursor once its
 * documents are all imported. The first failure stops the pull: the
 * documents imported before it stay, the failed stream's cursor stays where
 * it was, and the error names the request, with every credential redacted.
 */
export function connectorReader<K extends SourceKind>(connector: Connector<K>): SourceReader<K> {
  return async (store, config, source, now, run) => {
    const reading: SourceReading = { imported: 0, unchanged: 0, records: 0, errors: [] };
    const env = run.env ?? {};
    const names = connector.credentials(source);
    const unset = names.filter((name) => !env[name]);
    if (unset.length > 0) {
      const list = unset.join(", ");
      reading.errors.push(
        `${list} ${unset.length === 1 ? "is" : "are"} not set: source ${source.name} reads its credentials from the environment only`,
      );
      return reading;
    }
    const optional = (connector.optionalCredentials?.(source) ?? []).filter((name) => env[name]);
    const credentials = Object.fromEntries(
      [...names, ...optional].map((name) => [name, env[name] as string]),
    );
    const secrets = Object.values(credentials);
    const redact = (text: string) =>
      secrets.reduce((out, secret) => out.replaceAll(secret, "[redacted]"), text);
    const cursors = createConnectorCursorStore(store);
    const stored = run.full ? new Map() : await cursors.read(source.name);
    const configured = configuredImport(config);
    /** The document being imported, to name it when the importer refuses it. */
    let importing: string | null = null;
    try {
      const pulled = connector.pull({
        source: source as Extract<SourceConfig, { kind: K }>,
        config,
        cursors: stored,
        credentials,
        env,
        http: (options) => apiRequest({ ...options, secrets, ...run.http }),
        now,
      });
      for await (const item of pulled) {
        if ("end" in item) {
          await cursors.save(source.name, item.end.stream, item.end.cursor, now);
          continue;
        }
        const { document } = item;
        importing = provenanceName(document);
        const outcome = await importFile(store, {
          source: bufferSource(importing, document.content),
          format: document.format,
          options: { ...configured.options, ...(document.target ? { target: document.target } : {}) },
          sla: configured.sla,
          // An API's empty answer is its truth: nothing to report.
          allowEmpty: true,
          now,
        });
        importing = null;
        if (outcome.status === "unchanged") reading.unchanged++;
        else {
          reading.imported++;
          reading.records += outcome.import.records;
        }
      }
    } catch (error) {
      const described =
        importing !== null
          ? describeInputError(importing, error)
          : error instanceof SecmetricsError && error.hint
            ? `${error.message} (${error.hint})`
            : (error as Error).message;
      reading.errors.push(
        redact(`${described}; the pull stopped there and resumes from the last stream it finished`),
      );
    }
    return reading;
  };
}

/**
 * What `secmetrics imports` shows as the document's file: the API URL and
 * the window of updates it holds.
 */
export function provenanceName(document: PulledDocument): string {
  const until = new Date(document.window.until).toISOString();
  return `${document.url} (updated after ${document.window.since ?? "the start"}, pulled ${until})`;
}
