import { type DraftOptions, finishDraft, issueMarker } from "./issue-draft.ts";
import type { IssueDraft } from "./tracker-issue.ts";
import type { UpgradePiece } from "./upgrade-piece.ts";

/**
 * The issue of one upgrade: what to raise to what, where; the findings it
 * fixes, each CVE a line with its severity and due day (no relative "days
 * past due", so that the issue is updated only when its list changes);
 * the recommendations it is part of; how it is verified; the marker.
 */
export function upgradeDraft(piece: UpgradePiece, options: DraftOptions): IssueDraft {
  const findings = piece.findings.length === 1 ? "1 finding" : `${piece.findings.length} findings`;
  const where = `\`${piece.target}\`${piece.location ? ` (\`${piece.location}\`)` : ""}`;
  const what = piece.fixed_version
    ? `Upgrade **${piece.package}** to **${piece.fixed_version}** (the highest fixed version the scanner reports for them) in ${where}: it fixes ${findings}.`
    : `No fix available yet for **${piece.package}** in ${where}: the scanner reports no fixed version for its ${findings}. Mitigate, replace the package, or record an exception; this issue is updated once a fix is known.`;
  const body = [
    `**${piece.priority} priority** · ${piece.fixed_version ? "upgrade" : "no fix available"} · owner ${piece.owner ?? "none"}`,
    "",
    what,
    "",
    ...piece.findings.map(
      (f) =>
        `- ${f.vulnerability_id}${f.severity ? ` — ${f.severity}` : ""}${f.due ? `, due ${f.due}` : ""}${
          f.fixed_version && f.fixed_version !== piece.fixed_version ? `, fixed in ${f.fixed_version}` : ""
        }`,
    ),
    "",
    `**Part of:** ${piece.parent_ids.map((id) => `\`${id}\``).join(", ")}`,
    "",
    "Closing this issue marks the upgrade done; secmetrics verifies it when a later scan no longer finds these findings on the target.",
    "",
    issueMarker(piece.id),
  ].join("\n");
  return finishDraft(piece.id, piece.title, body, piece.owner, options);
}
