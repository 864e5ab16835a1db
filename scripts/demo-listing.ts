/**
 * What `scripts/demo-data.ts <dir>` prints, so that a script can import the
 * demo without loading it: stdout lists the files one `secmetrics import`
 * takes, then the config; stderr names each folder or file that needs an
 * import of its own with `--scanned-at` (it says no time of its own).
 * scripts/output-snapshot.ts reads this of any checkout, so the lines keep
 * their shape.
 */
import { basename } from "node:path";

/** The config's file name: the one line of stdout that is not a data file. */
const CONFIG_NAME = "secmetrics.yaml";
const TIMED = /\(import with --scanned-at (\S+)\): (.+)$/;

/** A folder or file imported on its own, placed at the instant it was taken. */
export interface TimedImport {
  path: string;
  scannedAt: string;
}

export interface DemoListing {
  files: string[];
  config: string;
  timed: TimedImport[];
}

/** The printed lines: stdout's files and config, stderr's registry snapshots, then API pulls. */
export function formatDemoListing(listing: {
  files: readonly string[];
  config: string;
  registries: readonly { folder: string; scannedAt: string }[];
  pulls: readonly { file: string; scannedAt: string }[];
}): { stdout: string[]; stderr: string[] } {
  return {
    stdout: [...listing.files, listing.config],
    stderr: [
      ...listing.registries.map(
        ({ folder, scannedAt }) => `registry snapshot (import with --scanned-at ${scannedAt}): ${folder}`,
      ),
      ...listing.pulls.map(
        ({ file, scannedAt }) => `API pull (import with --scanned-at ${scannedAt}): ${file}`,
      ),
    ],
  };
}

/** Reads what `formatDemoListing` printed; throws when stdout names no config. */
export function parseDemoListing(stdout: string, stderr: string): DemoListing {
  const paths = lines(stdout);
  const config = paths.find((path) => basename(path) === CONFIG_NAME);
  if (!config) throw new Error(`scripts/demo-data.ts printed no ${CONFIG_NAME}:\n${stdout}`);
  const timed = lines(stderr).flatMap((line) => {
    const match = TIMED.exec(line);
    return match ? [{ scannedAt: match[1] as string, path: match[2] as string }] : [];
  });
  return { files: paths.filter((path) => path !== config), config, timed };
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}
