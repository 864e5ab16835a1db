import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const MAIN = join(process.cwd(), "src/cli/main.ts");

/**
 * The CLI from source in a process of its own, as `secmetrics --db DB ...args`:
 * for what only a separate process shows (a server on a real port, its
 * memory, a heap limit given with `nodeArgs`).
 */
export function spawnCli(db: string, args: readonly string[], nodeArgs: readonly string[] = []) {
  const argv = ["secmetrics", "--db", db, ...args];
  return spawn(
    process.execPath,
    [
      ...nodeArgs,
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `const { main } = await import(${JSON.stringify(MAIN)}); await main(process.argv.slice(0, 1).concat(${JSON.stringify(argv)}));`,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", SECMETRICS_DB: "" } },
  );
}

/** Runs the CLI in a process of its own to its end. */
export async function runCliProcess(db: string, args: readonly string[], nodeArgs: readonly string[] = []) {
  const child = spawnCli(db, args, nodeArgs);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stdout, stderr };
}

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`, a free port. */
  url: string;
  stderr: () => string;
  /** SIGTERM; the exit code. */
  stop: () => Promise<number | null>;
}

/** `secmetrics serve` on a free loopback port, once it listens. */
export async function startServeProcess(db: string, nodeArgs: readonly string[] = []): Promise<ServeProcess> {
  const child = spawnCli(db, ["serve", "--port", "0"], nodeArgs);
  let stderr = "";
  // "close" rather than "exit": by then all it wrote to stderr has arrived.
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
      const match = /dashboard on (http:\/\/[\d.:]+)\//.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
