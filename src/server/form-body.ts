import type { BodyData } from "hono/utils/body";
import { SecmetricsError } from "../model/errors.ts";
import type { AppContext } from "./context.ts";

/**
 * The urlencoded or multipart body as fields (Hono keeps it for later reads;
 * another content type reads as no field). A multipart body that its
 * boundary does not frame is the client's mistake: 400 with the reason.
 */
export async function readForm(c: AppContext): Promise<BodyData> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    // What fetch's formData() throws on a body it cannot split into parts.
    if (!(error instanceof TypeError)) throw error;
    const type = c.req.header("content-type") ?? "";
    throw new SecmetricsError(
      "invalid_argument",
      /;\s*boundary=/i.test(type)
        ? "the multipart body does not match the boundary its Content-Type names"
        : "the multipart Content-Type names no boundary, so its parts cannot be found",
      "let the client build the multipart body (curl -F file=@<path>), or send the file as the raw body",
    );
  }
}
