import { SecmetricsError } from "../../model/errors.ts";
import type { ApiRequest } from "./api-http.ts";

/**
 * The same requests, with a refusal (401, 403) saying what the credential
 * needs: an API's own message rarely names the permission it checks.
 */
export function requiring(request: ApiRequest, permission: string): ApiRequest {
  return async (...args) => {
    try {
      return await request(...args);
    } catch (error) {
      if (error instanceof SecmetricsError && error.code === "forbidden")
        throw new SecmetricsError(
          "forbidden",
          `${error.message}; it needs ${permission}`,
          `give it ${permission}`,
        );
      throw error;
    }
  };
}
