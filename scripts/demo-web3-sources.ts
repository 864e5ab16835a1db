/**
 * The Solidity sources of Northwind Payments' contracts (demo-web3.ts), as
 * hardhat-deploy embeds them in each deployment file's `metadata` when the
 * project compiles with `useLiteralContent`: the importer parses them to
 * tell which state-changing functions emit an event. Written by hand to
 * match the hand-written ABIs. One slip on purpose: the vault's `deposit`
 * books the shares but emits no `Deposited`, though the vault declares it.
 * `Vault.json`, the proxy's merged file, has no metadata of its own: the
 * registry entry takes its proxy half's.
 */

import { keccakHex } from "../src/model/solidity-hashes.ts";

const TOKEN = `pragma solidity ^0.8.24;

contract NorthwindUSD {
    event Transfer(address indexed from, address indexed to, uint256 value);

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) internal allowed;
    address internal immutable minter = msg.sender;

    modifier onlyMinter() {
        require(msg.sender == minter, "not the minter");
        _;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        allowed[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function mint(address to, uint256 value) external onlyMinter {
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function _move(address from, address to, uint256 value) internal {
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
`;

const VAULT = `pragma solidity ^0.8.24;

contract Vault {
    event Deposited(address indexed account, uint256 assets);
    event Withdrawn(address indexed account, uint256 assets);

    mapping(address => uint256) internal shares;
    uint256 public totalAssets;

    function deposit(uint256 assets) external returns (uint256) {
        shares[msg.sender] += assets;
        totalAssets += assets;
        return assets;
    }

    function withdraw(uint256 amount) external returns (uint256) {
        shares[msg.sender] -= amount;
        totalAssets -= amount;
        emit Withdrawn(msg.sender, amount);
        return amount;
    }
}
`;

const PROXY = `pragma solidity ^0.8.24;

contract VaultProxy {
    event Upgraded(address indexed implementation);

    bytes32 internal constant IMPLEMENTATION_SLOT =
        0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    address internal immutable admin = msg.sender;

    constructor(address implementation) {
        _setImplementation(implementation);
    }

    function upgradeTo(address newImplementation) external {
        require(msg.sender == admin, "not the admin");
        _setImplementation(newImplementation);
    }

    function _setImplementation(address implementation) internal {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly {
            sstore(slot, implementation)
        }
        emit Upgraded(implementation);
    }

    fallback() external payable {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly {
            let implementation := sload(slot)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
`;

const SETTLEMENT = `pragma solidity ^0.8.24;

contract Settlement {
    event BatchSettled(bytes32 indexed batchId, address indexed merchant, uint256 amount);

    mapping(bytes32 => bool) public settled;

    function settle(bytes32 batchId, address merchant, uint256 amount) external {
        require(!settled[batchId], "settled already");
        settled[batchId] = true;
        emit BatchSettled(batchId, merchant, amount);
    }
}
`;

const TOKEN_INTERFACE = `pragma solidity ^0.8.24;

interface IERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}
`;

const ROUTER = `pragma solidity ^0.8.24;

import "./IERC20.sol";

contract PaymentRouter {
    event PaymentRouted(address indexed payer, address indexed merchant, uint256 amount, bytes32 paymentRef);

    IERC20 internal immutable token;

    constructor(IERC20 token_) {
        token = token_;
    }

    function pay(address merchant, uint256 amount, bytes32 paymentRef) external {
        require(token.transferFrom(msg.sender, merchant, amount), "transfer failed");
        emit PaymentRouted(msg.sender, merchant, amount, paymentRef);
    }
}
`;

const RECEIPT = `pragma solidity ^0.8.24;

contract MerchantReceipt {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    mapping(uint256 => address) public ownerOf;
    mapping(bytes32 => uint256) internal receiptOf;
    uint256 internal minted;

    function mintReceipt(address merchant, bytes32 payoutId) external returns (uint256) {
        require(receiptOf[payoutId] == 0, "receipt minted already");
        uint256 tokenId = ++minted;
        receiptOf[payoutId] = tokenId;
        _mint(merchant, tokenId);
        return tokenId;
    }

    function _mint(address to, uint256 tokenId) internal {
        ownerOf[tokenId] = to;
        emit Transfer(address(0), to, tokenId);
    }
}
`;

/** Each deployment file's compilation: the target contract and every source, by path. */
const COMPILATIONS: Record<string, { target: [string, string]; sources: Record<string, string> }> = {
  NorthwindUSD: {
    target: ["contracts/NorthwindUSD.sol", "NorthwindUSD"],
    sources: { "contracts/NorthwindUSD.sol": TOKEN },
  },
  Vault_Implementation: {
    target: ["contracts/Vault.sol", "Vault"],
    sources: { "contracts/Vault.sol": VAULT },
  },
  Vault_Proxy: {
    target: ["contracts/VaultProxy.sol", "VaultProxy"],
    sources: { "contracts/VaultProxy.sol": PROXY },
  },
  Settlement: {
    target: ["contracts/Settlement.sol", "Settlement"],
    sources: { "contracts/Settlement.sol": SETTLEMENT },
  },
  PaymentRouter: {
    target: ["contracts/PaymentRouter.sol", "PaymentRouter"],
    sources: { "contracts/IERC20.sol": TOKEN_INTERFACE, "contracts/PaymentRouter.sol": ROUTER },
  },
  MerchantReceipt: {
    target: ["contracts/MerchantReceipt.sol", "MerchantReceipt"],
    sources: { "contracts/MerchantReceipt.sol": RECEIPT },
  },
};

/** The Keccak-256 of a demo contract's source file, as its deployment's metadata records it. */
export function sourceHash(name: string): string {
  const compilation = COMPILATIONS[name];
  if (!compilation) throw new Error(`no compilation for ${name}`);
  return keccakHex(compilation.sources[compilation.target[0]] as string);
}

/** The `metadata` hardhat-deploy writes into `<name>.json` (JSON text), or none for a file without a compilation. */
export function deploymentMetadata(name: string): { metadata: string } | Record<string, never> {
  const compilation = COMPILATIONS[name];
  if (!compilation) return {};
  const [path, contract] = compilation.target;
  const sources = Object.fromEntries(
    // solc records each source's Keccak-256 beside its text: what an audit's scope names it by.
    Object.entries(compilation.sources).map(([source, content]) => [
      source,
      { keccak256: keccakHex(content), content },
    ]),
  );
  return {
    metadata: JSON.stringify({
      compiler: { version: "0.8.24+commit.e11b9ed9" },
      language: "Solidity",
      settings: { compilationTarget: { [path]: contract }, metadata: { useLiteralContent: true } },
      sources,
      version: 1,
    }),
  };
}
