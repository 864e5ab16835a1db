/** A stand-in origin: `next` is resolved against it the way a browser resolves a Location. */
const OWN_ORIGIN = "http://secmetrics.invalid";

/**
 * Where a page sends the user next. Only a local path: an open redirect
 * after login would be a phishing aid. Resolved as a browser would (which
 * drops tabs and line breaks and reads `\` as `/`, so `/\t/host` is
 * `//host`), and kept only when it stays on this origin; what comes back is
 * the resolved path, free of those characters.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return "/";
  }
  return url.origin === OWN_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : "/";
}

/** The password page, keeping the page the user asked for (a shared link with its ?period=). */
export function passwordPath(next: string): string {
  return next === "/" ? "/account/password" : `/account/password?next=${encodeURIComponent(next)}`;
}
