import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";

/* What `secmetrics import` does with inputs it cannot read whole: exit 65 (invalid input) naming the line, nothing stored. */
describe("secmetrics import of unreadable input", () => {
  let dir: string;
  let db: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const ALERT = (id: string, extra = "") =>
    `{"id":"${id}","created_at":"2026-03-02T10:00:00Z","rule":"r"${extra}}`;
  const records = async () =>
    (JSON.parse((await runCli(db, "imports", "--format", "json")).stdout) as { records: number }[]).length;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-import-limits-"));
    db = join(dir, "store.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a record nested 100,000 levels deep in NDJSON and in an array (65), naming its line", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const ndjson = file("deep.ndjson", `${ALERT("A1")}\n${ALERT("A2", `,"x":${deep}`)}\n`);
    const result = await runCli(db, "import", "--no-progress", "--format", "alerts-json", ndjson);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("deep.ndjson:2: nested deeper than 256 levels of arrays and objects");
    const array = file("deep.json", `[\n${ALERT("A1")},\n${ALERT("A2", `,"x":${deep}`)}\n]\n`);
    const fromArray = await runCli(db, "import", "--no-progress", "--format", "alerts-json", array);
    expect(fromArray.code).toBe(65);
    expect(fromArray.stderr).toContain("deep.json:3: nested deeper than 256 levels of arrays and objects");
    expect(await records()).toBe(0);
  });

  it.each([
    ["LE with a byte-order mark", "le-bom.csv", "utf16le", true, "UTF-16"],
    ["BE with a byte-order mark", "be-bom.csv", "utf16be", true, "UTF-16"],
    ["LE without one", "le.csv", "utf16le", false, "UTF-16LE"],
    ["BE without one", "be.csv", "utf16be", false, "UTF-16BE"],
  ])("names UTF-16 %s, detected or not (65)", async (_name, name, order, bom, iconv) => {
    let bytes = Buffer.from(`id,created_at,rule\nA1,2026-03-02T10:00:00Z,r\n`, "utf16le");
    if (order === "utf16be") bytes = Buffer.from(bytes).swap16();
    if (bom) bytes = Buffer.concat([Buffer.from(order === "utf16le" ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]);
    const path = file(name, bytes);
    for (const format of [[], ["--format", "alerts-csv"]]) {
      const result = await runCli(db, "import", "--no-progress", ...format, path);
      expect(result.code).toBe(65);
      expect(result.stderr).toContain(
        `${name}: UTF-16 text; secmetrics reads UTF-8 (convert it with iconv -f ${iconv} -t UTF-8)`,
      );
    }
  });

  it("refuses a CSV with a byte that is not UTF-8 on line 3 (65), naming line 3", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("id,created_at,rule\nA1,2026-03-02T10:00:00Z,r\nA2,2026-03-02T11:00:00Z,caf"),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]);
    const result = await runCli(db, "import", "--no-progress", file("latin1.csv", latin1));
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("latin1.csv:3: not UTF-8 text (byte 0xE9)");
    expect(await records()).toBe(0);
  });

  it("imports a log around an over-long line and a line that is not UTF-8, and lists both with their lines", async () => {
    const denied =
      '203.0.113.10 - - [01/Mar/2026:10:00:00 +0000] "POST /login HTTP/1.1" 401 12 "-" "curl/8.5.0"';
    const log = Buffer.concat([
      Buffer.from(`${denied}\n${"x".repeat(2 * 1024 * 1024)}\n${denied.replace("10:00:00", "10:00:01")}\n`),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`${denied.replace("10:00:00", "10:00:02")}\n`),
    ]);
    const result = await runCli(db, "import", "--no-progress", "--format", "nginx", file("access.log", log));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/access\.log: imported 3 records as import #1 \(nginx, /);
    expect(result.stderr).toContain(
      "skipped 2 unreadable lines:\naccess.log:2: line is longer than 1 MiB (imports.max_line_bytes)\naccess.log:4: not UTF-8 text (byte 0xC3)",
    );
  });

  it("takes the cap from imports.max_line_bytes", async () => {
    const config = file("secmetrics.yaml", "imports:\n  max_line_bytes: 1024\n");
    const long = file("long.ndjson", `${ALERT("A9", `,"note":"${"n".repeat(1100)}"`)}\n`);
    const result = await runCli(db, "--config", config, "import", "--no-progress", long);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("long.ndjson:1: line is longer than 1 KiB (imports.max_line_bytes)");
  });
});
