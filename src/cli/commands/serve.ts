import { Command } from "commander";

export const serveCommand = new Command("serve")
  .description("the dashboard, the JSON API and /metrics on the configured store")
  .option("--port <port>", "TCP port", "8080")
  .option("--host <host>", "address to listen on (default: loopback only)", "127.0.0.1")
  .option("--trust-proxy", "behind a reverse proxy: trust X-Forwarded-For and X-Forwarded-Proto")
  .option("--tls-cert <file>", "PEM certificate: serve HTTPS (with --tls-key)")
  .option("--tls-key <file>", "PEM private key")
  .option("--max-import-mb <n>", "largest file POST /api/v1/imports accepts", "50")
  .option(
    "--trust <file>",
    "the trust center served at /trust (default: trust.yaml beside the config, if any)",
  )
  .action(async (options, command) => (await import("./serve-action.ts")).runServe(options, command));
