import { describe, expect, it } from "vitest";
import { functionEmissions } from "./event-emission.ts";
import { solcProgram } from "./solc-ast.ts";

/*
 * Hand-made solc AST nodes for what the real fixtures (event-emission.test.ts) do not hold: an
 * assembly log, a low-level call with options, and parameter types the ABI spells otherwise
 * (struct, enum, user-defined value type, fixed array, contract). Only the fields the front end
 * reads are written.
 */
const typeDescriptions = (typeString: string) => ({ typeString });
const elementary = (name: string) => ({
  nodeType: "ElementaryTypeName",
  name,
  typeDescriptions: typeDescriptions(name),
});
const userDefined = (referencedDeclaration: number) => ({
  nodeType: "UserDefinedTypeName",
  referencedDeclaration,
});
const parameters = (...typeNames: unknown[]) => ({ parameters: typeNames.map((typeName) => ({ typeName })) });
const fn = (id: number, name: string, statements: unknown[], params = parameters()) => ({
  nodeType: "FunctionDefinition",
  id,
  name,
  kind: "function",
  visibility: "external",
  stateMutability: "nonpayable",
  parameters: params,
  modifiers: [],
  body: { nodeType: "Block", statements },
});

const unit = {
  nodeType: "SourceUnit",
  absolutePath: "src/Relay.sol",
  nodes: [
    {
      nodeType: "ContractDefinition",
      id: 1,
      name: "Relay",
      contractKind: "contract",
      abstract: false,
      linearizedBaseContracts: [1],
      nodes: [
        {
          nodeType: "StructDefinition",
          id: 2,
          members: [{ typeName: elementary("address") }, { typeName: elementary("uint") }],
        },
        { nodeType: "EnumDefinition", id: 3 },
        { nodeType: "UserDefinedValueTypeDefinition", id: 4, underlyingType: elementary("uint128") },
        fn(10, "raw", [
          {
            nodeType: "InlineAssembly",
            AST: {
              nodeType: "YulBlock",
              statements: [
                {
                  nodeType: "YulExpressionStatement",
                  expression: { nodeType: "YulFunctionCall", functionName: { name: "log1" } },
                },
              ],
            },
          },
        ]),
        fn(
          11,
          "forward",
          [
            {
              nodeType: "FunctionCall",
              expression: {
                nodeType: "FunctionCallOptions",
                expression: {
                  nodeType: "MemberAccess",
                  memberName: "call",
                  expression: { typeDescriptions: typeDescriptions("address payable") },
                },
              },
            },
          ],
          parameters(
            userDefined(2),
            userDefined(3),
            userDefined(4),
            {
              nodeType: "ArrayTypeName",
              baseType: elementary("bytes32"),
              typeDescriptions: typeDescriptions("bytes32[2]"),
            },
            userDefined(1),
            { ...elementary("address"), typeDescriptions: typeDescriptions("address payable") },
          ),
        ),
      ],
    },
  ],
};

describe("solc AST front end", () => {
  it("reads an assembly log, a low-level call with options, and spells parameter types as the ABI does", () => {
    // Relay: raw() writes log1 in assembly; forward(…) only calls an address with {value: …}.
    expect(
      functionEmissions(solcProgram([unit]), 1).map((f) => [f.signature, f.emission, f.assembly_log]),
    ).toEqual([
      ["forward((address,uint256),uint8,uint128,bytes32[2],address,address)", "external_only", false],
      ["raw()", "emits", true],
    ]);
  });
});
