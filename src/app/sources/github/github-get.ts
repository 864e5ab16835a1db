import { SecmetricsError } from "../../../model/errors.ts";
import type { ApiRequest, ApiResponse } from "../../http/api-http.ts";

/** Which stream a request reads, and what a token needs for it (GitHub's REST docs). */
export interface StreamNeeds {
  stream: string;
  scopes: string;
  /** What GitHub's 404 says when the feature is off, and what to do then. */
  disabled?: { message: RegExp; hint: string } | undefined;
}

/** A page, or 304 when the ETag still holds; a refusal says what the stream needs of the token. */
export async function githubGet(
  request: ApiRequest,
  needs: StreamNeeds,
  url: string,
  etag: string | null,
): Promise<ApiResponse> {
  try {
    return await request("GET", url, undefined, [304], etag ? { "if-none-match": etag } : {});
  } catch (error) {
    const disabled = needs.disabled;
    if (
      error instanceof SecmetricsError &&
      error.code === "not_found" &&
      disabled?.message.test(error.message)
    )
      throw new SecmetricsError("not_found", `${needs.stream}: ${error.message}`, disabled.hint);
    if (error instanceof SecmetricsError && (error.code === "forbidden" || error.code === "not_found"))
      throw new SecmetricsError(
        error.code,
        `${needs.stream}: ${error.message}`,
        `the ${needs.stream} stream needs ${needs.scopes}; ${error.hint ?? ""}`.replace(/; $/, ""),
      );
    throw error;
  }
}
