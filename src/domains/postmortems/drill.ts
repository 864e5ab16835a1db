import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import {
  coveragePolicy,
  coverageVerdict,
  isInPeriod,
  isProductionIncident,
  isSignificant,
  lastRead,
  postmortemsByEvent,
  repeatedCauses,
} from "./compute.ts";
import { incidentsOf, latestPostmortems } from "./queries.ts";
import type { Postmortem } from "./records.ts";

/**
 * The records behind a post-mortem metric, by the verdicts of its value:
 * for coverage the period's significant incidents (covered ones counted),
 * for repeats the period's post-mortems (those repeating a cause counted),
 * for control effectiveness each control review (effective ones counted).
 */
export async function postmortemDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const latest = await latestPostmortems(store);
  const byEvent = postmortemsByEvent(latest);
  const all = [...byEvent.values()];
  const ofPeriod = all.filter((postmortem) => isInPeriod(postmortem, period)).sort((a, b) => a.date - b.date);
  let rows: DrillRow[];
  if (metricId === "postmortem_coverage") {
    const policy = coveragePolicy(config);
    const incidents = (await incidentsOf(store, period)).filter((incident) =>
      isSignificant(incident, policy),
    );
    rows = incidents.map((incident) => {
      const postmortem = byEvent.get(incident.external_id);
      const verdict = coverageVerdict(incident, postmortem, policy, lastRead(latest));
      return recordRow(
        incident,
        incident.detected_at,
        {
          title: incident.title,
          severity: incident.severity,
          verdict,
          postmortem: postmortem?.file ?? null,
          status: postmortem?.status ?? null,
          published_at: iso(postmortem?.published_at ?? null),
        },
        verdict === "covered",
        verdict === "covered" ? null : verdict,
      );
    });
  } else if (metricId === "repeat_root_causes") {
    rows = ofPeriod.map((postmortem) => {
      const repeated = repeatedCauses(postmortem, all);
      return recordRow(
        postmortem,
        postmortem.date,
        postmortemFields(postmortem, { repeated: repeated.join(", ") || null }),
        repeated.length > 0,
        repeated.length > 0 ? null : "no cause named in the year before",
      );
    });
  } else {
    rows = ofPeriod.flatMap((postmortem) =>
      postmortem.controls_reviewed.map((review) => ({
        ...recordRow(
          postmortem,
          postmortem.date,
          postmortemFields(postmortem, { control: review.control, result: review.result }),
          review.result === "effective",
          review.result === "effective" ? null : review.result,
        ),
        id: `${postmortem.external_id} ${review.control}`,
      })),
    );
  }
  return rows.slice(0, limit + 1);
}

function postmortemFields(postmortem: Postmortem, fields: DrillRow["fields"]): DrillRow["fields"] {
  return {
    event: postmortem.event,
    title: postmortem.title,
    status: postmortem.status,
    file: postmortem.file,
    root_causes: postmortem.root_causes.map((cause) => cause.category).join(", "),
    ...fields,
  };
}

/** The period's near-misses (counted) and production incidents (the denominator); rehearsals left out. */
export async function nearMissDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const events = (await incidentsOf(store, period)).filter(
    (event) => event.event_kind === "near_miss" || isProductionIncident(event),
  );
  return events.slice(0, limit + 1).map((event) => {
    const nearMiss = event.event_kind === "near_miss";
    return recordRow(
      event,
      event.detected_at,
      { title: event.title, kind: event.event_kind, severity: event.severity },
      nearMiss,
      nearMiss ? null : "a production incident: the denominator",
    );
  });
}
