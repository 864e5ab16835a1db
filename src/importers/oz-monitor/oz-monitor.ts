import type { MonitorConfig } from "../../domains/web3/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { DirectoryFile, DirectorySource, ImportContext, RecordItem } from "../importer.ts";
import { readJsonText } from "../shared/json.ts";
import { directory } from "../shared/readers.ts";
import { folderSnapshotTime } from "../shared/snapshot-time.ts";
import {
  classifyMonitorFile,
  type FoundMonitor,
  type FoundNetwork,
  MonitorFileProblem,
  monitorOf,
  networkOf,
} from "./monitor-files.ts";

/**
 * OpenZeppelin Monitor's configuration folder (`config/monitors/*.json`
 * with `config/networks/*.json`, at any depth): what the team's monitors
 * watch. The whole folder is one snapshot; identity: the monitor's name.
 * Trigger files and filter scripts say how a match is notified, not what
 * is watched, and are not read.
 */
export const ozMonitor = defineImporter({
  id: "oz-monitor",
  title: "OpenZeppelin Monitor configuration folder (monitors/*.json with networks/*.json)",
  kinds: ["monitor_config"],
  // A folder says nothing of when it was read, as a deployments registry.
  identityOptions: ["scannedAt"],
  detect: (sample) => {
    const kinds = new Set((sample.files ?? []).map(classifyMonitorFile));
    return kinds.has("monitor") && kinds.has("network");
  },
  read: directory(readMonitors),
});

async function* readMonitors(
  folder: DirectorySource,
  ctx: ImportContext,
): AsyncIterable<RecordItem<MonitorConfig>> {
  const snapshotAt = folderSnapshotTime(folder, ctx);
  const classified = folder.files.map((file) => ({ file, kind: classifyMonitorFile(file.path) }));
  const networks = new Map<string, FoundNetwork>();
  const problems: { line: number; problem: string }[] = [];
  const leftOut: { line: number; leftOut: string }[] = [];
  // Networks first: a monitor names its networks by slug.
  for (const { file } of classified.filter(({ kind }) => kind === "network"))
    await attempt(folder, file, problems, ({ document }) => {
      const network = networkOf(document, file.path);
      const declared = networks.get(network.slug);
      if (declared)
        throw new MonitorFileProblem(
          1,
          `network ${network.slug} is also declared by ${declared.source_file}`,
        );
      networks.set(network.slug, network);
      if (network.chain_id === null)
        leftOut.push({
          line: 1,
          leftOut: `${file.path}: ${network.type} network ${network.slug} has no EVM chain id: its monitors' contracts are not in an EVM registry`,
        });
    });
  const monitors = new Map<string, FoundMonitor>();
  for (const { file } of classified.filter(({ kind }) => kind === "monitor"))
    await attempt(folder, file, problems, ({ document, text }) => {
      const monitor = monitorOf(document, text, file.path, networks);
      const named = monitors.get(monitor.name);
      if (named)
        throw new MonitorFileProblem(1, `monitor ${monitor.name} is also defined by ${named.source_file}`);
      monitors.set(monitor.name, monitor);
    });
  yield* leftOut;
  yield* problems;
  if (problems.length > 0) return;
  if (monitors.size === 0)
    throw new InvalidInputError(folder.name, [{ line: 1, reason: "no monitor in the folder" }]);
  for (const monitor of monitors.values())
    yield {
      line: 1,
      record: {
        kind: "monitor_config",
        feed: "oz-monitor",
        external_id: monitor.name,
        snapshot_at: snapshotAt,
        ...monitor,
      },
    };
}

/** Reads one file and runs `read` on it, turning what the importer cannot read as its layout into a problem naming the file and line. */
async function attempt(
  folder: DirectorySource,
  file: DirectoryFile,
  problems: { line: number; problem: string }[],
  read: (json: { document: unknown; text: string }) => void,
): Promise<void> {
  const json = await readJsonText(file.open(), `${folder.name}/${file.path}`);
  try {
    read(json);
  } catch (error) {
    if (!(error instanceof MonitorFileProblem)) throw error;
    problems.push({ line: error.line, problem: `${file.path} line ${error.line}: ${error.message}` });
  }
}
