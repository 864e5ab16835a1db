import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.ts";
import * as core from "./0001-core.ts";
import * as findings from "./0002-findings.ts";
import * as events from "./0003-events.ts";
import * as auth from "./0004-auth.ts";
import * as alertTallyIndex from "./0005-alert-tally-index.ts";
import * as tlsHandshakes from "./0006-tls-handshakes.ts";

export interface Migration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Applied in this order, each once; never edit one that has shipped, add the next. */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ["0001-core", core],
  ["0002-findings", findings],
  ["0003-events", events],
  ["0004-auth", auth],
  ["0005-alert-tally-index", alertTallyIndex],
  ["0006-tls-handshakes", tlsHandshakes],
];
