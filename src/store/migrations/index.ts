import type { NamedMigration } from "../migration.ts";
import * as core from "./0001-core.ts";
import * as findings from "./0002-findings.ts";
import * as events from "./0003-events.ts";
import * as auth from "./0004-auth.ts";
import * as alertTallyIndex from "./0005-alert-tally-index.ts";
import * as tlsHandshakes from "./0006-tls-handshakes.ts";
import * as importOptions from "./0009-import-options.ts";
import * as uniqueImportHash from "./0010-unique-import-hash.ts";
import * as trackerLinks from "./0024-tracker-links.ts";
import * as notifications from "./0027-notifications.ts";
import * as quarterlyReviews from "./0029-quarterly-reviews.ts";
import * as sourceRuns from "./0033-source-runs.ts";
import * as trustAccess from "./0034-trust-access.ts";
import * as connectorCursors from "./0036-connector-cursors.ts";
import * as recommendationAssignments from "./0046-recommendation-assignments.ts";
import * as uncheckedImportIds from "./0050-unchecked-import-ids.ts";

/**
 * The store's history up to the domain packs: the core's imports table and
 * the tables of the first domains. Never edit one that has shipped; a
 * domain's new tables come in migrations of its own pack. A later change to
 * the core's own tables (the imports' options) is named to sort after the
 * packs' migrations that shipped before it.
 */
export const CORE_MIGRATIONS: readonly NamedMigration[] = [
  ["0001-core", core],
  ["0002-findings", findings],
  ["0003-events", events],
  ["0004-auth", auth],
  ["0005-alert-tally-index", alertTallyIndex],
  ["0006-tls-handshakes", tlsHandshakes],
  ["0009-import-options", importOptions],
  ["0010-unique-import-hash", uniqueImportHash],
  ["0024-tracker-links", trackerLinks],
  ["0027-notifications", notifications],
  ["0029-quarterly-reviews", quarterlyReviews],
  ["0033-source-runs", sourceRuns],
  ["0034-trust-access", trustAccess],
  ["0036-connector-cursors", connectorCursors],
  ["0046-recommendation-assignments", recommendationAssignments],
  ["0050-unchecked-import-ids", uncheckedImportIds],
];
