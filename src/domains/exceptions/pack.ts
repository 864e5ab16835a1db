import type { DomainPack } from "../domain-pack.ts";
import { exceptionCounts } from "./compute.ts";
import { unregisteredExceptionsAt } from "./coverage.ts";
import { exceptionDrill } from "./drill.ts";
import { EXCEPTIONS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { EXCEPTION, type RiskException } from "./records.ts";

/** Risk and compliance exceptions: each register's latest snapshot before the period end. */
export const exceptions: DomainPack = {
  id: "exceptions",
  recordKinds: [EXCEPTION],
  migrations: MIGRATIONS,
  metrics: EXCEPTIONS_METRICS,
  families: [
    {
      metrics: ["open_exceptions", "exceptions_expiring_30d", "expired_exceptions"],
      kinds: [EXCEPTION.kind],
      async dataEnd(store) {
        const at = await store.latestRecord(EXCEPTION.kind);
        return at === null ? null : { at, record: "exceptions register" };
      },
      async compute(store, { period }) {
        const exceptions = await store.snapshot<RiskException>(EXCEPTION.kind, period.end);
        const unregistered = await unregisteredExceptionsAt(store, exceptions, period.end);
        return exceptionCounts(exceptions, period.end, unregistered);
      },
      drill: exceptionDrill,
    },
  ],
};
