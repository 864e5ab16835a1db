import type { Context } from "hono";
import type { Logger } from "pino";
import type { Role } from "../model/role.ts";
import type { ApiToken, Session } from "../store/auth-store.ts";

/** Who is asking: a person with a session, or a machine with a bearer token. */
export type Principal =
  | { kind: "session"; name: string; role: Role; session: Session; sessionHash: string }
  | { kind: "token"; name: string; role: Role; token: ApiToken };

export interface AppEnv {
  Variables: {
    principal: Principal | undefined;
    /** True when the client reached us over TLS (directly, or via a trusted proxy). */
    https: boolean;
    clientIp: string;
    log: Logger;
    requestId: string;
    /** Aborts when the client goes away or the request runs out of time. */
    signal: AbortSignal;
  };
}

export type AppContext = Context<AppEnv>;

/** The name the audit log and the logs record for a principal. */
export function actorName(principal: Principal | undefined): string {
  if (!principal) return "anonymous";
  return principal.kind === "token" ? `token:${principal.name}#${principal.token.id}` : principal.name;
}
