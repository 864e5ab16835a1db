import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { importFile } from "../app/import-file.ts";
import { generateToken, hashPassword, sha256 } from "../auth/secrets.ts";
import { parseConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Role } from "../model/role.ts";
import { createServer, type ServerDeps } from "../server/create-server.ts";
import { createLogger } from "../server/logger.ts";
import { type AuthStore, createAuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES, type TestEngine } from "./engines.ts";

/** 2026-10-02T08:00Z: September 2026 is the last complete month. */
export const TEST_NOW = Date.UTC(2026, 9, 2, 8);
export const TEST_PERIOD = "2026-09";
export const PASSWORD = "correct horse battery staple";

export const INCIDENTS_CSV = `id,title,severity,started_at,detected_at,responded_at,recovered_at,synthetic
INC-1,Phishing,SEV2,2026-09-02T10:00:00Z,2026-09-02T10:06:00Z,2026-09-02T10:26:00Z,2026-09-02T12:00:00Z,false
INC-2,Exposed key,P0,2026-09-10T08:00:00Z,2026-09-10T08:04:00Z,,,false
INC-3,Drill,SEV3,2026-09-15T09:00:00Z,2026-09-15T09:01:00Z,2026-09-15T09:05:00Z,2026-09-15T09:30:00Z,true
INC-4,Malware,SEV2,2026-08-05T10:00:00Z,2026-08-05T10:03:00Z,2026-08-05T10:30:00Z,2026-08-05T16:00:00Z,false
`;

export const ALERTS_NDJSON = [
  { id: "A1", created_at: "2026-09-02T10:05:00Z", disposition: "true_positive", incident_id: "INC-1" },
  { id: "A2", created_at: "2026-09-03T10:05:00Z", disposition: "false_positive" },
  { id: "A3", created_at: "2026-09-04T10:05:00Z", disposition: "open" },
]
  .map((a) => JSON.stringify(a))
  .join("\n");

export const BAD_CSV = "id,detected_at,severity\nX-1,2026-09-01T00:00:00Z,high\nX-2,yesterday,urgent\n";

export const TEST_CONFIG: Config = parseConfig(
  { organisation: "Test Org", categories: { detection_response: { owner: "SecOps" } } },
  "test config",
);

export interface TestServer {
  app: ReturnType<typeof createServer>;
  store: Store;
  auth: AuthStore;
  tokens: Record<Role, string>;
  logs: string[];
  deps: ServerDeps;
}

/** The server over `store` with the sample data imported, a user and a token per role. */
export async function buildTestServer(
  store: Store,
  overrides: Partial<ServerDeps> = {},
): Promise<TestServer> {
  for (const [name, content] of [
    ["incidents.csv", INCIDENTS_CSV],
    ["alerts.ndjson", ALERTS_NDJSON],
  ] as const) {
    await importFile(store, {
      source: bufferSource(name, content),
      options: { timezone: "UTC" },
      now: TEST_NOW - 3600_000,
    });
  }
  const auth = createAuthStore(store);
  const hash = await hashPassword(PASSWORD);
  const tokens = {} as Record<Role, string>;
  for (const role of ["viewer", "editor", "admin"] as const) {
    const user = await auth.addUser({ name: role, role, password_hash: hash, now: TEST_NOW });
    await auth.setPassword(user.id, hash, false, TEST_NOW);
    tokens[role] = generateToken();
    await auth.createToken({
      name: `${role}-token`,
      role,
      token_hash: sha256(tokens[role]),
      created_by: "test",
      now: TEST_NOW,
    });
  }
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const deps: ServerDeps = {
    store,
    auth,
    config: TEST_CONFIG,
    logger: createLogger({ destination }),
    now: () => TEST_NOW,
    chromium: null,
    ...overrides,
  };
  return { app: createServer(deps), store, auth, tokens, logs, deps };
}

/** A cookie jar good enough for one user's requests in a test. */
export class Browser {
  csrf = "";

  constructor(
    private readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> },
    private readonly cookies = new Map<string, string>(),
  ) {}

  /** The same user, with the same cookies, on another server (of the same store). */
  on(app: Browser["app"]): Browser {
    return new Browser(app, this.cookies);
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await this.app.request(`http://localhost${path}`, {
      ...init,
      headers,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (!name) continue;
      if (/max-age=0/i.test(cookie) || value.join("=") === "") this.cookies.delete(name);
      else this.cookies.set(name, value.join("="));
    }
    return response;
  }

  async page(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await this.request(path, { headers: { accept: "text/html" } });
    const html = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: response.status, html, response };
  }

  form(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Logs in through the form, as a person would; `next` is the page the login page was sent to. */
  async login(name: string, password = PASSWORD, next = "/"): Promise<Response> {
    await this.page("/login");
    const response = await this.form("/login", { _csrf: this.csrf, name, password, next });
    this.csrf = "";
    return response;
  }
}

/**
 * The test server of the enclosing `describe` block: built over a fresh store
 * (SQLite unless another engine is given) before its tests, and the store
 * removed after them. `ready` receives it, for the block's own variable.
 */
export function serverForSuite(
  ready: (server: TestServer) => void,
  engine: TestEngine = ENGINES[0] as TestEngine,
  overrides: Partial<ServerDeps> = {},
): void {
  let dispose = async () => {};
  beforeAll(async () => {
    const created = await createTestStore(engine);
    dispose = created.dispose;
    ready(await buildTestServer(created.store, overrides));
  });
  afterAll(() => dispose());
}
