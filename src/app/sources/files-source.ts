import { fileSource } from "../../importers/file-source.ts";
import { globFiles, isGlob } from "../../importers/glob-files.ts";
import { configuredImport, importFile, inputsOf } from "../import-file.ts";
import { describeInputError } from "./input-error.ts";
import type { SourceReader, SourceReading } from "./source-reader.ts";

/**
 * Imports each file the source's path names, as `secmetrics import` does:
 * a file already imported with the same content is unchanged, so a run over
 * a folder that only grew imports only the new files. A file refused does not
 * stop the others.
 */
export const readFilesSource: SourceReader<"files"> = async (store, config, source, now) => {
  const configured = configuredImport(config);
  const reading: SourceReading = { imported: 0, unchanged: 0, records: 0, errors: [] };
  const inputs = isGlob(source.path)
    ? globFiles(source.path).map((file) => fileSource(file.path, file.name))
    : inputsOf(source.path, source.format);
  for (const input of inputs) {
    try {
      const outcome = await importFile(store, {
        source: input,
        format: source.format,
        options: configured.options,
        sla: configured.sla,
        now,
      });
      if (outcome.status === "unchanged") reading.unchanged++;
      else {
        reading.imported++;
        reading.records += outcome.import.records;
      }
    } catch (error) {
      reading.errors.push(describeInputError(input.name, error));
    }
  }
  return reading;
};
