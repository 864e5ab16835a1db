/**
 * Where a page sends the user next. Only a local path: an open redirect
 * after login would be a phishing aid.
 */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

/** The password page, keeping the page the user asked for (a shared link with its ?period=). */
export function passwordPath(next: string): string {
  return next === "/" ? "/account/password" : `/account/password?next=${encodeURIComponent(next)}`;
}
