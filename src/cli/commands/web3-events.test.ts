import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

const FIXTURES = join(IMPORTER_FIXTURES, "web3-deployments", "fixtures");
const OUT = join(FIXTURES, "vebal", "out");
const ARTIFACTS = join(FIXTURES, "lock", "artifacts");
const INJECTOR = "0x5555555555555555555555555555555555555555";

interface Report {
  limits: string;
  contracts: {
    contract: string;
    chain_id: number | null;
    functions: { signature: string; emission: string }[];
  }[];
  unanalysed: string[];
}

/*
 * The real Foundry out/ of veBalFeeInjector and the real Hardhat build-info of Lock
 * (importers/web3-deployments/fixtures/SOURCES.md). Deployable contracts, by hand: in out/,
 * ConfirmedOwner, ConfirmedOwnerWithProposal and veBalFeeInjector (Pausable and Context are
 * abstract; IERC20, IERC20Permit, IFeeDistributor, OwnableInterface interfaces; Address and
 * SafeERC20 libraries); in the build-info, Lock → 4 contracts. Their state-changing functions:
 * 2 + 2 + 9 + 1 = 14, of which only veBalFeeInjector's withdraw(uint256,address) emits nothing.
 */
describe("secmetrics web3 events", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-web3-events-cli-"));
    db = join(dir, "store.db");
    const registry = join(dir, "registry");
    cpSync(join(FIXTURES, "vebal"), registry, { recursive: true });
    mkdirSync(join(registry, "broadcast/Deploy.s.sol/1"), { recursive: true });
    writeFileSync(
      join(registry, "broadcast/Deploy.s.sol/1/run-latest.json"),
      JSON.stringify({
        transactions: [
          { transactionType: "CREATE", contractName: "veBalFeeInjector", contractAddress: INJECTOR },
        ],
      }),
    );
    mkdirSync(join(registry, "deployments/mainnet"), { recursive: true });
    writeFileSync(join(registry, "deployments/mainnet/.chainId"), "1");
    cpSync(
      join(FIXTURES, "ens/deployments/mainnet/Root.json"),
      join(registry, "deployments/mainnet/Root.json"),
    );
    // A hardhat-deploy file whose metadata embeds its sources: analysed from source.
    cpSync(
      join(FIXTURES, "ens-sources/deployments/mainnet/SimplePublicSuffixList.json"),
      join(registry, "deployments/mainnet/SimplePublicSuffixList.json"),
    );
    expect((await runCli(db, "import", "--no-progress", registry)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("analyses every deployable contract compiled in the folders, and fails on a function that emits nothing", async () => {
    const run = await runCli(db, "web3", "events", "--format", "json", OUT, ARTIFACTS);
    expect(run.code).toBe(1);
    const report: Report = JSON.parse(run.stdout);
    expect(report.contracts.map((c) => [c.contract, c.functions.length])).toEqual([
      ["ConfirmedOwner", 2],
      ["ConfirmedOwnerWithProposal", 2],
      ["veBalFeeInjector", 9],
      ["Lock", 1],
    ]);
    const silent = report.contracts.flatMap((c) => c.functions.filter((f) => f.emission !== "emits"));
    expect(silent.map((f) => f.signature)).toEqual(["withdraw(uint256,address)"]);
    expect(report.limits).toContain("assembly log0–log4 counts as emitting");
    expect((await runCli(db, "web3", "events", "--fail-on", "never", OUT)).code).toBe(0);
  });

  it("prints the table with the method and its limits", async () => {
    const run = await runCli(db, "web3", "events", ARTIFACTS);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Withdrawal(uint256,uint256)");
    expect(run.stdout).toContain("1 contract, 1 state-changing function, 1 emit");
    expect(run.stdout).toContain("method: compiler AST; modifiers, internal and library calls");
  });

  it("reads the registry as analysed at import, naming the contract without sources", async () => {
    const run = await runCli(db, "web3", "events", "--registry", "--format", "json");
    const report: Report = JSON.parse(run.stdout);
    // By chain, then address (0x5555… before 0x5fe9…). SimplePublicSuffixList: addPublicSuffixes
    // and transferOwnership, both emit (by hand in importers/web3-deployments/web3-deployments.test.ts).
    expect(report.contracts.map((c) => [c.contract, c.chain_id, c.functions.length])).toEqual([
      ["veBalFeeInjector", 1, 9],
      ["SimplePublicSuffixList", 1, 2],
    ]);
    expect(report.limits).toContain("overloads are told apart by argument count");
    expect(report.unanalysed).toEqual(["Root (1:0xab528d626ec275e3fad363ff1393a41f581c5897)"]);
    expect(run.code).toBe(1);
  });

  it("refuses to analyse nothing, and a path that is not a folder", async () => {
    const nothing = await runCli(db, "web3", "events");
    expect(nothing.code).toBe(64);
    expect(nothing.stderr).toContain("nothing to analyse");
    const file = await runCli(db, "web3", "events", join(OUT, "Context.sol", "Context.json"));
    expect(file.code).toBe(66);
    expect(file.stderr).toContain("not a folder");
  });
});
