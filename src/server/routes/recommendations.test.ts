import { describe, expect, it } from "vitest";
import { Browser, serverForSuite, TEST_PERIOD, type TestServer } from "../../test-support/server.ts";

describe("the recommendations page", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });
  const path = (id: string, action: string) =>
    `/recommendations/${encodeURIComponent(id)}/${action}?period=${TEST_PERIOD}`;

  /** The first recommendation the page lists, by its row id. */
  async function firstId(browser: Browser): Promise<string> {
    const { html } = await browser.page(`/recommendations?period=${TEST_PERIOD}`);
    const id = /<tr id="([^"]+)">/.exec(html)?.[1];
    if (!id) throw new Error("no recommendation listed");
    return id.replaceAll("&#39;", "'").replaceAll("&amp;", "&");
  }

  it("shows viewers each recommendation with its status, without forms, and refuses their posts", async () => {
    const viewer = new Browser(server.app);
    await viewer.login("viewer");
    const { status, html } = await viewer.page(`/recommendations?period=${TEST_PERIOD}`);
    expect(status).toBe(200);
    expect(html).toContain("<th>Status</th><th>Since the work</th>");
    expect(html).toContain('<span class="status status-no_target">new</span>');
    expect(html).not.toContain("Link issue");
    const id = await firstId(viewer);
    const refused = await viewer.form(path(id, "dismiss"), { _csrf: viewer.csrf, reason: "x" });
    expect(refused.status).toBe(403);
  });

  it("lets an editor dismiss with a reason and link an issue, each audited; refusals change nothing", async () => {
    const editor = new Browser(server.app);
    await editor.login("editor");
    const id = await firstId(editor);
    expect((await editor.form(path(id, "dismiss"), { reason: "seasonal" })).status).toBe(403);

    const noReason = await editor.form(path(id, "dismiss"), { _csrf: editor.csrf, reason: "  " });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Nothing was changed: a dismissal needs a reason.");
    const unknown = await editor.form(path("no_such:missed_target", "dismiss"), {
      _csrf: editor.csrf,
      reason: "x",
    });
    expect(unknown.status).toBe(404);
    const badUrl = await editor.form(path(id, "link"), {
      _csrf: editor.csrf,
      tracker: "github",
      issue: "42",
      url: "javascript:alert(1)",
    });
    expect(badUrl.status).toBe(422);
    expect(await badUrl.text()).toContain("the issue&#39;s URL must start with https://");
    expect(await server.auth.auditLog({ limit: 5 })).not.toContainEqual(
      expect.objectContaining({ target: id }),
    );

    const linked = await editor.form(path(id, "link"), {
      _csrf: editor.csrf,
      tracker: "github",
      issue: "42",
      url: "https://github.com/acme/api/issues/42",
    });
    expect(linked.status).toBe(200);
    const linkedPage = await linked.text();
    expect(linkedPage).toContain(`${id} linked to github issue 42`);
    expect(linkedPage).toContain(
      '<a href="https://github.com/acme/api/issues/42" rel="noreferrer">github 42</a>',
    );
    expect(linkedPage).toContain('<span class="status status-no_target">tracked</span>');

    const dismissed = await editor.form(path(id, "dismiss"), { _csrf: editor.csrf, reason: "seasonal" });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.text()).toContain(
      'dismissed</span><br><a href="https://github.com/acme/api/issues/42"',
    );

    const [dismissal, link] = await server.auth.auditLog({ limit: 2 });
    expect(dismissal).toMatchObject({
      action: "recommendation.dismiss",
      actor: "editor",
      target: id,
      detail: { reason: "seasonal" },
    });
    expect(link).toMatchObject({
      action: "recommendation.link",
      actor: "editor",
      target: id,
      detail: { tracker: "github", issue: "42", url: "https://github.com/acme/api/issues/42" },
    });
  });

  it("lets an editor put someone else in charge, shown as the owner with who assigned it, audited", async () => {
    const editor = new Browser(server.app);
    await editor.login("editor");
    const id = await firstId(editor);
    const nobody = await editor.form(path(id, "assign"), { _csrf: editor.csrf, owner: " " });
    expect(nobody.status).toBe(422);
    expect(await nobody.text()).toContain("Nothing was changed: an assignment needs an owner.");

    const assigned = await editor.form(path(id, "assign"), { _csrf: editor.csrf, owner: "<b>Platform</b>" });
    expect(assigned.status).toBe(200);
    const page = await assigned.text();
    expect(page).toContain(
      `${id} assigned to &lt;b&gt;Platform&lt;/b&gt;: the next sync assigns its issues to them.`,
    );
    expect(page).toMatch(
      /<td>&lt;b&gt;Platform&lt;\/b&gt;<br><span class="meta">assigned by editor on \d{4}-\d{2}-\d{2}<\/span><\/td>/,
    );
    const [entry] = await server.auth.auditLog({ limit: 1 });
    expect(entry).toMatchObject({
      action: "recommendation.assign",
      actor: "editor",
      target: id,
      detail: { owner: "<b>Platform</b>" },
    });
  });
});
