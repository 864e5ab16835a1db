import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { Styled, terminalTable } from "./terminal-table.ts";

describe("terminalTable", () => {
  it("escapes every text cell and heading, and keeps only the styled cells' escape sequences", () => {
    const ours = pc.createColors(true).red("no owner");
    const table = terminalTable(["Title\x07"], [["\x1b]0;pwn\x07"], [new Styled(ours)], [42]]);
    expect(table).toContain("Title␇");
    expect(table).toContain("␛]0;pwn␇");
    expect(table).toContain("\x1b[31mno owner\x1b[39m");
    expect(table).toContain("42");
    expect(table.replaceAll(ours, "")).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });
});
