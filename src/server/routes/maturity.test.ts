import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../app/import-file.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { ENGINES } from "../../test-support/engines.ts";
import {
  Browser,
  serverForSuite,
  TEST_NOW,
  TEST_PERIOD,
  type TestServer,
} from "../../test-support/server.ts";

/*
 * The payments team's April 2026 SAMM assessment of src/importers/samm/fixtures (its practice
 * scores worked out by hand in domains/maturity/pack.test.ts), read with the default targets
 * (Defined, 1.5, for every practice) and weights (1): 9 practices below 1.5, the roadmap by gap:
 * V-AA 0 → 1.5, D-TA .125 (1.375), G-EG .375 (1.125), V-RT .5 (1), O-OM .75, G-SM 1 (.5),
 * I-DM 1.125 (.375), O-IM 1.25 (.25), O-EM 1.375 (.125). I-SB 2.75 Optimizing is above it.
 * The scope name is hostile, as any imported text may be.
 */
const HOSTILE_SCOPE = "<script>alert(1)</script>";

for (const engine of ENGINES) {
  describe(`the maturity page on ${engine.name}`, () => {
    let server: TestServer;
    serverForSuite((built) => {
      server = built;
    }, engine);

    beforeAll(async () => {
      const name = "payments-2026-04.yaml";
      const yaml = await readFile(new URL(`../../importers/samm/fixtures/${name}`, import.meta.url), "utf8");
      const hostile = yaml.replace(/^scope: .*$/m, `scope: "${HOSTILE_SCOPE}"`);
      expect(hostile).not.toBe(yaml);
      const outcome = await importFile(server.store, {
        source: bufferSource(name, hostile),
        options: { timezone: "UTC" },
        now: TEST_NOW,
      });
      expect(outcome.status).toBe("imported");
    });

    it("shows each practice against its target and the roadmap, largest gap first, every name escaped", async () => {
      const viewer = new Browser(server.app);
      await viewer.login("viewer");
      const page = await viewer.page("/maturity");
      expect(page.status).toBe(200);
      expect(page.html).toContain(`<h1>Maturity — ${TEST_PERIOD}</h1>`);
      expect(page.html).toContain('<a href="/maturity?period=2026-09" aria-current="page">Maturity</a>');
      expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;: assessed 2026-04-15");
      expect(page.html).not.toContain(HOSTILE_SCOPE);
      expect(page.html).toContain(
        '<td class="num">2.75 <meter min="0" max="3" value="2.75" low="1.5" optimum="3" aria-hidden="true"></meter></td><td>Optimizing</td>',
      );
      const roadmap = page.html.slice(page.html.indexOf('<h2 id="roadmap">'));
      const practices = [...roadmap.matchAll(/<td>([A-Z]-[A-Z]{2}) /g)].map((match) => match[1]);
      expect(practices).toEqual(["V-AA", "D-TA", "G-EG", "V-RT", "O-OM", "G-SM", "I-DM", "O-IM", "O-EM"]);
      expect(roadmap).toContain(
        '<td class="num">1</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>V-AA',
      );
    });

    it("says when no assessment came before the period's end, and links the maturity metrics to it", async () => {
      const viewer = new Browser(server.app);
      await viewer.login("viewer");
      const march = await viewer.page("/maturity?period=2026-03");
      expect(march.html).toContain("No SAMM assessment before the end of 2026-03");
      const metric = await viewer.page(`/metrics/maturity_gaps?period=${TEST_PERIOD}`);
      expect(metric.html).toContain('<a href="/maturity?period=2026-09">Maturity roadmap</a>');
    });
  });
}
