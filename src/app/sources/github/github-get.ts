import { SecmetricsError } from "../../../model/errors.ts";
import type { ApiRequest, ApiResponse } from "../../http/api-http.ts";

/** Which stream a request reads, and what a token needs for it (GitHub's REST docs). */
export interface StreamNeeds {
  stream: string;
  scopes: string;
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
    if (error instanceof SecmetricsError && (error.code === "forbidden" || error.code === "not_found"))
      throw new SecmetricsError(
        error.code,
        `${needs.stream}: ${error.message}`,
        `the ${needs.stream} stream needs ${needs.scopes}; ${error.hint ?? ""}`.replace(/; $/, ""),
      );
    throw error;
  }
}
