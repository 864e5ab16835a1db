import { z } from "zod";
import {
  errorResponse,
  importHistoryResponse,
  importQuery,
  importResponse,
  kpisQuery,
  metricPath,
  metricQuery,
  metricsQuery,
  reportPath,
  reportQuery,
} from "./api-schemas.ts";
import { assetInventoryResponse, assetsQuery } from "./asset-schemas.ts";
import {
  exceptionActionBody,
  exceptionActionPath,
  exceptionChangeResponse,
  exceptionRegisterResponse,
  exceptionRequestBody,
  exceptionsQuery,
} from "./exception-schemas.ts";
import { web3RegistryQuery, web3RegistryResponse } from "./web3-schemas.ts";

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

function parameters(schema: ObjectSchema, where: "query" | "path") {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    const { description, $schema: _s, ...rest } = json;
    return {
      name,
      in: where,
      required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function body(schema: z.ZodType) {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

const errors = (statuses: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );

const json = (schema: string) => ({
  "application/json": { schema: { $ref: `#/components/schemas/${schema}` } },
});

const READ_ERRORS = { "400": "Invalid parameter", "401": "Not authenticated", "403": "Role too low" };

/** OpenAPI 3.1, generated from the zod schemas the handlers validate with. */
export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "secmetrics API",
      version,
      description:
        "Security KPIs with targets, trends and the records behind them. Authenticate with `Authorization: Bearer <token>` (`secmetrics tokens create`).",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: body(errorResponse),
        ImportOutcome: body(importResponse),
        ImportHistory: body(importHistoryResponse),
        ExceptionRegister: body(exceptionRegisterResponse),
        ExceptionChange: body(exceptionChangeResponse),
        AssetInventory: body(assetInventoryResponse),
        Web3Registry: body(web3RegistryResponse),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/kpis": {
        get: {
          summary: "Every metric for a period: exactly `secmetrics kpis --format json`",
          parameters: parameters(kpisQuery, "query"),
          responses: { "200": { description: "The KPI report" }, ...errors(READ_ERRORS) },
        },
      },
      "/api/v1/metrics/{id}": {
        get: {
          summary: "One metric for a period, with the records behind its value and their provenance",
          parameters: [...parameters(metricPath, "path"), ...parameters(metricQuery, "query")],
          responses: {
            "200": { description: "`metric` (as in /kpis) and `records` (as `secmetrics drill`)" },
            ...errors({ ...READ_ERRORS, "404": "No such metric" }),
          },
        },
      },
      "/api/v1/reports/{kind}": {
        get: {
          summary: "The iteration security-posture report or the monthly scorecard",
          parameters: [...parameters(reportPath, "path"), ...parameters(reportQuery, "query")],
          responses: {
            "200": {
              description: "The report",
              content: { "application/json": {}, "text/markdown": {}, "text/html": {} },
            },
            ...errors(READ_ERRORS),
          },
        },
      },
      "/api/v1/imports": {
        get: {
          summary:
            "Every import, and the latest runs of the scheduled sources with their outcome, counts and error",
          responses: {
            "200": { description: "The import history", content: json("ImportHistory") },
            ...errors(READ_ERRORS),
          },
        },
        post: {
          summary: "Import one file, atomically and idempotently (editor role)",
          parameters: parameters(importQuery, "query"),
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
              },
              "application/octet-stream": { schema: { type: "string", format: "binary" } },
            },
          },
          responses: {
            "201": {
              description: "Imported",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ImportOutcome" } } },
            },
            "200": {
              description: "The same content was imported before: nothing changed",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ImportOutcome" } } },
            },
            ...errors({
              ...READ_ERRORS,
              "413": "File over the server's import size limit",
              "422":
                "Invalid rows (the first 100 as file:line: reason, problem_count all of them) or unknown format; nothing was written",
            }),
          },
        },
      },
      "/api/v1/exceptions": {
        get: {
          summary:
            "The exceptions register in force: each register's latest snapshot, the soonest expiry first, with its state now",
          parameters: parameters(exceptionsQuery, "query"),
          responses: {
            "200": { description: "The register", content: json("ExceptionRegister") },
            ...errors(READ_ERRORS),
          },
        },
        post: {
          summary:
            "Request an exception in the dashboard's register (editor role); another person approves it. Audited",
          requestBody: {
            required: true,
            content: { "application/json": { schema: body(exceptionRequestBody) } },
          },
          responses: {
            "201": {
              description: "Requested: the new snapshot of the register holds it",
              content: json("ExceptionChange"),
            },
            ...errors({
              ...READ_ERRORS,
              "409": "Another change of the register committed at the same moment",
            }),
          },
        },
      },
      "/api/v1/exceptions/{id}/{action}": {
        post: {
          summary:
            "Approve (needs an expiry; never one's own request), reject, revoke, or renew (a later expiry; not by its requester) one of the dashboard's exceptions (editor role). Audited with the entry before and after",
          parameters: parameters(exceptionActionPath, "path"),
          requestBody: {
            required: false,
            content: { "application/json": { schema: body(exceptionActionBody) } },
          },
          responses: {
            "200": {
              description: "Done: the new snapshot of the register holds the change",
              content: json("ExceptionChange"),
            },
            ...errors({
              ...READ_ERRORS,
              "400": "Missing or past expiry, or a renewal that does not move it later",
              "403": "Role too low, or approving or renewing an exception one requested oneself",
              "404": "No such exception in the dashboard's register",
              "409":
                "The status does not allow the action, or the exception is imported from a file (read-only)",
            }),
          },
        },
      },
      "/api/v1/assets": {
        get: {
          summary:
            "The managed inventory in force at the period end and, apart, the period's shadow assets (seen, not in the inventory) with where each was seen",
          parameters: parameters(assetsQuery, "query"),
          responses: {
            "200": { description: "The inventory and the shadow assets", content: json("AssetInventory") },
            ...errors(READ_ERRORS),
          },
        },
      },
      "/api/v1/web3/registry": {
        get: {
          summary:
            "The smart contract deployments registry at the period end by chain, the contracts the period added and removed, and the interface collisions among its ABIs",
          parameters: parameters(web3RegistryQuery, "query"),
          responses: {
            "200": { description: "The registry, its changes and its check", content: json("Web3Registry") },
            ...errors(READ_ERRORS),
          },
        },
      },
      "/metrics": {
        get: {
          summary: "Prometheus text exposition of every metric for the reporting period",
          parameters: parameters(metricsQuery, "query"),
          responses: { "200": { description: "text/plain; version=0.0.4" }, ...errors(READ_ERRORS) },
        },
      },
      "/healthz": {
        get: {
          summary: "Liveness (no authentication)",
          security: [],
          responses: { "200": { description: "ok" } },
        },
      },
    },
  };
}
