import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Request logs carry method, path (no query), status,
 * duration, user and client IP, never headers or bodies; the redaction list
 * is the second line of defence should anything log a request, a header map
 * or credentials anyway.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "headers.authorization",
  "headers.cookie",
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "csrf",
  "*.password",
  "*.token",
  "*.secret",
  "*.csrf",
  "*.authorization",
  "*.cookie",
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.SECMETRICS_LOG_LEVEL ?? "info",
      base: { service: "secmetrics" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    options.destination,
  );
}
