import { z } from "zod";

/**
 * How SAMM maturity scores are read: the named levels a score falls in, the
 * target of each practice, and how much each business function weighs in
 * the roadmap's order. The config validates it and the maturity pack
 * applies it, so it lives here, below both.
 */

/** A level from its lower bound (inclusive) up to the next band's. */
export interface MaturityBand {
  level: string;
  from: number;
}

/**
 * SAMM's levels 1–3 are reached by a stream's answers summing to 1, 2 and 3;
 * the five named bands split that scale so that an ad-hoc start (under 0.5)
 * reads apart from a first level mostly in place, and the top band needs
 * nearly every activity at its fullest.
 */
export const DEFAULT_MATURITY_BANDS: readonly MaturityBand[] = [
  { level: "Initial", from: 0 },
  { level: "Developing", from: 0.5 },
  { level: "Defined", from: 1.5 },
  { level: "Managed", from: 2.25 },
  { level: "Optimizing", from: 2.75 },
];

/** Without targets of its own, every practice aims at the Defined band. */
export const DEFAULT_MATURITY_TARGETS = { default: "Defined" } as const;

const score = z.number().min(0).max(3);

export const maturitySchema = z
  .object({
    bands: z
      .array(z.object({ level: z.string().min(1), from: score }).strict())
      .min(1)
      .default([...DEFAULT_MATURITY_BANDS])
      .refine((bands) => bands[0]?.from === 0, "the first band starts at 0")
      .refine(
        (bands) => bands.every((band, i) => i === 0 || band.from > (bands[i - 1] as MaturityBand).from),
        "bands ascend: each starts above the one before",
      )
      .describe("The named levels of the 0–3 practice score, each from its lower bound (inclusive)."),
    targets: z
      .record(z.string().min(1), z.union([score, z.string().min(1)]))
      .default({ ...DEFAULT_MATURITY_TARGETS })
      .describe(
        "The target of each practice by its SAMM code (`G-SM`, `D-TA`) or `default`: a score (0–3) or a band's level, which means its lower bound.",
      ),
    function_weights: z
      .record(z.string().min(1), z.number().positive())
      .default({})
      .describe(
        "The roadmap's weight of each business function (Governance, Design, Implementation, Verification, Operations); 1 when not given.",
      ),
  })
  .strict()
  .superRefine((maturity, ctx) => {
    const levels = new Set(maturity.bands.map((band) => band.level));
    for (const [practice, target] of Object.entries(maturity.targets))
      if (typeof target === "string" && !levels.has(target))
        ctx.addIssue({
          code: "custom",
          path: ["targets", practice],
          message: `"${target}" is not one of the bands' levels (${[...levels].join(", ")})`,
        });
  })
  .default({
    bands: [...DEFAULT_MATURITY_BANDS],
    targets: { ...DEFAULT_MATURITY_TARGETS },
    function_weights: {},
  })
  .describe("SAMM maturity: the levels scores are named by, the targets, and the roadmap's weights.");

export type MaturityConfig = z.infer<typeof maturitySchema>;
