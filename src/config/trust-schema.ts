import { z } from "zod";

/** A calendar date or an instant, as YAML gives it (text), to epoch milliseconds; a bare date is UTC midnight. */
const instant = z
  .string()
  .describe("ISO date (2027-06-30) or date-time with an offset (2027-06-30T00:00:00Z).")
  .transform((text, ctx) => {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
    const at = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(iso) ? Date.parse(iso) : Number.NaN;
    if (Number.isNaN(at)) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not an ISO date or a date-time with an offset` });
      return z.NEVER;
    }
    return at;
  });

/** Ids become URL path segments: lowercase letters, digits and dashes only, so no id can escape its folder. */
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "use lowercase letters, digits and dashes (at most 64)");

const httpsUrl = z.url({ protocol: /^https$/ }).describe("An https:// URL.");

const CERTIFICATION_STATUSES = ["started", "in_progress", "attested"] as const;
const DOCUMENT_VISIBILITIES = ["public", "nda", "private"] as const;

const certification = z
  .object({
    framework: z.string().min(1).describe("SOC 2 Type II, ISO/IEC 27001:2022, …"),
    status: z.enum(CERTIFICATION_STATUSES),
    auditor: z.string().min(1).optional(),
    valid_from: instant.optional(),
    valid_until: instant.optional().describe("Past this instant the certification is shown as expired."),
    report: slug.optional().describe("The id of the document that holds the audit report."),
  })
  .strict()
  .refine((c) => c.status !== "attested" || (c.valid_from !== undefined && c.valid_until !== undefined), {
    message: "an attested certification needs valid_from and valid_until",
  })
  .refine((c) => c.valid_from === undefined || c.valid_until === undefined || c.valid_from < c.valid_until, {
    message: "valid_until must come after valid_from",
  });

const trustDocument = z
  .object({
    id: slug.describe("The document's URL name."),
    title: z.string().min(1),
    file: z.string().min(1).describe("Path of the file, relative to trust.yaml."),
    visibility: z
      .enum(DOCUMENT_VISIBILITIES)
      .describe("public: anyone; nda: after an approved access request; private: listed to editors only."),
  })
  .strict();

const securityTxt = z
  .object({
    contact: z
      .array(z.string().regex(/^(mailto:|tel:|https:\/\/)\S+$/, "a mailto:, tel: or https:// URI"))
      .min(1),
    expires: instant.describe("When the published security.txt expires: less than a year after each build."),
    encryption: httpsUrl.optional(),
    policy: httpsUrl.optional(),
    acknowledgments: httpsUrl.optional(),
    preferred_languages: z.array(z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/)).optional(),
    hiring: httpsUrl.optional(),
  })
  .strict();

export const trustSchema = z
  .object({
    company: z.string().min(1),
    url: httpsUrl.describe(
      "Where the trust center is published; security.txt's Canonical is <url>/.well-known/security.txt.",
    ),
    contact: z
      .object({ email: z.email(), url: httpsUrl.optional() })
      .strict()
      .describe("Where customers ask about security."),
    overview: z.string().optional().describe("A paragraph at the top of the trust center."),
    certifications: z.array(certification).default([]),
    documents: z.array(trustDocument).default([]),
    faqs: z.array(z.object({ question: z.string().min(1), answer: z.string().min(1) }).strict()).default([]),
    subprocessors: z
      .array(
        z
          .object({ name: z.string().min(1), purpose: z.string().min(1), location: z.string().min(1) })
          .strict(),
      )
      .default([]),
    metrics: z
      .array(
        z
          .object({
            id: z.string().min(1).describe("A metric id of the catalog."),
            wording: z
              .string()
              .min(1)
              .describe('The public claim: "critical vulnerabilities patched within SLA".'),
          })
          .strict(),
      )
      .default([]),
    security_txt: securityTxt,
    nda: z
      .object({
        text: z.string().min(1).describe("The terms a requester accepts before NDA documents are shared."),
        link_days: z.number().int().min(1).max(90).default(14).describe("How long an access link works."),
      })
      .strict()
      .default({
        text: "The documents shared with you are confidential and may not be disclosed to third parties.",
        link_days: 14,
      }),
  })
  .strict()
  .superRefine((trust, ctx) => {
    const ids = new Set<string>();
    trust.documents.forEach((document, index) => {
      if (ids.has(document.id))
        ctx.addIssue({ code: "custom", path: ["documents", index, "id"], message: `"${document.id}" twice` });
      ids.add(document.id);
    });
    trust.certifications.forEach((certification, index) => {
      if (certification.report !== undefined && !ids.has(certification.report))
        ctx.addIssue({
          code: "custom",
          path: ["certifications", index, "report"],
          message: `no document "${certification.report}"`,
        });
    });
  });

export type TrustCenter = z.output<typeof trustSchema>;
export type TrustDocument = TrustCenter["documents"][number];
export type Certification = TrustCenter["certifications"][number];

/** Where the published security.txt says it lives (its Canonical): under the trust center's URL. */
export function canonicalUrl(trust: Pick<TrustCenter, "url">): string {
  return `${trust.url.replace(/\/+$/, "")}/.well-known/security.txt`;
}
