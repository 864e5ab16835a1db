import { changeException } from "../app/exception-change.ts";
import type { ExceptionFields } from "../app/exception-input.ts";
import { exceptionAction } from "../app/exception-input.ts";
import { changedEntry, type RegisterEntry } from "../app/exception-register.ts";
import { type AppContext, actorName } from "./context.ts";
import type { Services } from "./services.ts";

export interface ChangedException {
  action: string;
  id: string;
  snapshot_at: string;
  import_id: number;
  exception: RegisterEntry;
}

/**
 * One action on the register from the page or the API, by the request's
 * principal: the rules, the snapshot and the audit entry are the app's
 * (`changeException`), the same the CLI runs.
 */
export async function actOnException(
  services: Services,
  c: AppContext,
  name: string,
  id: string | undefined,
  fields: ExceptionFields,
): Promise<ChangedException> {
  const action = exceptionAction(name, id, fields, services.config.timezone);
  const change = await changeException(services.store, action, {
    actor: actorName(c.get("principal")),
    now: services.now(),
    ip: c.get("clientIp"),
  });
  return {
    action: change.action,
    id: change.id,
    snapshot_at: new Date(change.snapshot_at).toISOString(),
    import_id: change.import_id,
    exception: await changedEntry(services.store, change),
  };
}
