import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SolidityProgram } from "./contract-model.ts";
import { functionEmissions } from "./event-emission.ts";
import { solcProgram } from "./solc-ast.ts";
import { metadataContract, SourceParseError, sourceProgram } from "./solidity-source.ts";

const fixture = (path: string) => fileURLToPath(new URL(`fixtures/${path}`, import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(fixture(path), "utf8"));

function contractId(program: SolidityProgram, name: string): number {
  const contract = [...program.contracts.values()].find((c) => c.name === name);
  if (!contract) throw new Error(`no ${name}`);
  return contract.id;
}

const names = (program: SolidityProgram, ids: readonly number[]) =>
  ids.map((id) => program.contracts.get(id)?.name);

describe("event emission from the sources a hardhat-deploy metadata embeds (ENS)", () => {
  it("analyses ReverseRegistrar through Ownable, Controllable and its modifiers", () => {
    const located = metadataContract(
      readJson("ens-sources/deployments/mainnet/ReverseRegistrar.json").metadata,
    );
    if (!located) throw new Error("no ReverseRegistrar");
    const { program, contract } = located;
    // `is Ownable, Controllable, IReverseRegistrar`, Controllable is Ownable, Ownable is Context:
    // C3 merges [IReverseRegistrar], [Controllable, Ownable, Context], [Ownable, Context].
    expect(names(program, program.contracts.get(contract)?.linearized ?? [])).toEqual([
      "ReverseRegistrar",
      "IReverseRegistrar",
      "Controllable",
      "Ownable",
      "Context",
    ]);
    /*
     * By hand, from the metadata's sources (contracts/reverseRegistrar/ReverseRegistrar.sol,
     * contracts/root/Controllable.sol, @openzeppelin/contracts/access/Ownable.sol): the non-view
     * public functions are claim, claimWithResolver, setName and setNameForAddr (all reach
     * claimForAddr, which emits ReverseClaimed), claimForAddr itself, setDefaultResolver (emits
     * DefaultResolverChanged, a contract-typed parameter spelled address), setController (emits
     * ControllerChanged), renounceOwnership and transferOwnership (→ _transferOwnership emits
     * OwnershipTransferred) → 9 functions, 9 emit. node is pure; owner, ens, defaultResolver and
     * controllers are view. setNameForAddr's NameResolver(resolver).setName is a call out, but
     * the function emits on its own.
     */
    expect(
      functionEmissions(program, contract).map((f) => [f.signature, f.emission, f.events.join(" ")]),
    ).toEqual([
      ["claim(address)", "emits", "ReverseClaimed(address,bytes32)"],
      ["claimForAddr(address,address,address)", "emits", "ReverseClaimed(address,bytes32)"],
      ["claimWithResolver(address,address)", "emits", "ReverseClaimed(address,bytes32)"],
      ["renounceOwnership()", "emits", "OwnershipTransferred(address,address)"],
      ["setController(address,bool)", "emits", "ControllerChanged(address,bool)"],
      ["setDefaultResolver(address)", "emits", "DefaultResolverChanged(address)"],
      ["setName(string)", "emits", "ReverseClaimed(address,bytes32)"],
      ["setNameForAddr(address,address,address,string)", "emits", "ReverseClaimed(address,bytes32)"],
      ["transferOwnership(address)", "emits", "OwnershipTransferred(address,address)"],
    ]);
  });

  it("leaves a metadata unanalysed unless every source keeps its content", () => {
    // The ens/ fixture's metadata was trimmed of each source's content (fixtures/SOURCES.md).
    expect(metadataContract(readJson("ens/deployments/mainnet/ReverseRegistrar.json").metadata)).toBeNull();
    const metadata = JSON.parse(readJson("ens-sources/deployments/mainnet/ReverseRegistrar.json").metadata);
    delete metadata.sources["contracts/root/Controllable.sol"].content;
    expect(metadataContract(JSON.stringify(metadata))).toBeNull();
  });
});

describe("the same contract from its AST and from its source", () => {
  it("agrees on Lock, whose Hardhat build-info holds both (input sources, output ASTs)", () => {
    const buildInfo = readJson("lock/artifacts/build-info/b135af88a9f8293c4e677827b77e7237.json");
    const fromAst = solcProgram(
      Object.values(buildInfo.output.sources).map((s) => (s as { ast: unknown }).ast),
    );
    const fromSource = sourceProgram(
      Object.entries(buildInfo.input.sources).map(([path, s]) => ({
        path,
        content: (s as { content: string }).content,
      })),
    );
    const analysed = (program: SolidityProgram) => functionEmissions(program, contractId(program, "Lock"));
    // withdraw() emits Withdrawal(uint256,uint256): the one state-changing function of Hardhat's sample.
    expect(analysed(fromSource)).toEqual(analysed(fromAst));
    expect(analysed(fromSource).map((f) => f.signature)).toEqual(["withdraw()"]);
  });
});

/*
 * Hand-made Solidity for what the real sources do not hold: a diamond of bases overriding a
 * modifier and an internal function, an overload told apart by argument count, qualified and
 * `super` calls, a `using for` library, a free function emitting a file-level event, calls on
 * contract-typed values and on an address, an assembly log, a function pointer.
 */
const DESK = `pragma solidity ^0.8.24;

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

event Recorded(uint256 amount);

struct Order {
    address owner;
    uint amount;
}

enum Side {
    Buy,
    Sell
}

function record(uint256 amount) {
    emit Recorded(amount);
}

library Ledger {
    event Booked(uint256 amount);

    function book(uint256 self) internal {
        emit Booked(self);
    }
}

library Raw {
    function post(address target, bytes memory data) internal {
        (bool ok, ) = target.call(data);
        require(ok);
    }
}

abstract contract Base {
    event Paused(address by);
    event Noted(uint256 a);

    modifier guarded() virtual {
        _;
    }

    function _note(uint256 a) internal virtual {
        emit Noted(a);
    }

    function _note(uint256 a, uint256 b) internal virtual {}

    function pause() public virtual {
        emit Paused(msg.sender);
    }
}

abstract contract Left is Base {
    function _note(uint256) internal virtual override {}
}

abstract contract Right is Base {
    modifier guarded() virtual override {
        emit Paused(msg.sender);
        _;
    }
}

interface IHalt {
    function halt() external;
}

abstract contract Halting {
    event Halted();

    function halt() public virtual {
        emit Halted();
    }
}

contract Desk is Left, Right, Halting, IHalt {
    using Ledger for uint256;

    IToken public token;
    mapping(address => IToken) public tokens;
    function(uint256) internal hook;

    function book(uint256 a) external {
        a.book();
    }

    function forward(address to, uint256 a) external {
        token.transfer(to, a);
    }

    function forwardFrom(address from, address to, uint256 a) external {
        tokens[from].transfer(to, a);
    }

    function post(address target) external {
        Raw.post(target, "");
    }

    function relay(address target) external payable {
        (bool ok, ) = payable(target).call{value: msg.value}("");
        require(ok);
    }

    function raw() external {
        assembly {
            log1(0, 0, 0)
        }
    }

    function guard() external guarded {}

    function halt() public override(Halting, IHalt) {
        super.halt();
    }

    function note(uint256 a) external {
        _note(a);
    }

    function noteBoth(uint256 a, uint256 b) external {
        _note(a, b);
    }

    function noteBase(uint256 a) external {
        Base._note(a);
    }

    function noteSuper(uint256 a) external {
        super._note(a);
    }

    function hooked(uint256 a) external {
        hook(a);
    }

    function submit(Order calldata order, Side) external {
        record(order.amount);
    }

    function sweep() external {
        payable(msg.sender).transfer(address(this).balance);
    }

    function quote(uint256 a) external pure returns (uint256) {
        return a;
    }
}
`;

describe("resolution by name in parsed sources (hand-made)", () => {
  it("follows what the compiler would resolve, and states the rest as unseen", () => {
    const program = sourceProgram([{ path: "src/Desk.sol", content: DESK }]);
    const desk = contractId(program, "Desk");
    // `Desk is Left, Right, Halting, IHalt`, Left and Right both `is Base`: C3 puts later bases first.
    expect(names(program, program.contracts.get(desk)?.linearized ?? [])).toEqual([
      "Desk",
      "IHalt",
      "Halting",
      "Right",
      "Left",
      "Base",
    ]);
    /*
     * By hand, function by function (quote is pure, token and tokens are view):
     * book        a.book() through `using Ledger for uint256` → Ledger.book emits Booked
     * forward     token.transfer: token is declared IToken → a call out, no log → external_only
     * forwardFrom tokens[from].transfer: the mapping's value type is IToken → external_only
     * guard       modifier guarded: Right's override (first in C3) emits Paused
     * halt        super.halt(): IHalt, next in C3, only declares it; Halting's emits Halted
     * hooked      hook(a) calls through a function pointer: not seen → none
     * note        _note(a) runs Left's override (Right declares none), which is empty → none
     * noteBase    Base._note(a) names Base's, which emits Noted
     * noteBoth    _note(a, b): the two-argument overload, empty → none
     * noteSuper   super._note(a) from Desk is Left's, empty → none
     * pause       inherited from Base, emits Paused
     * post        Raw.post: a library's low-level call on an address → external_only
     * raw         an assembly log1 → emits, event unknown
     * relay       payable(target).call{value: …} → external_only
     * submit      the free function record emits the file-level Recorded; Order is the tuple
     *             (address,uint256) and Side an enum, uint8, in the signature
     * sweep       payable(msg.sender).transfer sends ether, no contract call → none
     */
    expect(
      functionEmissions(program, desk).map((f) => [
        f.signature,
        f.emission,
        f.events.join(" "),
        f.assembly_log,
      ]),
    ).toEqual([
      ["book(uint256)", "emits", "Booked(uint256)", false],
      ["forward(address,uint256)", "external_only", "", false],
      ["forwardFrom(address,address,uint256)", "external_only", "", false],
      ["guard()", "emits", "Paused(address)", false],
      ["halt()", "emits", "Halted()", false],
      ["hooked(uint256)", "none", "", false],
      ["note(uint256)", "none", "", false],
      ["noteBase(uint256)", "emits", "Noted(uint256)", false],
      ["noteBoth(uint256,uint256)", "none", "", false],
      ["noteSuper(uint256)", "none", "", false],
      ["pause()", "emits", "Paused(address)", false],
      ["post(address)", "external_only", "", false],
      ["raw()", "emits", "", true],
      ["relay(address)", "external_only", "", false],
      ["submit((address,uint256),uint8)", "emits", "Recorded(uint256)", false],
      ["sweep()", "none", "", false],
    ]);
  });

  it("names the source, line and reason of a source the parser cannot read", () => {
    const broken = "pragma solidity ^0.8.0;\n\ncontract Broken {\n  function f( external {}\n}\n";
    const error = (() => {
      try {
        sourceProgram([{ path: "src/Broken.sol", content: broken }]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SourceParseError);
    expect(error).toMatchObject({ path: "src/Broken.sol", line: 4 });
    // `reference` is a reserved word; used as a value, the parser fails on it without a line.
    const reserved = "contract Router {\n  function pay() external { route(reference); }\n}\n";
    expect(() => sourceProgram([{ path: "src/Router.sol", content: reserved }])).toThrow(
      /^src\/Router\.sol: /,
    );
  });
});
