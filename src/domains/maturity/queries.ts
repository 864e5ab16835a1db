import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { MATURITY_ANSWER, type MaturityAnswer } from "./records.ts";

/** Every answer given before `at`: each scope's history, for its latest assessment and the one before. */
export function answersBefore(store: Store, at: number): Promise<Stored<MaturityAnswer>[]> {
  return store.records<MaturityAnswer>(MATURITY_ANSWER.kind, { start: Number.MIN_SAFE_INTEGER, end: at });
}
