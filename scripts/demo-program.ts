/**
 * Northwind Payments' security program data for the demo: the people roster
 * exported on the last day of August, September and October 2026 (20 people
 * in 5 teams), the annual security awareness course assigned on 2026-08-03
 * and due on 2026-09-30, and the HackerOne report export of its bug bounty
 * program (12 reports, August → October). No randomness: the figures follow
 * from the tables below.
 *
 * The storyline: everyone but two completes the course on time (P07 late, on
 * October 5th; P12 never); the Support team has no security champion; in
 * October the program answers one report late, pays one bounty late and
 * leaves a new report unanswered.
 */
import type { DemoFile } from "./demo-operations.ts";

const TEAMS = ["Payments", "Platform", "Risk", "Support", "Data"] as const;
/** One champion in each team but Support. */
const CHAMPIONS = new Set(["P02", "P06", "P08", "P10"]);
/** A contractor: on the roster, out of the training requirement. */
const CONTRACTOR = "P19";
/** Left at the end of August: on the September and October rosters as inactive. */
const LEAVER = "P20";
const COMPLETED_LATE = { person: "P07", at: "2026-10-05" };
const NEVER_COMPLETED = "P12";

const PEOPLE = Array.from({ length: 20 }, (_, index) => {
  const id = `P${String(index + 1).padStart(2, "0")}`;
  return { id, email: `${id.toLowerCase()}@northwind.example`, team: TEAMS[index % TEAMS.length] as string };
});

function roster(month: string, snapshotAt: string): DemoFile {
  const rows = PEOPLE.map(({ id, email, team }) => {
    const active = id !== LEAVER || month === "08";
    return [id, email, team, active, CHAMPIONS.has(id), id !== CONTRACTOR, snapshotAt].join(",");
  });
  return {
    name: `people-2026-${month}.csv`,
    text: ["person_id,email,team,active,security_champion,in_scope,snapshot_at", ...rows, ""].join("\n"),
  };
}

function training(): DemoFile {
  const rows = PEOPLE.map(({ id, email }, index) => {
    const completed =
      id === NEVER_COMPLETED
        ? ""
        : id === COMPLETED_LATE.person
          ? COMPLETED_LATE.at
          : `2026-09-${String(1 + index).padStart(2, "0")}`;
    const status = completed === "" ? "not_started" : "completed";
    return [id, email, "SEC-AWARE-2026", true, "2026-08-03", "2026-09-30", completed, status].join(",");
  });
  return {
    name: "training-2026.csv",
    text: ["person_id,email,course_id,required,assigned_at,due_at,completed_at,status", ...rows, ""].join(
      "\n",
    ),
  };
}

interface DemoReport {
  id: string;
  title: string;
  severity: string;
  state: "open" | "closed";
  substate: string;
  reported: string;
  firstResponse?: string;
  triaged?: string;
  closed?: string;
  awarded?: string;
  bounty?: number;
}

