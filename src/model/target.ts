/**
 * What a metric's value is measured in and the value it aims for: the part
 * of a metric definition that formatting and charts need, kept here so they
 * do not depend on the catalog.
 */
export type Unit = "seconds" | "percent" | "count" | "per_day";

export interface Target {
  op: "<" | "<=" | "==" | ">=" | ">";
  value: number;
}
