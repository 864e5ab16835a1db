import type { Priority } from "./recommendation.ts";

/** One finding an upgrade fixes, as its issue lists it. */
export interface UpgradeFinding {
  /** The drill-down's record id: target, finding identity and occurrence. */
  id: string;
  vulnerability_id: string;
  severity: string | null;
  /** The day it is due, absolute, so that the issue changes only when its list does. */
  due: string | null;
  /** The version the scanner says fixes it; null: none known. */
  fixed_version: string | null;
}

/**
 * One upgrade a vulnerability recommendation splits into: one package on one
 * target (and manifest or location) raised to the highest version the
 * scanner says fixes its findings, or, when the scanner knows no fix, that
 * package's findings under "no fix available". Filed as an issue of its own, so that closing it means
 * one thing was done.
 */
export interface UpgradePiece {
  /** `upgrade:<target>[:<location>]:<package>`, `@no-fix` added for its findings without a fix: the same whatever the period, its findings or their fixed versions. */
  id: string;
  /** The recommendations whose records it fixes, highest ranked first. */
  parent_ids: string[];
  target: string;
  /** The manifest or location within the target, when it is not the target itself. */
  location: string | null;
  package: string;
  /** The highest of its findings' fixed versions; null: no fix available yet. */
  fixed_version: string | null;
  title: string;
  /** The highest-ranked parent's. */
  priority: Priority;
  owner: string | null;
  /** Still open, most urgent first. */
  findings: UpgradeFinding[];
}
