import type { PageShell } from "./views/layout.ts";

/**
 * The rendered shells (`pageShell`: the page less who is asking) of the pages
 * drawn from one computed report, per path. Keyed by the report object
 * itself: the KPI service hands out the same object for a (period, data
 * version) while it caches it, and a new one after an import, after its TTL
 * or, with the cache off, for every computation (shared only by the requests
 * that shared it), so a shell is exactly as fresh as the figures it shows and
 * goes with them.
 */
export class PageShells {
  private readonly shells = new WeakMap<object, Map<string, PageShell>>();

  get(report: object, path: string, render: () => PageShell): PageShell {
    let byPath = this.shells.get(report);
    if (!byPath) {
      byPath = new Map();
      this.shells.set(report, byPath);
    }
    let shell = byPath.get(path);
    if (!shell) {
      shell = render();
      byPath.set(path, shell);
    }
    return shell;
  }
}