const REPORTS: readonly DemoReport[] = [
  // August
  {
    id: "3100001",
    title: "IDOR on merchant statements",
    severity: "critical",
    state: "closed",
    substate: "resolved",
    reported: "2026-08-04 09:00:00",
    firstResponse: "2026-08-04 11:00:00",
    triaged: "2026-08-05 09:00:00",
    awarded: "2026-08-12 09:00:00",
    closed: "2026-08-20 09:00:00",
    bounty: 5000,
  },
  {
    id: "3100002",
    title: "Missing rate limit on newsletter signup",
    severity: "low",
    state: "closed",
    substate: "informative",
    reported: "2026-08-11 14:00:00",
    firstResponse: "2026-08-12 10:00:00",
    closed: "2026-08-12 10:00:00",
  },
  {
    id: "3100003",
    title: "Reflected XSS in the help centre search",
    severity: "medium",
    state: "closed",
    substate: "resolved",
    reported: "2026-08-18 08:00:00",
    firstResponse: "2026-08-18 12:00:00",
    triaged: "2026-08-19 08:00:00",
    awarded: "2026-08-25 08:00:00",
    closed: "2026-09-02 08:00:00",
    bounty: 750,
  },
  {
    id: "3100004",
    title: "Free gift cards",
    severity: "none",
    state: "closed",
    substate: "spam",
    reported: "2026-08-25 20:00:00",
    firstResponse: "2026-08-26 08:00:00",
    closed: "2026-08-26 08:00:00",
  },
  // September
  {
    id: "3100005",
    title: "SSRF in the webhook tester",
    severity: "high",
    state: "closed",
    substate: "resolved",
    reported: "2026-09-03 10:00:00",
    firstResponse: "2026-09-03 13:00:00",
    triaged: "2026-09-04 10:00:00",
    awarded: "2026-09-12 10:00:00",
    closed: "2026-09-25 10:00:00",
    bounty: 2500,
  },
  {
    id: "3100006",
    title: "SSRF in the webhook tester (again)",
    severity: "high",
    state: "closed",
    substate: "duplicate",
    reported: "2026-09-05 16:00:00",
    firstResponse: "2026-09-06 09:00:00",
    closed: "2026-09-06 09:00:00",
  },
  {
    id: "3100007",
    title: "CSRF on the API key rotation form",
    severity: "medium",
    state: "closed",
    substate: "resolved",
    reported: "2026-09-15 09:00:00",
    firstResponse: "2026-09-15 17:00:00",
    triaged: "2026-09-16 12:00:00",
    awarded: "2026-09-24 09:00:00",
    closed: "2026-10-06 09:00:00",
    bounty: 800,
  },
  {
    id: "3100008",
    title: "Clickjacking on the marketing site",
    severity: "low",
    state: "closed",
    substate: "not-applicable",
    reported: "2026-09-22 11:00:00",
    firstResponse: "2026-09-23 09:00:00",
    closed: "2026-09-23 09:00:00",
  },
  // October
  {
    id: "3100009",
    title: "Account takeover via password reset token reuse",
    severity: "high",
    state: "closed",
    substate: "resolved",
    reported: "2026-10-02 09:00:00",
    firstResponse: "2026-10-02 15:00:00",
    triaged: "2026-10-03 09:00:00",
    awarded: "2026-10-10 09:00:00",
    closed: "2026-10-20 09:00:00",
    bounty: 1500,
  },
  {
    id: "3100010",
    title: "Password reset token reuse",
    severity: "high",
    state: "closed",
    substate: "duplicate",
    reported: "2026-10-08 10:00:00",
    firstResponse: "2026-10-09 16:00:00",
    closed: "2026-10-09 16:00:00",
  },
  {
    id: "3100011",
    title: "Stored XSS in merchant display names",
    severity: "medium",
    state: "open",
    substate: "triaged",
    reported: "2026-10-14 12:00:00",
    firstResponse: "2026-10-14 14:00:00",
    triaged: "2026-10-15 12:00:00",
    awarded: "2026-10-30 12:00:00",
    bounty: 500,
  },
  {
    id: "3100012",
    title: "Open redirect on the login page",
    severity: "low",
    state: "open",
    substate: "new",
    reported: "2026-10-28 08:00:00",
  },
];

const utc = (time: string | undefined) => (time === undefined ? "" : `${time} UTC`);

function hackerone(): DemoFile {
  const rows = REPORTS.map((r) =>
    [
      r.id,
      r.title,
      r.severity,
      r.state,
      r.substate,
      utc(r.reported),
      utc(r.firstResponse),
      utc(r.triaged),
      utc(r.closed),
      utc(r.awarded),
      r.bounty === undefined ? "" : r.bounty.toFixed(1),
      "",
    ].join(","),
  );
  return {
    name: "hackerone-reports-2026-10.csv",
    text: [
      "id,title,severity_rating,state,substate,reported_at,first_response_at,triaged_at,closed_at,awarded_at,bounty,bonus",
      ...rows,
      "",
    ].join("\n"),
  };
}

/** The program files, in import order: the rosters, the training records, the bug bounty export. */
export function programFiles(): DemoFile[] {
  return [
    roster("08", "2026-08-31T23:00:00Z"),
    roster("09", "2026-09-30T23:00:00Z"),
    roster("10", "2026-10-31T23:00:00Z"),
    training(),
    hackerone(),
  ];
}
